import MiniSearch, { type Query, type SearchOptions } from "minisearch";
import pluralize from "pluralize";
import { EVERYDAY_TERMS } from "./everydayTerms.js";
import { descriptionChain, titleHead, titleOf } from "./productTitle.js";
import { formatHts } from "../common/htsCode.js";
import { truncateAtWord } from "../common/wordTruncate.js";
import { descriptionToText } from "../sources/chapter99Text.js";
import type { HtsCatalog } from "./htsCatalog.js";
import type { HtsEdition } from "./htsTree.js";

/** One answer of `/api/hts/search`. */
export interface HtsSearchHit {
  /** Dotted code: 8703, 8703.80, 8703.80.00, 8703.80.00.20. */
  code: string;
  /** A readable title built from the line and its ancestors (`titleOf`): "Sweaters, of cotton, men's". */
  title: string;
  description: string;
  /** The descriptions of its ancestors, root first (shortened at a word boundary). */
  path: string[];
  /** Number of digits (4, 6, 8 or 10). */
  level: number;
  /** In the latest edition (false: a discontinued statistical line, `lastEdition` says until when). */
  current: boolean;
  lastEdition: string;
}

export interface HtsSearchResult {
  query: string;
  mode: "code" | "words";
  /** Matches in all (only the first `limit` are listed). */
  total: number;
  hits: HtsSearchHit[];
  edition: string;
}

interface Entry {
  id: number;
  digits: string;
  title: string;
  /** The naming words at the head of the title (`titleHead`). */
  head: string;
  own: string;
  path: string[];
  current: boolean;
  lastEdition: string;
  depth: number;
}

/** Words that carry no meaning in a tariff description ("other", "nesoi") or in a query. */
const STOP = new Set([
  "of",
  "and",
  "the",
  "or",
  "for",
  "with",
  "other",
  "than",
  "not",
  "in",
  "to",
  "a",
  "an",
  "by",
  "its",
  "on",
  "whether",
  "nesoi",
  "etc",
  "their",
  "from",
]);

/**
 * Index and query terms: lower case, accents removed, stop words dropped, plurals made singular ("batteries" →
 * "battery"). Only plurals: tariff text distinguishes "electric" from "electrical", "steel" from "steels".
 */
function processTerm(term: string): string | null {
  let out = termMemo.get(term);
  if (out === undefined) {
    out = normalizeTerm(term);
    if (termMemo.size < 200_000) termMemo.set(term, out);
  }
  return out;
}

/** The schedule's vocabulary is small (tens of thousands of words): each spelling is stemmed once. */
const termMemo = new Map<string, string | null>();

function normalizeTerm(term: string): string | null {
  const t = term
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
  if (t === "" || STOP.has(t)) return null;
  return /^[a-z]+$/.test(t) ? pluralize.singular(t) : t;
}

/** Words as MiniSearch splits them: letters and digits; hyphens and punctuation separate ("T-shirts" → t, shirts). */
const tokenize = (text: string): string[] => text.match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * Field weights: what the line *is* (the head of its title) counts most, then its title and its own words, its
 * ancestors' text least.
 */
const BOOST = { head: 4, title: 2, own: 1.5, ancestors: 1 };

const wordOptions = (lastTyped: boolean): SearchOptions => ({
  boost: BOOST,
  // The last word may be half-typed; words of 6+ letters also match one edit away ("sweatr", "aluminium").
  prefix: (term) => lastTyped && term.length >= 3,
  fuzzy: (term) => (term.length >= 6 ? 1 : false),
  weights: { fuzzy: 0.3, prefix: 0.5 },
});

/**
 * How much a line whose heading's own text and row heads do not match keeps of its score (a line under the heading
 * that matches best keeps 1 + this). The line's words decide within a heading; the heading decides between headings
 * ("toys": 9503 before "Toy jewelry" of 7117; "sweater": 6110 before the sweaters of 6103 ensembles).
 */
const OFF_CENTRE = 0.25;

/**
 * The query as a tree: every word (or everyday two-word phrase) must match, either itself or one of the schedule's
 * phrases for it (`EVERYDAY_TERMS`: "laptop" also finds "portable automatic data processing machines").
 */
function queryTree(words: string[], combineWith: "AND" | "OR" = "AND"): Query {
  const groups: Query[] = [];
  for (let i = 0; i < words.length; i++) {
    const pair = i + 1 < words.length ? `${words[i]} ${words[i + 1]}` : undefined;
    const phrase = pair !== undefined && EVERYDAY_TERMS[pair] ? pair : words[i]!;
    const alternatives = EVERYDAY_TERMS[phrase] ?? [];
    if (phrase === pair) i++;
    const own = { ...wordOptions(i === words.length - 1), combineWith: "AND" as const, queries: [phrase] };
    groups.push(
      alternatives.length === 0
        ? own
        : {
            combineWith: "OR",
            queries: [own, ...alternatives.map((a) => ({ combineWith: "AND" as const, queries: [a], boost: BOOST }))],
          },
    );
  }
  return { combineWith, queries: groups };
}

/**
 * An in-memory full-text index over the schedule for the dashboard's search box (MiniSearch, BM25 ranking): every
 * numbered row of the latest edition (chapters 01–98) with its title, its own description and its ancestors' text,
 * plus statistical lines discontinued before it (from the catalog, titled under their nearest current ancestor).
 */
