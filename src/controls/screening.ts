import MiniSearch from "minisearch";
import { editDistance } from "../common/editDistance.js";
import { InputError } from "../common/errors.js";
import type { ListedName, ListedParty, ScreeningList } from "./entityList.js";
import { normaliseName, scriptsOf } from "./nameNormalisation.js";

/**
 * Screening names against a screening list (the Entity List). Candidates come from a MiniSearch index of every
 * listed name's normalised words, searched with per-word fuzziness (words the list does not hold: edit distance 1 for
 * words of 5–7 letters, 2 from 8): MiniSearch walks its radix tree once per query word, so a query costs far less than a scan of the list — Fuse.js
 * (Bitap over every record for every query) would not screen 10,000 names in the 5 s budget. Each candidate is then
 * scored 0–1: 1 when the names agree once normalised (spaces ignored), else the larger of a word-alignment F-score
 * (each word paired with its nearest word, similarity 1 − edit distance / length, below 0.7 counted as no match) and
 * the similarity of the whole names with spaces removed. A differing address country lowers the score by 10%.
 */

/** Longest name accepted (characters); the longest on the Entity List is under 400. */
export const MAX_NAME_LENGTH = 1000;
/** Default lowest score listed. */
export const DEFAULT_MIN_SCORE = 0.75;
/** Candidates scored per query (best BM25 first). */
const CANDIDATES = 12;
const WORD_FLOOR = 0.7;
const COUNTRY_PENALTY = 0.9;
/** A word held by more than this share of listed names (at least 50 names) is common. */
const COMMON_WORD_SHARE = 0.01;

export type MatchStrength = "exact" | "strong" | "possible";

export interface ScreeningMatch {
  score: number;
  strength: MatchStrength;
  /** The listed name that matched, as printed, and where it comes from in the entry. */
  matchedName: string;
  matchedKind: ListedName["kind"];
  name: string;
  affiliateOf: string | null;
  aliases: string[];
  countries: string[];
  federalRegisterNotices: string[];
  startDate: string;
  licenseRequirement: string;
  licensePolicy: string;
  /** The list file and row of the entry. */
  source: { file: string; row: number };
  notes: string[];
}

export interface ScreeningResult {
  query: string;
  country: string | null;
  /** The normalised form screened (empty when the name could not be screened). */
  normalised: string;
  status: "match" | "no-match" | "unscreenable";
  /** Why a name could not be screened, or what was screened of it. */
  warnings: string[];
  matches: ScreeningMatch[];
  screenedAgainst: { file: string; entries: number };
}

export interface ScreenOptions {
  /** ISO-2 country of the counterparty's address. */
  country?: string | undefined;
  minScore?: number | undefined;
  /** Most matches listed (default 10). */
  limit?: number | undefined;
}

interface IndexedName {
  id: number;
  party: number;
  name: number;
}

/** A screening list with its search index, built once and used for every name. */
export class Screener {
  private readonly search: MiniSearch<{ id: number; text: string }>;
  private readonly byCompact = new Map<string, IndexedName[]>();
  private readonly otherScript: { compact: string; ref: IndexedName }[] = [];
  private readonly refs: IndexedName[] = [];
  /** Listed names holding each word: words held by many ("technology", "shenzhen") are scored, not searched. */
  private readonly wordCount = new Map<string, number>();
  private readonly commonAbove: number;

  constructor(readonly list: ScreeningList) {
    this.search = new MiniSearch({ fields: ["text"], idField: "id", tokenize: (s) => s.split(" ") });
    const docs: { id: number; text: string }[] = [];
    for (const p of list.parties) {
      p.names.forEach((n, i) => {
        const ref = { id: this.refs.length, party: p.index, name: i };
        this.refs.push(ref);
        const same = this.byCompact.get(n.compact);
        if (same) same.push(ref);
        else this.byCompact.set(n.compact, [ref]);
        if (n.script === "latin") {
          docs.push({ id: ref.id, text: n.key });
          for (const w of new Set(n.key.split(" "))) this.wordCount.set(w, (this.wordCount.get(w) ?? 0) + 1);
        }
        else this.otherScript.push({ compact: n.compact, ref });
      });
    }
    this.search.addAll(docs);
    this.commonAbove = Math.max(50, Math.ceil(docs.length * COMMON_WORD_SHARE));
  }

  /** The words a query searches by: its uncommon words (fuzzily); all its words exactly when every one is common. */
  private searchQuery(words: readonly string[]): { text: string; words: string[]; fuzzy: boolean } {
    const rare = words.filter((w) => (this.wordCount.get(w) ?? 0) <= this.commonAbove);
    return rare.length > 0 ? { text: rare.join(" "), words: [...new Set(rare)], fuzzy: true } : { text: words.join(" "), words: [...words], fuzzy: false };
  }

