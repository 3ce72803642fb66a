import { formatHts } from "../common/htsCode.js";
import { descriptionToText } from "../sources/chapter99Text.js";
import type { HtsCatalog } from "../sources/htsCatalog.js";
import type { HtsEdition } from "../sources/htsTree.js";

/** One answer of `/api/hts/search`. */
export interface HtsSearchHit {
  /** Dotted code: 8703, 8703.80, 8703.80.00, 8703.80.00.20. */
  code: string;
  description: string;
  /** The descriptions of its ancestors, root first (shortened). */
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
  digits: string;
  own: string;
  path: string[];
  current: boolean;
  lastEdition: string;
  depth: number;
}

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
  "other",
]);

/** Light normalization so "vehicles" finds "vehicle" and "batteries" finds "battery". */
function stem(w: string): string {
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(?:ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) return w.slice(0, -1);
  return w;
}

export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .match(/[a-z0-9]+/g) ?? []
  )
    .filter((w) => !STOP.has(w) && w.length > 1)
    .map(stem);
}

const short = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * An in-memory index over the schedule for the dashboard's search box: every numbered row of the latest edition
 * (chapters 01–98) with its ancestors' text, plus statistical lines discontinued before it (from the catalog).
 */
export class HtsSearchIndex {
  private readonly entries: Entry[] = [];
  /** token → entry ids (own description), token → entry ids (ancestors only). */
  private readonly own = new Map<string, number[]>();
  private readonly inherited = new Map<string, number[]>();
  private readonly vocab: string[];
  readonly edition: string;

  constructor(catalog: HtsCatalog, latest: HtsEdition) {
    this.edition = latest.id;
    const texts = new Map<number, string>();
    const text = (i: number): string => {
      let t = texts.get(i);
      if (t === undefined) {
        t = descriptionToText(latest.nodes[i]!.description);
        texts.set(i, t);
      }
      return t;
    };
    const seen = new Set<string>();
    latest.nodes.forEach((n, i) => {
      if (n.code.length < 4 || n.code.startsWith("99") || seen.has(n.code)) return;
      seen.add(n.code);
      const path: string[] = [];
      for (let k = n.parent; k >= 0; k = latest.nodes[k]!.parent) path.unshift(text(k));
      this.add({ digits: n.code, own: text(i), path, current: true, lastEdition: latest.id, depth: path.length });
    });
    for (const [code, versions] of catalog.lines) {
      if (seen.has(code) || code.startsWith("99")) continue;
      const last = versions[versions.length - 1]!;
      this.add({
        digits: code,
        own: descriptionToText(last.description),
        path: [],
        current: false,
        lastEdition: catalog.editions[last.to] ?? "",
        depth: 9,
      });
    }
    this.vocab = [...new Set([...this.own.keys(), ...this.inherited.keys()])].sort();
  }

  private add(e: Entry): void {
    const id = this.entries.push(e) - 1;
    const ownTokens = new Set(tokenize(e.own));
    for (const t of ownTokens) (this.own.get(t) ?? this.own.set(t, []).get(t)!).push(id);
    for (const t of new Set(e.path.flatMap(tokenize))) {
      if (!ownTokens.has(t)) (this.inherited.get(t) ?? this.inherited.set(t, []).get(t)!).push(id);
    }
  }

  /** Vocabulary words starting with `prefix` (itself only when it is 1–2 characters). */
  private expand(prefix: string): string[] {
    if (prefix.length < 3) return this.own.has(prefix) || this.inherited.has(prefix) ? [prefix] : [];
    let lo = 0;
    let hi = this.vocab.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.vocab[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.vocab.length && this.vocab[i]!.startsWith(prefix) && out.length < 200; i++)
      out.push(this.vocab[i]!);
    return out;
  }

  private hit(e: Entry): HtsSearchHit {
    return {
      code: formatHts(e.digits),
      description: short(e.own, 240),
      path: e.path.map((p) => short(p, 80)),
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
    const tokens = [...new Set(tokenize(q))];
    if (tokens.length === 0) return { query: q, mode: "words", total: 0, hits: [], edition: this.edition };
    let scores: Map<number, number> | undefined;
    for (const t of tokens) {
      const mine = new Map<number, number>();
      for (const w of this.expand(t)) {
        const exact = w === t ? 1 : 0;
        for (const id of this.own.get(w) ?? []) mine.set(id, Math.max(mine.get(id) ?? 0, 3 + exact));
        for (const id of this.inherited.get(w) ?? []) mine.set(id, Math.max(mine.get(id) ?? 0, 1 + exact));
      }
      if (!scores) scores = mine;
      else {
        const next = new Map<number, number>();
        for (const [id, s] of scores) {
          const m = mine.get(id);
          if (m !== undefined) next.set(id, s + m);
        }
        scores = next;
      }
      if (scores.size === 0) break;
    }
    const ranked = [...(scores ?? new Map<number, number>())].sort((a, b) => {
      const ea = this.entries[a[0]]!;
      const eb = this.entries[b[0]]!;
      return (
        b[1] - a[1] ||
        Number(eb.current) - Number(ea.current) ||
        ea.depth - eb.depth ||
        ea.digits.localeCompare(eb.digits)
      );
    });
    return {
      query: q,
      mode: "words",
      total: ranked.length,
      hits: ranked.slice(0, limit).map(([id]) => this.hit(this.entries[id]!)),
      edition: this.edition,
    };
  }
}
