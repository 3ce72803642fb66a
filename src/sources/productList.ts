/**
 * Product lists: the HTS scope of a measure as printed in note text or in an official annex.
 *
 * Most US measures (Section 232 programs, the reciprocal and Section 122 exemption lists, the Biden Section 301
 * statistical-number lines) do not attach to products through the HTS JSON. Their scope is a printed list of HTS
 * provisions at mixed granularity ("7601", "7302.10", "8479.89.95", "7616.99.5160"). A provision covers every code
 * under it, so matching is by prefix at the printed granularity, and the most specific printed provision wins.
 */
import { formatHts } from "../common/htsCode.js";

/** The printed length of a provision: chapter, heading, subheading, legal line or statistical line. */
export type Granularity = 2 | 4 | 6 | 8 | 10;

/** One printed provision of a product list. */
export interface ProductListEntry {
  /** Digits only, e.g. "7616995160" for "7616.99.5160". */
  code: string;
  /** Number of digits printed (the prefix length used for matching). */
  granularity: Granularity;
  /** 1-based line of the source text where the code is printed. */
  line: number;
  /** Description or condition printed with the code (informational; may be absent). */
  text?: string;
  /** Per-line rate or tier when the list prints one (or, for annex lists, the rate the annex states for its list). */
  rate?: string;
  /**
   * The sub-list the entry was printed under, when the source groups its entries, e.g. "Steel Derivatives" in a
   * proclamation annex, "(c)(iv) Derivative steel articles" in U.S. note 16, "Ex" or "Aircraft" scope limitations.
   */
  group?: string;
}

/** A product list read from a source text. Plain data: safe to serialise. */
export interface ProductList {
  /** Stable lower-case id, e.g. "note2-v-iii-a" or "metals232-annex-i-a". */
  id: string;
  /** Human title, normally the heading or annex title the list belongs to. */
  title: string;
  /** Where the list was read: the file (as given to the reader) and the place inside it. */
  source: {
    file: string;
    /** E.g. "note 2(v)(iii)(a)" or "Annex I-A". */
    where: string;
    /** First and last source line of the list (1-based, inclusive), when known. */
    lines?: [number, number];
  };
  entries: ProductListEntry[];
}

const GRANULARITIES: readonly Granularity[] = [10, 8, 6, 4, 2];

/**
 * Digits of a printed HTS provision, or undefined when the token is not one. Accepts "7601", "7302.10", "8479.89.95",
 * "7616.99.5160", "7616.99.51.60", "05080000" and "8517130000" (dots optional), with trailing "," ";" "." or ")".
 */
export function provisionDigits(token: string): string | undefined {
  const t = token.replace(/[,;.)]+$/, "");
  if (!/^\d{4}(?:\.?\d{2}(?:\.?\d{2}(?:\.?\d{2})?)?)?$/.test(t)) return undefined;
  return t.replace(/\./g, "");
}

/** Build an entry, computing the granularity from the digits. Throws on a digit string of a non-HTS length. */
export function makeEntry(
  code: string,
  line: number,
  extra: Omit<ProductListEntry, "code" | "granularity" | "line"> = {},
): ProductListEntry {
  const granularity = code.length as Granularity;
  if (!GRANULARITIES.includes(granularity) || !/^\d+$/.test(code)) {
    throw new Error(`not an HTS provision: "${code}"`);
  }
  const entry: ProductListEntry = { code, granularity, line };
  if (extra.text !== undefined) entry.text = extra.text;
  if (extra.rate !== undefined) entry.rate = extra.rate;
  if (extra.group !== undefined) entry.group = extra.group;
  return entry;
}

/** The prefix index of a list: for each printed code, its entries in print order. */
interface ListIndex {
  entries: ProductListEntry[];
  length: number;
  byCode: Map<string, ProductListEntry[]>;
  /** Granularities present, most specific first. */
  granularities: Granularity[];
}

const indexCache = new WeakMap<ProductList, ListIndex>();

function indexOf(list: ProductList): ListIndex {
  const cached = indexCache.get(list);
  if (cached && cached.entries === list.entries && cached.length === list.entries.length) return cached;
  const byCode = new Map<string, ProductListEntry[]>();
  const present = new Set<Granularity>();
  for (const e of list.entries) {
    const bucket = byCode.get(e.code);
    if (bucket) bucket.push(e);
    else byCode.set(e.code, [e]);
    present.add(e.granularity);
  }
  const index: ListIndex = {
    entries: list.entries,
    length: list.entries.length,
    byCode,
    granularities: GRANULARITIES.filter((g) => present.has(g)),
  };
  indexCache.set(list, index);
  return index;
}

function normalizeQuery(hts: string): string {
  return hts.replace(/[.\s]/g, "");
}

/**
 * The entry of `list` that covers an HTS code: a printed provision covers every code that starts with its digits, and
 * the most specific (longest) printed provision wins. When the same provision is printed more than once, the first
 * printing is returned (see {@link listMatchesAll} for every covering entry). The index is built on first use and
 * cached per list object, so matching thousands of codes costs a few map look-ups each. Lists are treated as immutable
 * once matched (replacing or resizing `entries` rebuilds the index).
 *
 * @param hts10Digits the code to test, normally 10 digits (dots are tolerated); shorter codes match provisions that
 *   are equal to or shorter than them.
 */
export function listMatches(list: ProductList, hts10Digits: string): ProductListEntry | undefined {
  const code = normalizeQuery(hts10Digits);
  const index = indexOf(list);
  for (const g of index.granularities) {
    if (g > code.length) continue;
    const hit = index.byCode.get(code.slice(0, g));
    if (hit) return hit[0];
  }
  return undefined;
}

/** Every entry of `list` that covers the code, most specific first (then in print order). */
export function listMatchesAll(list: ProductList, hts10Digits: string): ProductListEntry[] {
  const code = normalizeQuery(hts10Digits);
  const index = indexOf(list);
  const out: ProductListEntry[] = [];
  for (const g of index.granularities) {
    if (g > code.length) continue;
    const hit = index.byCode.get(code.slice(0, g));
    if (hit) out.push(...hit);
  }
  return out;
}

/** Codes printed more than once in a list (digits, in first-print order). */
export function duplicateCodes(list: ProductList): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const e of list.entries) {
    if (seen.has(e.code) && !dup.includes(e.code)) dup.push(e.code);
    seen.add(e.code);
  }
  return dup;
}

/** The entry's code in the HTS dotted style ("7616.99.5160" prints as "7616.99.51.60"). */
export function formatEntry(entry: ProductListEntry): string {
  return formatHts(entry.code);
}

/** First and last line of a set of entries, or undefined when there are none. */
export function lineRange(entries: readonly ProductListEntry[]): [number, number] | undefined {
  if (entries.length === 0) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of entries) {
    if (e.line < lo) lo = e.line;
    if (e.line > hi) hi = e.line;
  }
  return [lo, hi];
}