  /** Results of one word, kept: a batch of counterparties repeats its words, and a word's results never change. */
  private readonly wordHits = new Map<string, { id: number; score: number }[]>();

  /**
   * The OR of the words' results (scores added, as MiniSearch's OR does). A word the list holds is searched as it is;
   * only words it does not hold (misspellings, variants) fuzzily, and none when the name is a listed name exactly.
   */
  private searchWords(words: readonly string[], fuzzy: boolean): { id: number; score: number }[] {
    const sums = new Map<number, number>();
    for (const w of words) {
      const dist = !fuzzy || this.wordCount.has(w) || w.length <= 4 ? 0 : w.length <= 7 ? 1 : 2;
      const key = `${dist}:${w}`;
      let hits = this.wordHits.get(key);
      if (!hits) {
        hits = this.search.search(w, { fuzzy: dist === 0 ? false : () => dist, maxFuzzy: 2 }).map((h) => ({ id: h.id as number, score: h.score }));
        if (this.wordHits.size >= 100_000) this.wordHits.clear();
        this.wordHits.set(key, hits);
      }
      for (const h of hits) sums.set(h.id, (sums.get(h.id) ?? 0) + h.score);
    }
    return [...sums].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
  }

  /** Screen one name. Bad input (empty, too long) is an `InputError`; an unscreenable script is a result saying why. */
  screen(query: string, options: ScreenOptions = {}): ScreeningResult {
    const country = checkCountry(options.country);
    const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
    if (!(minScore >= 0 && minScore <= 1)) throw new InputError("BAD_SCORE", "min-score", `${minScore} is not between 0 and 1`);
    const name = checkName(query);
    const base = {
      query: name,
      country,
      screenedAgainst: { file: this.list.file, entries: this.list.parties.length },
    };
    if (!/[\p{L}\p{N}]/u.test(name)) {
      return { ...base, normalised: "", status: "unscreenable", warnings: ["the name has no letters or digits to screen"], matches: [] };
    }
    const scripts = scriptsOf(name);
    const warnings: string[] = [];
    const nonLatin = [...scripts].filter((s) => s !== "latin");
    if (nonLatin.length > 0) {
      const hits = this.screenOtherScript(name, country);
      if (hits.length > 0 || !scripts.has("latin")) {
        if (hits.length === 0) {
          const held = this.otherScript.length;
          return {
            ...base,
            normalised: "",
            status: "unscreenable",
            warnings: [
              `the name is written in ${nonLatin.join(" and ")} script; names in that script are matched only against aliases written in it, and ${held === 0 ? "the list has none" : `none of the list's ${held} such aliases matches`}: screen a romanised form (e.g. pinyin) of the name`,
            ],
            matches: [],
          };
        }
        return { ...base, normalised: normaliseName(name).compact, status: "match", warnings, matches: hits };
      }
      warnings.push(`the ${nonLatin.join(" and ")}-script part of the name was not screened (only the Latin-script words were)`);
    }
    const n = normaliseName(name.replace(/[^\p{Script=Latin}\p{N}\p{P}\p{Zs}&]/gu, " "));
    if (n.compact === "") {
      return { ...base, normalised: "", status: "unscreenable", warnings: ["the name has no letters or digits to screen"], matches: [] };
    }
    const scored = new Map<number, { score: number; name: number }>();
    const consider = (ref: IndexedName, score: number): void => {
      const prev = scored.get(ref.party);
      if (!prev || prev.score < score) scored.set(ref.party, { score, name: ref.name });
    };
    const exact = this.byCompact.get(n.compact) ?? [];
    for (const ref of exact) consider(ref, 1);
    const q = this.searchQuery(n.words);
    const hits = q.fuzzy ? this.searchWords(q.words, exact.length === 0) : this.search.search(q.text, { combineWith: "AND" });
    for (const h of hits.slice(0, CANDIDATES)) {
      const ref = this.refs[h.id as number]!;
      const listed = this.list.parties[ref.party]!.names[ref.name]!;
      consider(ref, similarity(n.words, listed.words, n.compact, listed.compact, minScore));
    }
    const matches: ScreeningMatch[] = [];
    for (const [partyIndex, s] of scored) {
      const party = this.list.parties[partyIndex]!;
      const notes: string[] = [];
      let score = s.score;
      if (country && party.countries.length > 0) {
        if (party.countries.includes(country)) notes.push(`an address of the entry is in ${country}`);
        else {
          score *= COUNTRY_PENALTY;
          notes.push(`no address of the entry is in ${country} (${party.countries.join(", ")}): score lowered by 10%`);
        }
      }
      if (score >= minScore) matches.push(toMatch(this.list.file, party, s.name, score, notes));
    }
    matches.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
    const limited = matches.slice(0, options.limit ?? 10);
    return { ...base, normalised: n.key, status: limited.length > 0 ? "match" : "no-match", warnings, matches: limited };
  }

