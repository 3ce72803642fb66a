/**
 * Parse the footnotes of HTS JSON rows into the Chapter 98/99 references they carry.
 *
 * Footnotes are the only product → Chapter 99 pointer in the USITC JSON (see docs/us-duty-stacking.md §1.6):
 * "See 9903.88.15.", "See 9817.84.01 and 9903.88.01.", "See 9903.52.00 through 9903.52.26 and 9904.52.35 through
 * 9904.52.50.", "See 9903.92." (a 6-digit heading), "See U.S. note 3 to subchapter III, chapter 99, 9903.41.05 and
 * 9903.88.03.", and the note 20(g) text that limits 9903.88.04 to footnoted statistical lines.
 *
 * Everything here is total: malformed input yields empty lists, never an exception.
 */

/** The HTS JSON column a footnote is attached to. `stat`, `units` and `unknown` occur on a few rows outside the four rate/description columns. */
export type FootnoteColumn = "general" | "other" | "special" | "desc" | "stat" | "units" | "unknown";

/** A range of Chapter 98/99 headings as written ("9903.52.00 through 9903.52.26"), dotted, endpoints inclusive. */
export interface HeadingRange {
  from: string;
  to: string;
  /** False when the range was too long or reversed to expand; only its endpoints are then listed in `headings`. */
  expanded: boolean;
}

/** What one footnote says, in structured form. */
export interface FootnoteRef {
  /** The primary column: general > other > special > desc > stat > units; `unknown` when none is recognised. */
  column: FootnoteColumn;
  /** Every recognised column the footnote is attached to, in the order given. */
  columns: FootnoteColumn[];
  /** Dotted 8-digit (or 10-digit) Chapter 98/99 references, ranges expanded, in order of appearance, without duplicates. */
  headings: string[];
  /** 6-digit Chapter 98/99 references such as "9903.92" (from "See 9903.92."). */
  headingPrefixes: string[];
  /** The ranges as written, before expansion. */
  ranges: HeadingRange[];
  /** Note references as written, e.g. "U.S. note 3 to subchapter III, chapter 99", "General Note 6". */
  notes: string[];
  /**
   * True for the note 20(g)-style text ("heading 9903.88.04 covers certain goods of this rate line, as indicated by the
   * footnote; … statistical reporting descriptions without a footnote are not covered …"). It means: do NOT pass the
   * heading down to child lines; only statistical lines that carry their own footnote are covered.
   */
  partialCoverage: boolean;
  /** The footnote text with non-breaking spaces replaced and whitespace collapsed. */
  text: string;
}

/** Longest range that is expanded heading by heading; longer ones keep only their endpoints. */
export const MAX_RANGE_EXPANSION = 1000;

const COLUMN_PRIORITY: FootnoteColumn[] = ["general", "other", "special", "desc", "stat", "units"];

/**
 * Regex source of one dotted Chapter 98/99 code: 9903.88.15, 9903.92 (6-digit), 9903.88.15.10 (10-digit). Not part of a
 * longer number, and never followed by a further ".dd" group.
 */
export const CHAPTER_98_99_CODE_SOURCE = String.raw`(?<![\d.])9[89]\d{2}\.\d{2}(?:\.\d{2}(?:\.\d{2})?)?(?![\d])(?!\.\d)`;
const CODE_SOURCE = CHAPTER_98_99_CODE_SOURCE;
const RANGE_SEPARATOR = String.raw`\s*(?:-|–|—|‑|\bthrough\b|\bto\b)\s*`;
const LIST_SEPARATOR = /^(?:\s*(?:,|;|\b(?:and|or)(?![A-Za-z])))+\s*(?:(?:sub)?headings?\s+)?/i;

const NOTE_PATTERN = new RegExp(
  [
    String.raw`\b(?:(?:sub)?chapter\s+[0-9IVXL]+\s+)?statistical\s+notes?(?:\s+\d+)?(?:\s+to\s+this\s+(?:sub)?chapter)?`,
    String.raw`\b(?:(?:additional|general)\s+)?(?:U\.?\s?S\.?\s+)?notes?\s+\d+(?:\s*\([A-Za-z0-9]+\))*` +
      String.raw`(?:\s+(?:to|in|of)\s+(?:this\s+(?:sub)?chapter|subchapter\s+[IVXL]+(?:,\s*|\s+of\s+)chapter\s+\d+|chapter\s+\d+))?`,
  ].join("|"),
  "gi",
);

const PARTIAL_COVERAGE =
  /statistical reporting descriptions? without a footnote are not covered|covers certain goods of this rate line/i;

/** Replace non-breaking and zero-width spaces, collapse whitespace, trim. */
export function cleanFootnoteText(value: unknown): string {
  if (typeof value !== "string") return "";
  return value
    .replace(/\u200b|\u200c|\u200d|\ufeff/g, "")
    .replace(/[\s\u00a0\u2007\u202f]+/g, " ")
    .trim();
}

function digitsOf(code: string): string {
  return code.replace(/\./g, "");
}

function dotted(digits: string): string {
  const parts = [digits.slice(0, 4), digits.slice(4, 6)];
  if (digits.length > 6) parts.push(digits.slice(6, 8));
  if (digits.length > 8) parts.push(digits.slice(8, 10));
  return parts.join(".");
}