export class HtsSearchIndex {
  private readonly entries: Entry[] = [];
  private readonly index = new MiniSearch<Entry>({
    fields: ["head", "title", "own", "ancestors"],
    // The heading's own text (the first of the path) is scored once per heading (`headings`), not on every line.
    extractField: (e, field) => (field === "ancestors" ? e.path.slice(1).join(" ") : String(e[field as keyof Entry])),
    processTerm,
    tokenize,
  });
  /** One document per heading (4 digits): its own text and the heads of its rows' titles. */
  private readonly headings = new MiniSearch<{ id: string; text: string; heads: string }>({
    fields: ["text", "heads"],
    searchOptions: { boost: { heads: 2, text: 1 } },
    processTerm,
    tokenize,
  });
  readonly edition: string;

  constructor(catalog: HtsCatalog, latest: HtsEdition) {
    this.edition = latest.id;
    const seen = new Set<string>();
    const texts: string[] = [];
    const text = (k: number): string => (texts[k] ??= descriptionToText(latest.nodes[k]!.description));
    const pathOf = (k: number): string[] => {
      const path: string[] = [];
      for (let p = latest.nodes[k]!.parent; p >= 0; p = latest.nodes[p]!.parent) path.unshift(text(p));
      return path;
    };
    latest.nodes.forEach((n, i) => {
      if (n.code.length < 4 || n.code.startsWith("99") || seen.has(n.code)) return;
      seen.add(n.code);
      const chain = descriptionChain(latest, i);
      const path = pathOf(i);
      this.add({
        digits: n.code,
        title: titleOf(chain),
        own: text(i),
        path,
        current: true,
        lastEdition: latest.id,
        depth: path.length,
      });
    });
    for (const [code, versions] of catalog.lines) {
      if (seen.has(code) || code.startsWith("99")) continue;
      const last = versions[versions.length - 1]!;
      const parent = [8, 6, 4].map((n) => latest.byCode.get(code.slice(0, n))).find((k) => k !== undefined);
      const above = parent === undefined ? [] : descriptionChain(latest, parent);
      this.add({
        digits: code,
        title: titleOf([...above, last.description]),
        own: descriptionToText(last.description),
        path: parent === undefined ? [] : [...pathOf(parent), text(parent)],
        current: false,
        lastEdition: catalog.editions[last.to] ?? "",
        depth: 9,
      });
    }
    this.index.addAll(this.entries);
    // How central the words are to a heading, not to one of its lines. Per heading: its own text (the 4-digit row, or its shallowest rows when it has none, as 9503.00.00) and the
    // heads of all its rows' titles ("Toy jewelry", "Machines and apparatus").
    const byHeading = new Map<string, { text: string[]; depth: number; heads: string[] }>();
    for (const e of this.entries) {
      if (!e.current) continue;
      const h = e.digits.slice(0, 4);
      let d = byHeading.get(h);
      if (!d) byHeading.set(h, (d = { text: [], depth: e.depth, heads: [] }));
      if (e.depth < d.depth) d.text = [];
      if (e.depth <= d.depth) {
        d.depth = e.depth;
        d.text.push(e.own);
      }
      d.heads.push(e.head);
    }
    this.headings.addAll([...byHeading].map(([id, d]) => ({ id, text: d.text.join(" "), heads: d.heads.join(" ") })));
  }

  private add(e: Omit<Entry, "id" | "head">): void {
    this.entries.push({ ...e, head: titleHead(e.title), id: this.entries.length });
  }

  private hit(e: Entry): HtsSearchHit {
    return {
      code: formatHts(e.digits),
      title: e.title,
      description: truncateAtWord(e.own, 240),
      path: e.path.map((p) => truncateAtWord(p, 80)),
      level: e.digits.length,
      current: e.current,
      lastEdition: e.lastEdition,
    };
  }

  search(query: string, limit = 30): HtsSearchResult {
    const q = query.trim();
    const digits = q.replace(/[.\s]/g, "");
    if (/^\d{2,10}$/.test(digits) && /^[\d.\s]+$/.test(q)) {
      const matches = this.entries
        .filter((e) => e.digits.startsWith(digits))
        .sort((a, b) => a.digits.localeCompare(b.digits) || Number(b.current) - Number(a.current));
      return {
        query: q,
        mode: "code",
        total: matches.length,
        hits: matches.slice(0, limit).map((e) => this.hit(e)),
        edition: this.edition,
      };
    }
    const words = tokenize(q.toLowerCase()).filter((w) => processTerm(w) !== null);
    if (words.length === 0) return { query: q, mode: "words", total: 0, hits: [], edition: this.edition };
    const results = this.index.search(queryTree(words), {
      // A discontinued line ranks below a current one with the same words.
      boostDocument: (id) => (this.entries[id as number]!.current ? 1 : 0.5),
    });
    const headingScores = new Map(this.headings.search(queryTree(words, "OR")).map((h) => [h.id as string, h.score]));
    const top = Math.max(0, ...headingScores.values());
    const ranked = results
      .map((r) => {
        const e = this.entries[r.id as number]!;
        const central = top > 0 ? (headingScores.get(e.digits.slice(0, 4)) ?? 0) / top : 0;
        return { score: r.score * (OFF_CENTRE + central), e };
      })
      .sort(
        (a, b) =>
          b.score - a.score ||
          Number(b.e.current) - Number(a.e.current) ||
          a.e.depth - b.e.depth ||
          a.e.digits.localeCompare(b.e.digits),
      );
    return {
      query: q,
      mode: "words",
      total: ranked.length,
      hits: ranked.slice(0, limit).map(({ e }) => this.hit(e)),
      edition: this.edition,
    };
  }
}