  private screenOtherScript(name: string, country: string | null): ScreeningMatch[] {
    const compact = normaliseName(name).compact;
    const out: ScreeningMatch[] = [];
    for (const o of this.otherScript) {
      if (o.compact === compact || (compact.length >= 2 && o.compact.includes(compact))) {
        const party = this.list.parties[o.ref.party]!;
        const notes = country && party.countries.length > 0 && !party.countries.includes(country) ? [`no address in ${country}`] : [];
        out.push(toMatch(this.list.file, party, o.ref.name, o.compact === compact ? 1 : 0.9, notes));
      }
    }
    return out.sort((a, b) => b.score - a.score);
  }
}

function toMatch(file: string, party: ListedParty, nameIndex: number, score: number, notes: string[]): ScreeningMatch {
  const listed = party.names[nameIndex]!;
  const rounded = Math.round(score * 1000) / 1000;
  return {
    score: rounded,
    strength: rounded === 1 ? "exact" : rounded >= 0.9 ? "strong" : "possible",
    matchedName: listed.printed,
    matchedKind: listed.kind,
    name: party.entry.name,
    affiliateOf: party.affiliateOf,
    aliases: party.entry.altNames,
    countries: party.countries,
    federalRegisterNotices: party.entry.federalRegisterNotices,
    startDate: party.entry.startDate,
    licenseRequirement: party.entry.licenseRequirement,
    licensePolicy: party.entry.licensePolicy,
    source: { file, row: party.entry.row },
    notes,
  };
}

/** Word-pair similarities already computed: names share few distinct words, so a batch computes each pair once. */
const WORD_PAIRS = new Map<string, number>();
const MAX_WORD_PAIRS = 500_000;

function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  // Similarity is at most 1 − (length difference / longer length): skip the distance when that is under the floor.
  if (Math.abs(a.length - b.length) > (1 - WORD_FLOOR) * Math.max(a.length, b.length)) return 0;
  const key = a < b ? `${a} ${b}` : `${b} ${a}`;
  const known = WORD_PAIRS.get(key);
  if (known !== undefined) return known;
  const s = 1 - editDistance(a, b) / Math.max(a.length, b.length);
  const v = s >= WORD_FLOOR ? s : 0;
  if (WORD_PAIRS.size >= MAX_WORD_PAIRS) WORD_PAIRS.clear();
  WORD_PAIRS.set(key, v);
  return v;
}

/** Similarity of two normalised names (see the module note). */
export function similarity(
  q: readonly string[],
  c: readonly string[],
  qCompact: string,
  cCompact: string,
  minScore = 0,
): number {
  if (qCompact === cCompact) return 1;
  const side = (from: readonly string[], to: readonly string[]): number => {
    let sum = 0;
    let weight = 0;
    for (const w of from) {
      let best = 0;
      for (const t of to) best = Math.max(best, wordSimilarity(w, t));
      sum += best * w.length;
      weight += w.length;
    }
    return weight === 0 ? 0 : sum / weight;
  };
  const r = side(q, c);
  const p = side(c, q);
  const f = r + p === 0 ? 0 : (2 * r * p) / (r + p);
  const longest = Math.max(qCompact.length, cCompact.length);
  // The whole-name similarity serves names split into words differently ("Hik Vision"); it cannot exceed 1 − (length difference / longest): computed only when it could win.
  const bound = 1 - Math.abs(qCompact.length - cCompact.length) / longest;
  const whole = bound > f && bound >= minScore && q.length !== c.length ? 1 - editDistance(qCompact, cCompact) / longest : 0;
  return Math.min(0.999, Math.max(f, whole));
}

/** The name as screened: control characters removed, trimmed; empty and over-long names are errors. */
export function checkName(query: string, field = "name"): string {
  // eslint-disable-next-line no-control-regex
  const name = query.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  if (name === "") throw new InputError("EMPTY_NAME", field, "the name is empty: give the counterparty's name");
  if (name.length > MAX_NAME_LENGTH) {
    throw new InputError(
      "NAME_TOO_LONG",
      field,
      `the name has ${name.length} characters, more than ${MAX_NAME_LENGTH}: give the name only, not a document`,
    );
  }
  return name;
}

function checkCountry(country: string | undefined): string | null {
  if (country === undefined || country === "") return null;
  const c = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(c)) throw new InputError("BAD_COUNTRY", "country", `${JSON.stringify(country)} is not an ISO-2 country code (e.g. CN, HK)`);
  return c;
}
