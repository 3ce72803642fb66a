/**
 * Readers for the official annex texts (pdftotext -layout extractions) that carry product scope the HTS JSON does
 * not: the reciprocal-tariff annexes of EO 14257 (Apr 2, 2025), the Section 122 proclamation annexes (Feb 2026) and
 * the Section 232 metals proclamation annexes (Apr 2026).
 *
 * Also holds the layout helpers shared with the Chapter 99 note reader: decoding, code-token recognition, a
 * column-aware splitter for code grids that share a page, particular-article lists and heading-row rates.
 */
import { readFile } from "node:fs/promises";
import { DataFileError } from "../common/errors.js";
import { gunzipNamed } from "./htsArchive.js";
import { lineRange, makeEntry, provisionDigits, type ProductList, type ProductListEntry } from "./productList.js";

// ---------------------------------------------------------------------------------------------------------------
// Text decoding
// ---------------------------------------------------------------------------------------------------------------

/**
 * Decode a text extraction: gunzip when gzipped, UTF-8 when valid, otherwise Latin-1 (the Chapter 99 extraction is
 * ISO-8859-1). The soft hyphen U+00AD, which the Latin-1 extraction uses for the en dash of ranges
 * ("9903.82.02–9903.82.19"), becomes "–"; CR LF becomes LF. Line count is preserved.
 */
export function decodeSourceText(file: string, bytes: Buffer): string {
  const raw = gunzipNamed(file, bytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    text = raw.toString("latin1");
  }
  return text.replace(/\r\n?/g, "\n").replace(/\u00ad/g, "–");
}

/** Read and decode a text source (plain or .gz), naming the file on failure. */
export async function readSourceText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new DataFileError(file, `cannot read file (${(err as Error).message})`, { code: "MISSING_FILE", cause: err });
  }
  return decodeSourceText(file, bytes);
}

/** Split decoded text into lines; index i holds line i+1. Form feeds are removed (pages are found by their headers). */
export function sourceLines(text: string): string[] {
  return text.split("\n").map((l) => l.replace(/\f/g, ""));
}

// ---------------------------------------------------------------------------------------------------------------
// Code tokens and code grids
// ---------------------------------------------------------------------------------------------------------------

/** A code printed in a line, with its column (0-based character offset). */
export interface CodeCell {
  col: number;
  code: string;
}

const TOKEN = /\S+/g;

/** True for a chapter 99 number (9903.xx, 9902.xx …): references to headings, never product scope. */
export function isChapter99(code: string): boolean {
  return code.startsWith("99");
}

/**
 * The codes of a "code-list line": a line whose tokens are all HTS provisions, optionally after a sub-list title that
 * ends with a colon ("(iv) Derivative steel articles:   7307.22.50 …") or a list number ("(1) 8541.42.00").
 * Returns undefined for any other line (prose), so numbers in prose (years, note numbers) are never read as codes.
 * Chapter 99 numbers are dropped.
 */