/**
 * Every heading from `from` to `to` inclusive, stepping the last two digits (with carry, so "9904.04.50" →
 * "9904.05.01" passes through 9904.04.99 and 9904.05.00). Undefined when the endpoints differ in length, are reversed,
 * or span more than `max` headings.
 */
export function expandHeadingRange(from: string, to: string, max = MAX_RANGE_EXPANSION): string[] | undefined {
  const a = digitsOf(from);
  const b = digitsOf(to);
  if (a.length !== b.length || a.length < 8 || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  const start = Number(a);
  const end = Number(b);
  if (end < start || end - start + 1 > max) return undefined;
  const out: string[] = [];
  for (let n = start; n <= end; n++) out.push(dotted(String(n).padStart(a.length, "0")));
  return out;
}

/** The headings, prefixes and ranges found in a list starting at `start`. */
export interface HeadingList {
  headings: string[];
  headingPrefixes: string[];
  ranges: HeadingRange[];
  /** Index just after the last code read. */
  end: number;
}

function pushUnique(list: string[], items: Iterable<string>): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

/** Read one code, or a range, at the very start of `text`. */
function readItem(
  text: string,
): { codes: string[]; prefix?: string; range?: HeadingRange; length: number } | undefined {
  const first = new RegExp(`^${CODE_SOURCE}`).exec(text);
  if (!first) return undefined;
  const a = first[0];
  const rangeMatch = new RegExp(`^${RANGE_SEPARATOR}(${CODE_SOURCE})`, "i").exec(text.slice(a.length));
  if (rangeMatch && rangeMatch[1] && digitsOf(rangeMatch[1]).length === digitsOf(a).length && digitsOf(a).length >= 8) {
    const b = rangeMatch[1];
    const expanded = expandHeadingRange(a, b);
    return {
      codes: expanded ?? [a, b],
      range: { from: a, to: b, expanded: expanded !== undefined },
      length: a.length + rangeMatch[0].length,
    };
  }
  if (digitsOf(a).length === 6) return { codes: [], prefix: a, length: a.length };
  return { codes: [a], length: a.length };
}

/**
 * Read a list of Chapter 98/99 codes beginning exactly at `start`: "9903.01.21, 9903.01.22, or 9903.01.23",
 * "heading 9903.01.02 and heading 9903.01.03", "9903.01.26–9903.01.33, 9903.02.02–9903.02.71, and 9903.96.01".
 * Stops at the first thing that is not a separator followed by a code.
 */
export function readHeadingList(text: string, start: number): HeadingList {
  const out: HeadingList = { headings: [], headingPrefixes: [], ranges: [], end: start };
  let pos = start;
  for (;;) {
    const item = readItem(text.slice(pos));
    if (!item) break;
    pushUnique(out.headings, item.codes);
    if (item.prefix) pushUnique(out.headingPrefixes, [item.prefix]);
    if (item.range) out.ranges.push(item.range);
    pos += item.length;
    out.end = pos;
    const sep = LIST_SEPARATOR.exec(text.slice(pos));
    if (!sep || !new RegExp(`^${CODE_SOURCE}`).test(text.slice(pos + sep[0].length))) break;
    pos += sep[0].length;
  }
  return out;
}

/** Every Chapter 98/99 reference in free text, ranges expanded. */
export function extractHeadingRefs(text: string): Omit<HeadingList, "end"> {
  const out: Omit<HeadingList, "end"> = { headings: [], headingPrefixes: [], ranges: [] };
  const finder = new RegExp(CODE_SOURCE, "g");
  let m: RegExpExecArray | null;
  while ((m = finder.exec(text)) !== null) {
    const list = readHeadingList(text, m.index);
    pushUnique(out.headings, list.headings);
    pushUnique(out.headingPrefixes, list.headingPrefixes);
    out.ranges.push(...list.ranges);
    finder.lastIndex = Math.max(list.end, m.index + 1);
  }
  return out;
}

/** Note references as written ("U.S. note 19 to subchapter III, chapter 99", "statistical note 5 to this chapter"). */
export function extractFootnoteNotes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NOTE_PATTERN)) pushUnique(out, [m[0].trim()]);
  return out;
}

function normaliseColumns(columns: unknown): FootnoteColumn[] {
  if (!Array.isArray(columns)) return [];
  const out: FootnoteColumn[] = [];
  for (const c of columns) {
    if (typeof c !== "string") continue;
    const name = c.trim().toLowerCase();
    const col = (COLUMN_PRIORITY as string[]).includes(name) ? (name as FootnoteColumn) : undefined;
    if (col && !out.includes(col)) out.push(col);
  }
  return out;
}

/** Parse one footnote object `{columns, value}` of an HTS JSON row. Never throws. */
export function parseFootnote(fn: { columns?: unknown; value?: unknown } | null | undefined): FootnoteRef {
  const columns = normaliseColumns(fn?.columns);
  const column = COLUMN_PRIORITY.find((c) => columns.includes(c)) ?? "unknown";
  const text = cleanFootnoteText(fn?.value);
  const refs = extractHeadingRefs(text);
  return {
    column,
    columns,
    headings: refs.headings,
    headingPrefixes: refs.headingPrefixes,
    ranges: refs.ranges,
    notes: extractFootnoteNotes(text),
    partialCoverage: PARTIAL_COVERAGE.test(text),
    text,
  };
}