export function codeListCells(text: string): CodeCell[] | undefined {
  let body = text;
  let offset = 0;
  const colon = body.lastIndexOf(":");
  if (colon >= 0) {
    offset = colon + 1;
    body = body.slice(offset);
  }
  const marker = /^\s*\(\d{1,3}\)\s+/.exec(body);
  if (marker) {
    offset += marker[0].length;
    body = body.slice(marker[0].length);
  }
  const cells: CodeCell[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  let any = false;
  while ((m = TOKEN.exec(body)) !== null) {
    any = true;
    const digits = provisionDigits(m[0]);
    if (digits === undefined) return undefined;
    if (!isChapter99(digits)) cells.push({ col: offset + m.index, code: digits });
  }
  return any ? cells : undefined;
}

/** One item of a layout stream for {@link assignSections}: a code line, a sub-list title, or a page break. */
export type LayoutItem =
  | { kind: "cells"; line: number; cells: CodeCell[] }
  | { kind: "title"; line: number; section: number }
  | { kind: "page"; line: number };

/** A code assigned to a sub-list by {@link assignSections}. */
export interface PlacedCode {
  line: number;
  col: number;
  code: string;
  section: number;
}

/**
 * Assign the codes of several sub-lists that share pages to their sub-list, reading the grid column by column.
 *
 * pdftotext often shifts the first column of a code grid down by a few rows, so that on a page holding the end of one
 * list and the start of the next, codes of both lists share lines (U.S. note 16(c)(iv)/(v) on page 99-III-65 prints
 * "7326.20.0090  7406.20.00  7407.10.15  7407.21.50": one steel derivative and three copper articles). Reading in
 * line order mixes them. Within one column, though, each list is an unbroken run of rows, and the lists follow one
 * another. So, per page: cluster code columns, split each column into runs at rows where it is empty, and give the
 * k-th run of every column to the k-th list present on the page (the list continued from the previous page, if the
 * run count says there is one, then the lists whose titles are on the page). Columns whose run count does not match
 * fall back to line order (a code belongs to the last title above it).
 *
 * @param items layout stream in line order; `title.section` numbers must increase.
 * @param initialSection section in force before the first title (normally the first section).
 */
export function assignSections(items: readonly LayoutItem[], initialSection = 0): PlacedCode[] {
  const out: PlacedCode[] = [];
  let carry = initialSection;
  let page: LayoutItem[] = [];
  const flush = (): void => {
    if (page.length === 0) return;
    carry = assignPage(page, carry, out);
    page = [];
  };
  for (const item of items) {
    if (item.kind === "page") flush();
    else page.push(item);
  }
  flush();
  return out;
}

function assignPage(items: LayoutItem[], carry: number, out: PlacedCode[]): number {
  const titles = items.filter((i): i is Extract<LayoutItem, { kind: "title" }> => i.kind === "title");
  const rows = items.filter((i): i is Extract<LayoutItem, { kind: "cells" }> => i.kind === "cells");
  if (rows.length === 0) return titles.length > 0 ? titles[titles.length - 1]!.section : carry;

  // Cluster columns by start offset.
  const starts = [...new Set(rows.flatMap((r) => r.cells.map((c) => c.col)))].sort((a, b) => a - b);
  const clusters: number[][] = [];
  for (const s of starts) {
    const last = clusters[clusters.length - 1];
    if (last && s - last[last.length - 1]! <= 3) last.push(s);
    else clusters.push([s]);
  }
  const clusterOf = (col: number): number => clusters.findIndex((c) => c.includes(col));

  // Runs per column: consecutive source lines with a cell in the column.
  interface Run {
    cells: { line: number; cell: CodeCell }[];
  }
  const runs: Run[][] = clusters.map(() => []);
  const lastLine: number[] = clusters.map(() => -2);
  for (const r of rows) {
    for (const cell of r.cells) {
      const k = clusterOf(cell.col);
      const colRuns = runs[k]!;
      if (lastLine[k] === r.line - 1 && colRuns.length > 0)
        colRuns[colRuns.length - 1]!.cells.push({ line: r.line, cell });
      else colRuns.push({ cells: [{ line: r.line, cell }] });
      lastLine[k] = r.line;
    }
  }
  const maxRuns = Math.max(...runs.map((r) => r.length));
  // A list continues from the previous page when there are more runs than titles, or when the first (leftmost)
  // column has codes above the first title: only the first column is ever shifted down, never up.
  const leftAboveTitle = titles.length > 0 && (runs[0]?.[0]?.cells[0]?.line ?? Infinity) < titles[0]!.line;
  const hasCarry = titles.length === 0 || maxRuns > titles.length || leftAboveTitle;
  const sections = [...(hasCarry ? [carry] : []), ...titles.map((t) => t.section)];

  const byLine = (line: number): number => {
    let s = hasCarry ? carry : (titles[0]?.section ?? carry);
    for (const t of titles) if (t.line <= line) s = t.section;
    return s;
  };
  for (const colRuns of runs) {
    const ordered = colRuns.length === sections.length;
    colRuns.forEach((run, j) => {
      for (const { line, cell } of run.cells) {
        out.push({ line, col: cell.col, code: cell.code, section: ordered ? sections[j]! : byLine(line) });
      }
    });
  }
  return sections[sections.length - 1]!;
}

// ---------------------------------------------------------------------------------------------------------------
// Particular-article lists
// ---------------------------------------------------------------------------------------------------------------

/**
 * Parse a numbered list of particular articles: "(1) Etrogs (classifiable in subheading 0805.90.01);" — one entry per
 * item, the code taken from "classifiable in subheading …" (or "described in statistical reporting number(s) …", all
 * numbers of the item), the item text as `text`.
 *
 * @param lines source lines (index 0 is line `firstLine`).
 */
export function parseParticularArticles(lines: readonly string[], firstLine: number): ProductListEntry[] {
  const items: { line: number; text: string }[] = [];
  lines.forEach((raw, i) => {
    const m = /^\s*\((\d{1,3})\)\s+(.*)$/.exec(raw);
    if (m) items.push({ line: firstLine + i, text: m[2]!.trim() });
    else if (items.length > 0 && raw.trim() !== "" && !PAGE_NUMBER.test(raw)) {
      const last = items[items.length - 1]!;
      last.text = `${last.text} ${raw.trim()}`;
    }
  });
  const out: ProductListEntry[] = [];
  for (const item of items) {
    const found = particularArticleCodes(item.text);
    for (const code of found) out.push(makeEntry(code, item.line, { text: item.text.replace(/\s+/g, " ") }));
  }
  return out;
}

/** Codes named by a particular-article text ("classifiable in subheading X", "statistical reporting number(s) X or Y"). */
export function particularArticleCodes(text: string): string[] {
  const out: string[] = [];
  const re =
    /(?:subheadings?|statistical reporting numbers?|headings?)\s+((?:\d{4}(?:\.\d{2}){1,3}(?:\d{2})?(?:,\s*|\s+or\s+|\s+and\s+)?)+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    for (const tok of m[1]!.match(/\d{4}(?:\.\d{2}){1,3}(?:\d{2})?/g) ?? []) {
      const d = provisionDigits(tok);
      if (d && !isChapter99(d) && !out.includes(d)) out.push(d);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Annex tables with descriptions (code at line start, description beside it)
// ---------------------------------------------------------------------------------------------------------------

const PAGE_NUMBER = /^\s*\d{1,3}\s*$/;
/** A code at the start of a table row: followed by two spaces or the line end; dotted codes may be followed by one space. */
const CODE_AT_START =
  /^\s*(\d{4}\.\d{2}(?:\.\d{2}(?:\.\d{2})?|\.\d{4})?(?=\s|$)|\d{4}(?=\s{2,}|\s*$)|\d{8}(?=\s{2,}|\s*$)|\d{10}(?=\s{2,}|\s*$))(.*)$/;

interface TableRow {
  line: number;
  code: string;
  /** Own text printed on the code line. */
  own: string;
  /** Scope limitation printed in the last column ("Ex", "Aircraft"), if any. */
  limitation?: string;
  before: string[];
  after: string[];
  group?: string;
}

/**
 * Parse an annex table whose rows are "CODE  description…" with descriptions wrapped above, beside or below the code
 * (pdftotext aligns the code with the bottom, the top or the middle of its description cell, varying by table).
 * Description lines between two codes go to the previous code while they continue its sentence (start lower-case),
 * and the rest to the next code. Descriptions are informational; codes are exact.
 *
 * @param lines all lines of the file (index i = line i+1)
 * @param from first line to read (1-based), to the line before `to`
 * @param opts.isSkip extra lines to ignore (headers); opts.groupOf returns a group title for group-header lines.
 */
function parseAnnexTable(
  lines: readonly string[],
  from: number,
  to: number,
  opts: {
    isSkip?: (text: string) => boolean;
    groupHeader?: (i: number) => { group: string; consumed: number } | undefined;
    limitations?: RegExp;
  },
): TableRow[] {
  const rows: TableRow[] = [];
  let pending: string[] = [];
  let group: string | undefined;
  const settlePending = (next: TableRow | undefined): void => {
    const prev = rows[rows.length - 1];
    let i = 0;
    if (prev) {
      while (i < pending.length && /^[a-z0-9(“"'%,;.-]/.test(pending[i]!) && !/^\d{4}/.test(pending[i]!)) i++;
      prev.after.push(...pending.slice(0, i));
    }
    if (next) next.before.push(...pending.slice(i));
    else if (prev) prev.after.push(...pending.slice(i));
    pending = [];
  };
  for (let ln = from; ln < to; ln++) {
    const text = lines[ln - 1] ?? "";
    if (text.trim() === "" || PAGE_NUMBER.test(text) || opts.isSkip?.(text)) continue;
    const g = opts.groupHeader?.(ln);
    if (g) {
      settlePending(undefined);
      group = g.group;
      ln += g.consumed - 1;
      continue;
    }
    const m = CODE_AT_START.exec(text);
    if (m) {
      let own = m[2]!.trim();
      let limitation: string | undefined;
      if (opts.limitations) {
        const lm = opts.limitations.exec(m[2]!);
        if (lm) {
          limitation = lm[1];
          own = m[2]!.slice(0, lm.index).trim();
        }
      }
      const row: TableRow = { line: ln, code: provisionDigits(m[1]!)!, own, before: [], after: [] };
      if (limitation !== undefined) row.limitation = limitation;
      if (group !== undefined) row.group = group;
      settlePending(row);
      rows.push(row);
    } else {
      pending.push(text.trim());
    }
  }
  settlePending(undefined);
  return rows;
}

function joinWrapped(parts: readonly string[]): string {
  let out = "";
  for (const p of parts) {
    if (p === "") continue;
    if (out === "") out = p;
    else if (/[a-z]-$/.test(out)) out += p;
    else out += ` ${p}`;
  }
  return out.replace(/\s+/g, " ").trim();
}

function rowText(r: TableRow): string | undefined {
  const t = joinWrapped([...r.before, r.own, ...r.after]);
  return t === "" ? undefined : t;
}

// ---------------------------------------------------------------------------------------------------------------
// Reciprocal tariff (EO 14257, Apr 2, 2025)
// ---------------------------------------------------------------------------------------------------------------

/** One row of EO 14257 Annex I: a country or territory and its "reciprocal tariff, adjusted". */
export interface ReciprocalCountryRate {
  country: string;
  percent: number;
  line: number;
}

/** Parse EO 14257 Annex I text (country rates). */
export function parseReciprocalAnnexI(text: string, file = "reciprocal annex I"): ReciprocalCountryRate[] {
  const out: ReciprocalCountryRate[] = [];
  sourceLines(text).forEach((l, i) => {
    const m = /^\s*(\S.*?)\s{2,}(\d+(?:\.\d+)?)%\s*$/.exec(l);
    if (m) out.push({ country: m[1]!.trim(), percent: Number(m[2]), line: i + 1 });
  });
  if (out.length === 0)
    throw new DataFileError(file, "no country rates found (expected lines like 'China   34%')", { code: "BAD_ANNEX" });
  return out;
}

/**
 * EO 14257 Annex I (Apr 2, 2025): the country-specific "reciprocal tariff, adjusted" rates (57 countries and
 * territories in the official annex; China 34%).
 */
export async function readReciprocalAnnexI(file: string): Promise<ReciprocalCountryRate[]> {
  return parseReciprocalAnnexI(await readSourceText(file), file);
}

/** Parse EO 14257 Annex II text (products excluded from the reciprocal tariff, 8-digit HTSUS codes). */
export function parseReciprocalAnnexII(text: string, file = "reciprocal annex II"): ProductList {
  const lines = sourceLines(text);
  const header = lines.findIndex((l) => /^\s*HTSUS\s+Description\s*$/.test(l));
  if (header < 0) throw new DataFileError(file, "table header 'HTSUS  Description' not found", { code: "BAD_ANNEX" });
  const rows = parseAnnexTable(lines, header + 2, lines.length + 1, {
    isSkip: (t) => /^\s*HTSUS\s+Description\s*$/.test(t),
  });
  const entries = rows.map((r) => {
    const t = rowText(r);
    return makeEntry(r.code, r.line, t === undefined ? {} : { text: t });
  });
  if (entries.length === 0) throw new DataFileError(file, "no HTSUS codes found", { code: "BAD_ANNEX" });
  return {
    id: "reciprocal-2025-annex-ii",
    title: "EO 14257 Annex II: products not subject to the reciprocal tariff (as published Apr 2, 2025)",
    source: { file, where: "Annex II", lines: lineRange(entries)! },
    entries,
  };
}

/**
 * EO 14257 Annex II as published (Apr 2, 2025): the HTS-8 subheadings exempt from the reciprocal tariff. This is the
 * original list; later changes (the Apr 11, 2025 electronics memorandum, EO 14346 of Sep 5, 2025, the Nov 2025
 * agricultural order) are only in U.S. note 2(v)(iii) of Chapter 99.
 */
export async function readReciprocalAnnexII(file: string): Promise<ProductList> {
  return parseReciprocalAnnexII(await readSourceText(file), file);
}

// ---------------------------------------------------------------------------------------------------------------
// Section 122 (Proclamation of Feb 2026)
// ---------------------------------------------------------------------------------------------------------------

/** The product lists of the Section 122 proclamation annexes. */
export interface Section122Annexes {
  /**
   * Annex I is the HTSUS modification itself: new headings 9903.03.01–9903.03.11 (10% on all countries, Feb 24 –
   * Jul 24, 2026) and new U.S. note 2(aa). Its lists are those of note 2(aa).
   */
  annex1: {
    /** Note 2(aa)(ii), heading 9903.03.03: subheadings exempt outright. */
    exemptions: ProductList;
    /** Note 2(aa)(iii), heading 9903.03.04: 11 particular articles (exempt only as described). */
    particularArticles: ProductList;
    /** Note 2(aa)(iv), heading 9903.03.05: civil aircraft provisions (exempt only when general note 6 is met). */
    civilAircraft: ProductList;
    /** Heading numbers 9903.03.01–.11 inserted, with the line where each is printed. */
    headings: { heading: string; line: number }[];
  };
  /**
   * Annex II is the informational table of excluded provisions with descriptions and a "Scope Limitations" column:
   * blank (excluded outright = note 2(aa)(ii)), "Ex" (defined by the description = the particular articles of
   * 2(aa)(iii)), "Aircraft" (civil aircraft under general note 6 = 2(aa)(iv)).
   */
  annex2: {
    /** Every row, with `group` = "", "Ex" or "Aircraft". */
    all: ProductList;
    exemptions: ProductList;
    particularArticles: ProductList;
    civilAircraft: ProductList;
  };
}

/** Parse the two Section 122 annex texts. */
export function parseSection122Annexes(
  text1: string,
  text2: string,
  file1 = "section 122 annex 1",
  file2 = "section 122 annex 2",
): Section122Annexes {
  const l1 = sourceLines(text1);
  const find = (re: RegExp, from = 0): number => {
    for (let i = from; i < l1.length; i++) if (re.test(l1[i]!)) return i + 1;
    throw new DataFileError(file1, `cannot find ${re.source}`, { code: "BAD_ANNEX" });
  };
  const ii = find(/^\s*\(ii\) As provided in heading 9903\.03\.03/);
  const iii = find(/^\s*\(iii\) As provided in heading 9903\.03\.04/, ii);
  const iv = find(/^\s*\(iv\) As provided in heading 9903\.03\.05/, iii);
  const v = find(/^\s*\(v\) As provided in heading 9903\.03\.06/, iv);
  const gridEntries = (from: number, to: number): ProductListEntry[] => {
    const out: ProductListEntry[] = [];
    for (let ln = from; ln < to; ln++) {
      const cells = codeListCells(l1[ln - 1]!);
      if (cells) for (const c of cells) out.push(makeEntry(c.code, ln));
    }
    return out;
  };
  const ex = gridEntries(ii + 1, iii);
  const pa = parseParticularArticles(l1.slice(iii, iv - 1), iii + 1);
  const ac = gridEntries(iv + 1, v);
  const headings: { heading: string; line: number }[] = [];
  l1.forEach((l, i) => {
    const m = /^\s*[“"]?(9903\.03\.\d{2})\s/.exec(l);
    if (m) headings.push({ heading: m[1]!, line: i + 1 });
  });
  const list = (id: string, title: string, where: string, entries: ProductListEntry[], file: string): ProductList => ({
    id,
    title,
    source: { file, where, ...(entries.length > 0 ? { lines: lineRange(entries)! } : {}) },
    entries,
  });

  const l2 = sourceLines(text2);
  const header = l2.findIndex((l) => /^\s*HTSUS\s+Description\s+Limitations\s*$/.test(l));
  if (header < 0)
    throw new DataFileError(file2, "table header 'HTSUS Description … Limitations' not found", { code: "BAD_ANNEX" });
  const rows = parseAnnexTable(l2, header + 2, l2.length + 1, {
    isSkip: (t) => /^\s*(HTSUS\s+Description\s+Limitations|Scope)\s*$/.test(t),
    limitations: /\s+(Ex|Aircraft)\s*$/,
  });
  const all = rows.map((r) => {
    const t = rowText(r);
    return makeEntry(r.code, r.line, { ...(t === undefined ? {} : { text: t }), group: r.limitation ?? "" });
  });
  return {
    annex1: {
      exemptions: list(
        "s122-annex1-aa-ii",
        "Section 122 exemptions, heading 9903.03.03 (proclamation Annex I, note 2(aa)(ii))",
        "Annex I, note 2(aa)(ii)",
        ex,
        file1,
      ),
      particularArticles: list(
        "s122-annex1-aa-iii",
        "Section 122 particular articles, heading 9903.03.04 (proclamation Annex I, note 2(aa)(iii))",
        "Annex I, note 2(aa)(iii)",
        pa,
        file1,
      ),
      civilAircraft: list(
        "s122-annex1-aa-iv",
        "Section 122 civil aircraft provisions, heading 9903.03.05 (proclamation Annex I, note 2(aa)(iv)); general note 6 criteria required",
        "Annex I, note 2(aa)(iv)",
        ac,
        file1,
      ),
      headings,
    },
    annex2: {
      all: list(
        "s122-annex2",
        "Section 122 proclamation Annex II: provisions not covered by the action",
        "Annex II",
        all,
        file2,
      ),
      exemptions: list(
        "s122-annex2-full",
        "Section 122 Annex II rows with no scope limitation",
        "Annex II (no scope limitation)",
        all.filter((e) => e.group === ""),
        file2,
      ),
      particularArticles: list(
        "s122-annex2-ex",
        'Section 122 Annex II rows marked "Ex"',
        "Annex II (Ex)",
        all.filter((e) => e.group === "Ex"),
        file2,
      ),
      civilAircraft: list(
        "s122-annex2-aircraft",
        'Section 122 Annex II rows marked "Aircraft"',
        "Annex II (Aircraft)",
        all.filter((e) => e.group === "Aircraft"),
        file2,
      ),
    },
  };
}

/** Read the Section 122 proclamation Annex I (HTSUS modifications, note 2(aa)) and Annex II (informational table). */
export async function readSection122Annexes(annex1File: string, annex2File: string): Promise<Section122Annexes> {
  const [t1, t2] = await Promise.all([readSourceText(annex1File), readSourceText(annex2File)]);
  return parseSection122Annexes(t1, t2, annex1File, annex2File);
}

// ---------------------------------------------------------------------------------------------------------------
// Section 232 metals (Proclamation of Apr 2026)
// ---------------------------------------------------------------------------------------------------------------

/** Annex ids of the Apr 2026 Section 232 metals proclamation. */
export type MetalsAnnexId = "I-A" | "I-B" | "II" | "III" | "IV";

/** One annex of the metals proclamation. */
export interface MetalsAnnex {
  id: MetalsAnnexId;
  /** Title line as printed, e.g. "Annex I-A: 50% Section 232 Tariff on Full Value". */
  title: string;
  /** The annex's "Note:" paragraph (or Annex IV's opening), whitespace-normalised. */
  note: string;
  /** What the text says about the rate of the annex's articles, in words. */
  rate: string;
  /** First and last line of the annex. */
  lines: [number, number];
  /**
   * The annex's products. Annexes I-A, I-B, II, III: every row, `group` = the table's sub-title ("Steel",
   * "Steel Derivatives", "Aluminum", "Aluminum Derivatives", "Copper Articles" …), `rate` = the annex rate where the
   * annex states one (I-A "50%", I-B "25%"). Annex IV: the lists of the new U.S. note 16(c), `group` = "(c)(i) Articles
   * of aluminum" …, `rate` = the heading tier of that subdivision.
   */
  list: ProductList;
}

/** A heading inserted by the metals proclamation (Annex IV), with its rate columns as printed. */
export interface MetalsHeading {
  heading: string;
  line: number;
  description: string;
  general: string;
  special: string;
  column2: string;
}

/** All annexes of the metals proclamation plus the heading table of Annex IV. */
export interface Metals232Annexes {
  annexes: MetalsAnnex[];
  /** Note 16(c) subdivisions as proclaimed in Annex IV: id "(c)(i)" … "(c)(x)", title, and codes. */
  note16Subdivisions: { id: string; title: string; list: ProductList }[];
  /** Headings 9903.82.02–9903.82.17 as proclaimed in Annex IV (part A, effective Apr 6, 2026). */
  headings: MetalsHeading[];
}

const ANNEX_TITLE = /^\s*Annex (I-A|I-B|II|III|IV)(?::\s*(.*?))?\s*$/;

/** Subdivision tier of note 16(c) as stated by the Annex IV headings (Apr 6, 2026). */
export const NOTE16_TIERS: Readonly<Record<string, string>> = {
  "(c)(i)": "9903.82.02: +50% of full value",
  "(c)(ii)": "9903.82.02: +50% of full value",
  "(c)(iii)": "9903.82.02: +50% of full value",
  "(c)(iv)": "9903.82.02: +50% of full value",
  "(c)(v)": "9903.82.02: +50% of full value",
  "(c)(vi)": "9903.82.09: +25% of full value",
  "(c)(vii)": "9903.82.09: +25% of full value",
  "(c)(viii)": "9903.82.09: +25% of full value",
  "(c)(ix)": "9903.82.10: total 15% (9903.82.11 no change if column 1 >= 15%)",
  "(c)(x)": "9903.82.10: total 15% (9903.82.11 no change if column 1 >= 15%)",
};

function metalsGroupHeader(lines: readonly string[]): (ln: number) => { group: string; consumed: number } | undefined {
  const WORD = /^\s*(?:(Steel|Aluminum|Copper)\b)?\s*(?:(Derivatives?|Articles)\b)?\s*(Description)?\s*$/;
  return (ln) => {
    // A header block is up to 3 consecutive lines of the words above, one of which is "Description".
    const words: string[] = [];
    let sawDescription = false;
    let consumed = 0;
    for (let k = 0; k < 3; k++) {
      const t = lines[ln - 1 + k];
      if (t === undefined || t.trim() === "") break;
      const m = WORD.exec(t);
      if (!m) break;
      if (m[1]) words.push(m[1]);
      if (m[2]) words.push(m[2]);
      if (m[3]) sawDescription = true;
      consumed = k + 1;
    }
    if (!sawDescription || words.length === 0 || !/^(Steel|Aluminum|Copper)$/.test(words[0]!)) return undefined;
    return { group: words.join(" "), consumed };
  };
}

/** Parse the metals proclamation annex text. */
export function parseMetals232Annexes(text: string, file = "section 232 metals annexes"): Metals232Annexes {
  const lines = sourceLines(text);
  const starts: { id: MetalsAnnexId; title: string; line: number }[] = [];
  lines.forEach((l, i) => {
    const m = ANNEX_TITLE.exec(l);
    if (m) starts.push({ id: m[1] as MetalsAnnexId, title: l.trim(), line: i + 1 });
  });
  const ids = starts.map((s) => s.id).join(",");
  if (ids !== "I-A,I-B,II,III,IV")
    throw new DataFileError(file, `expected annexes I-A, I-B, II, III, IV in order; found ${ids || "none"}`, {
      code: "BAD_ANNEX",
    });

  const annexes: MetalsAnnex[] = [];
  let note16Subdivisions: Metals232Annexes["note16Subdivisions"] = [];
  let headings: MetalsHeading[] = [];
  const groupHeader = metalsGroupHeader(lines);
  starts.forEach((s, k) => {
    const end = k + 1 < starts.length ? starts[k + 1]!.line - 1 : lines.length;
    if (s.id !== "IV") {
      // Note paragraph: from "Note:" to the first group header.
      let ln = s.line + 1;
      const noteParts: string[] = [];
      while (ln <= end && !groupHeader(ln)) {
        noteParts.push(lines[ln - 1]!.trim());
        ln++;
      }
      const note = joinWrapped(noteParts);
      const rows = parseAnnexTable(lines, ln, end + 1, { groupHeader });
      const rate = s.id === "I-A" ? "50%" : s.id === "I-B" ? "25%" : undefined;
      const entries = rows.map((r) => {
        const t = rowText(r);
        return makeEntry(r.code, r.line, {
          ...(t === undefined ? {} : { text: t }),
          ...(rate === undefined ? {} : { rate }),
          ...(r.group === undefined ? {} : { group: r.group }),
        });
      });
      annexes.push({
        id: s.id,
        title: s.title,
        note,
        rate: METALS_ANNEX_RATE[s.id],
        lines: [s.line, end],
        list: {
          id: `metals232-annex-${s.id.toLowerCase()}`,
          title: s.title,
          source: { file, where: `Annex ${s.id}`, lines: [s.line, end] },
          entries,
        },
      });
    } else {
      const parsed = parseMetalsAnnexIV(lines, s.line, end, file);
      note16Subdivisions = parsed.subdivisions;
      headings = parsed.headings;
      const entries = parsed.subdivisions.flatMap((d) => d.list.entries);
      annexes.push({
        id: "IV",
        title: s.title,
        note: joinWrapped(lines.slice(s.line, s.line + 4).map((l) => l.trim())),
        rate: METALS_ANNEX_RATE.IV,
        lines: [s.line, end],
        list: {
          id: "metals232-annex-iv",
          title: "Annex IV: HTSUS modifications — new U.S. note 16(c) lists (i)–(x) with the tier of their heading",
          source: { file, where: "Annex IV, new U.S. note 16(c)", lines: lineRange(entries)! },
          entries,
        },
      });
    }
  });
  return { annexes, note16Subdivisions, headings };
}

/** What each annex's text says about its rate. */
const METALS_ANNEX_RATE: Record<MetalsAnnexId, string> = {
  "I-A": "50% ad valorem on the full value (title and note); an article on several lists of the annex pays 50% once",
  "I-B": "25% ad valorem on the full value (title and note); an article listed several times pays 25% once",
  II: "removed from Section 232 steel, aluminum and copper tariffs (no 232 duty); also motorcycle parts of chapters 84, 85, 87 listed in Annex I-B when imported exclusively for motorcycle manufacturing",
  III: "temporary reduction of the 25% derivative tariff 'as outlined in clause (5) of the Proclamation' until Dec 31, 2027 (clause (5) is not in this file). Per Annex IV headings for note 16(c)(ix)–(x): total 15% (9903.82.10; 9903.82.11 no change if column 1 >= 15%), total 10% with >= 95% US-melted/smelted metal (9903.82.07; .08 no change if column 1 >= 10%), +25% for general note 3(b) countries (9903.82.12), +25% Russia (9903.82.17). From Jan 1, 2028 (Annex IV part B) (c)(ix)/(x) fold into (c)(vi)/(vii) (+25%)",
  IV: "HTSUS modifications effective Apr 6, 2026: new U.S. note 16 and headings 9903.82.02 (+50%, (c)(i)–(v)), 9903.82.03 (no change, metal < 15% of weight outside ch. 72/73/74/76), .04 UK +25% ((c)(i)–(iv)), .05 UK +15% ((c)(vi)–(vii)), .06 +10% (US-melted, (c)(ii),(iv),(vi)–(viii)), .07 10% total / .08 no change ((c)(ix)–(x), US metal), .09 +25% ((c)(vi)–(viii)), .10 15% total / .11 no change ((c)(ix)–(x)), .12 +25% (GN 3(b) countries), .13 no change (motorcycle parts), .14–.17 Russia (+50%, +10%, +25%, +25%)",
};

function parseMetalsAnnexIV(
  lines: readonly string[],
  start: number,
  end: number,
  file: string,
): { subdivisions: Metals232Annexes["note16Subdivisions"]; headings: MetalsHeading[] } {
  // Locate subdivision (c) and its end at (d).
  let cLine = -1;
  let dLine = -1;
  for (let ln = start; ln <= end; ln++) {
    const t = lines[ln - 1]!;
    if (cLine < 0 && /^\s*\(c\)\s+Headings 9903\.82\.02/.test(t)) cLine = ln;
    else if (cLine > 0 && /^\s*\(d\)\s+Headings 9903\.82\.04/.test(t)) {
      dLine = ln;
      break;
    }
  }
  if (cLine < 0 || dLine < 0)
    throw new DataFileError(file, "Annex IV: note 16(c)/(d) not found", { code: "BAD_ANNEX" });
  const subdivisions = splitTitledCodeLists(
    lines,
    cLine,
    dLine,
    file,
    "Annex IV, new U.S. note 16",
    "metals232-annex-iv",
  );
  return { subdivisions, headings: parseHeadingTable(lines, dLine, end, /^\s{0,3}[“"]?(9903\.82\.\d{2})\s/) };
}

/** Roman subdivision title of a note 16(c)-style list: "(iv) Derivative steel articles:" anywhere before codes. */
const LIST_TITLE = /^\s*\((i{1,3}|iv|v|vi{1,3}|ix|x)\)\s+([A-Z][A-Za-z ]+?):/;

/**
 * Split a region made of titled code lists ("(i) Articles of aluminum:" followed by a code grid, and so on) into one
 * ProductList per title, using the column-aware {@link assignSections}. Lines for which `isPageBreak` is true separate
 * pages (default: page-number lines).
 */
export function splitTitledCodeLists(
  lines: readonly string[],
  from: number,
  to: number,
  file: string,
  wherePrefix: string,
  idPrefix: string,
  isPageBreak: (text: string, line: number) => boolean = (t) => PAGE_NUMBER.test(t),
): { id: string; title: string; list: ProductList }[] {
  const titles: { id: string; title: string; line: number }[] = [];
  const items: LayoutItem[] = [];
  for (let ln = from; ln < to; ln++) {
    const text = lines[ln - 1] ?? "";
    if (isPageBreak(text, ln)) {
      items.push({ kind: "page", line: ln });
      continue;
    }
    const tm = LIST_TITLE.exec(text);
    if (tm) {
      titles.push({ id: `(c)(${tm[1]})`, title: tm[2]!.trim(), line: ln });
      items.push({ kind: "title", line: ln, section: titles.length - 1 });
    }
    const cells = codeListCells(text);
    if (cells && cells.length > 0) items.push({ kind: "cells", line: ln, cells });
  }
  if (titles.length === 0)
    throw new DataFileError(file, `no titled lists between lines ${from} and ${to}`, { code: "BAD_ANNEX" });
  const placed = assignSections(items, 0).sort((a, b) => a.line - b.line || a.col - b.col);
  return titles.map((t, k) => {
    const entries = placed
      .filter((p) => p.section === k)
      .map((p) =>
        makeEntry(p.code, p.line, {
          group: `${t.id} ${t.title}`,
          ...(NOTE16_TIERS[t.id] ? { rate: NOTE16_TIERS[t.id] } : {}),
        }),
      );
    const range = lineRange(entries);
    return {
      id: t.id,
      title: t.title,
      list: {
        id: `${idPrefix}-${t.id.replace(/[()]+/g, "-").replace(/^-|-$/g, "")}`,
        title: `${t.id} ${t.title}`,
        source: {
          file,
          where: `${wherePrefix}${t.id}`,
          lines: [range ? Math.min(range[0], t.line) : t.line, range ? Math.max(range[1], t.line) : t.line],
        },
        entries,
      },
    };
  });
}

/**
 * Parse a heading table in the proclamation layout (heading number, description, then General / Special / Column 2
 * cells on the same row). Column positions are taken per heading from its first line, which prints all three rate
 * cells; continuation cells within two characters of a rate column belong to it.
 */
function parseHeadingTable(lines: readonly string[], from: number, to: number, headingRe: RegExp): MetalsHeading[] {
  const starts: number[] = [];
  for (let ln = from; ln <= to; ln++) if (headingRe.test(lines[ln - 1] ?? "")) starts.push(ln);
  const out: MetalsHeading[] = [];
  starts.forEach((ln, k) => {
    const stop = k + 1 < starts.length ? starts[k + 1]! : Math.min(to + 1, findBlockEnd(lines, ln, to));
    const first = cellsOf(lines[ln - 1]!);
    if (first.length < 4) return;
    const rateCols = first.slice(-3).map((c) => c.col);
    const desc: string[] = [];
    const cols: string[][] = [[], [], []];
    for (let l = ln; l < stop; l++) {
      const t = lines[l - 1] ?? "";
      if (PAGE_NUMBER.test(t)) continue;
      cellsOf(t).forEach((c, i) => {
        if (l === ln && i === 0) return; // the heading number
        if (c.col < rateCols[0]! - 2) {
          desc.push(c.text);
          return;
        }
        // A rate cell: the column it starts in (text spilling between columns goes to the column on its left).
        let j = 0;
        rateCols.forEach((x, idx) => {
          if (c.col >= x - 2) j = idx;
        });
        cols[j]!.push(c.text);
      });
    }
    const heading = headingRe.exec(lines[ln - 1]!)![1]!;
    const clean = (s: string): string =>
      joinWrapped([s])
        .replace(/[”"]+$/, "")
        .trim();
    out.push({
      heading,
      line: ln,
      description: clean(desc.join(" "))
        .replace(/(?:\s*\.)+\s*$/, "")
        .replace(/(\s*\.\s*){2,}/g, " "),
      general: clean(cols[0]!.join(" ")),
      special: clean(cols[1]!.join(" ")),
      column2: clean(cols[2]!.join(" ")),
    });
  });
  return out;
}

function findBlockEnd(lines: readonly string[], from: number, to: number): number {
  for (let ln = from + 1; ln <= to; ln++) if (/^\s*\d+\.\s{2,}/.test(lines[ln - 1] ?? "")) return ln;
  return to + 1;
}

function cellsOf(text: string): { col: number; text: string }[] {
  const out: { col: number; text: string }[] = [];
  const re = /\S+(?: \S+)*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ col: m.index, text: m[0] });
  return out;
}

/**
 * Read the Section 232 metals proclamation annexes (Apr 2026): Annex I-A (50% on full value), I-B (25% on full
 * value), II (removed from 232), III (temporary reduction list for derivatives) and IV (the HTSUS modifications:
 * new U.S. note 16 with lists (c)(i)–(x) and headings 9903.82.02–.17).
 */
export async function readMetals232Annexes(file: string): Promise<Metals232Annexes> {
  return parseMetals232Annexes(await readSourceText(file), file);
}
