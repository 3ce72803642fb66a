/**
 * Reader for the text of HTS Chapter 99 (a pdftotext -layout extraction of the USITC Chapter 99 PDF): splits it into
 * subchapters and U.S. notes with their subdivisions, strips page headers, extracts printed code lists, and names the
 * product lists the duty engine needs (reciprocal Annex II exemptions, Section 122 exemptions, Section 232 programs,
 * Section 301 four-year-review lines).
 *
 * Line numbers are 1-based lines of the decompressed text, so every list can be traced back to the page it came from.
 */
import { DataFileError } from "../common/errors.js";
import {
  codeListCells,
  isChapter99,
  parseParticularArticles,
  readSourceText,
  sourceLines,
  splitTitledCodeLists,
} from "./annexText.js";
import { makeEntry, provisionDigits, type ProductList, type ProductListEntry } from "./productList.js";
import { parseWrittenDate } from "../common/legalDate.js";

// ---------------------------------------------------------------------------------------------------------------
// Structure
// ---------------------------------------------------------------------------------------------------------------

/** One U.S. note of a subchapter. */
export interface NoteBlock {
  number: number;
  /** First line (the line printing "N."), 1-based. */
  startLine: number;
  /** Last line, inclusive. */
  endLine: number;
  /** True when the text reads "[Note deleted.]" / "[U.S. note N deleted]". */
  deleted: boolean;
}

/** The U.S. notes of one subchapter of Chapter 99. */
export interface SubchapterNotes {
  /** Roman numeral: "I", "III", "XV"… */
  id: string;
  /** Line of the "SUBCHAPTER N" title. */
  line: number;
  /** Last line of the notes (the line before the tariff table starts), inclusive. */
  notesEndLine: number;
  notes: NoteBlock[];
}

/** The parsed Chapter 99 text. */
export interface Chapter99Notes {
  file: string;
  /** Lines as decoded (index i = line i+1). */
  lines: string[];
  /**
   * The same lines with page headers blanked ("Harmonized Tariff Schedule…", "Annotated for Statistical Reporting
   * Purposes", "XXII", "99 - III - 12"), and the "U.S. Notes (con.)" prefix replaced by spaces so columns keep their
   * positions. Same indexing as `lines`.
   */
  clean: string[];
  /** Lines where a page header starts (page breaks), ascending. */
  pageBreaks: number[];
  subchapters: SubchapterNotes[];
}

/** A located piece of note text. */
export interface NoteSlice {
  subchapter: string;
  note: number;
  /** Subdivision path as asked, e.g. "(v)(iii)", or undefined for the whole note. */
  subdivision?: string;
  /** Text of lines startLine…endLine (clean lines, joined with "\n"); line k of the text is source line startLine+k. */
  text: string;
  startLine: number;
  endLine: number;
}

/** One subdivision of a note ("(v)", "(v)(iii)", "(v)(iii)(a)"…), with its extent. */
export interface NoteSubdivision {
  /** Marker labels from the note level down, e.g. ["v", "iii", "a"]. */
  path: string[];
  /** Path as printed, e.g. "(v)(iii)(a)". */
  label: string;
  startLine: number;
  /** Last line, inclusive (the line before the next marker at the same or a higher level, or the note's end). */
  endLine: number;
}

const HTS_HEADER =
  /^\s*Harmonized Tariff Schedule of the United States(?: Revision \d+| Basic Edition)? \(\d{4}\)(?:\s+X+I*)?\s*$/;
const ANNOTATED = /^\s*Annotated for Statistical Reporting Purposes\s*$/;
const SECTION_MARK = /^\s*X{1,2}I{0,3}\s*$/;
const PAGE_ID = /^\s*99\s*-\s*[IVXL]+(?:\s*-\s*\d*)?\s*$/;
const NOTES_CONT = /^(\s*)U\.S\. Notes(?: \(con\.\))?/;
const SUBCHAPTER = /^\s*\[?SUBCHAPTER ([IVXL]+)(?: deleted\])?\s*$/;
const TABLE_HEADER = /^\s*Heading\/\s+Stat\./;

/** Blank the page-header lines; returns the cleaned lines and the header start lines. */
function stripPageHeaders(lines: readonly string[]): { clean: string[]; pageBreaks: number[] } {
  const clean = [...lines];
  const pageBreaks: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!HTS_HEADER.test(lines[i]!)) continue;
    pageBreaks.push(i + 1);
    clean[i] = "";
    // The header block: up to 10 following lines of known header pieces and blanks, then "U.S. Notes (con.)".
    for (let j = i + 1; j < Math.min(lines.length, i + 11); j++) {
      const t = lines[j]!;
      if (t.trim() === "" || ANNOTATED.test(t) || SECTION_MARK.test(t) || PAGE_ID.test(t)) {
        clean[j] = "";
        continue;
      }
      const m = NOTES_CONT.exec(t);
      if (m) clean[j] = " ".repeat(m[0].length) + t.slice(m[0].length);
      break;
    }
  }
  return { clean, pageBreaks };
}

/** Parse decoded Chapter 99 text (see {@link readChapter99Notes}). */
export function parseChapter99Notes(text: string, file = "chapter 99"): Chapter99Notes {
  const lines = sourceLines(text);
  const { clean, pageBreaks } = stripPageHeaders(lines);
  const titles: { id: string; line: number }[] = [];
  clean.forEach((l, i) => {
    const m = SUBCHAPTER.exec(l);
    if (m) titles.push({ id: m[1]!, line: i + 1 });
  });
  if (titles.length === 0)
    throw new DataFileError(file, "no 'SUBCHAPTER' titles found: not a Chapter 99 text", { code: "BAD_NOTES" });
  const subchapters: SubchapterNotes[] = titles.map((t, k) => {
    const limit = k + 1 < titles.length ? titles[k + 1]!.line - 1 : clean.length;
    let end = limit;
    for (let ln = t.line + 1; ln <= limit; ln++) {
      if (TABLE_HEADER.test(clean[ln - 1]!)) {
        end = ln - 1;
        // Back off over the page header that precedes the table header.
        while (end > t.line && clean[end - 1]!.trim() === "") end--;
        break;
      }
    }
    return { id: t.id, line: t.line, notesEndLine: end, notes: splitNotes(clean, t.line + 1, end) };
  });
  return { file, lines, clean, pageBreaks, subchapters };
}

function splitNotes(clean: readonly string[], from: number, to: number): NoteBlock[] {
  const notes: NoteBlock[] = [];
  let current = 0;
  for (let ln = from; ln <= to; ln++) {
    const t = clean[ln - 1]!;
    let n: number | undefined;
    let deleted = false;
    const del = /^\s*\[U\.S\. note (\d{1,2}) deleted\]\s*$/i.exec(t);
    const num = /^\s{0,4}(\d{1,2})\.(?=\s|$)/.exec(t);
    if (del) {
      n = Number(del[1]);
      deleted = true;
    } else if (num) {
      n = Number(num[1]);
      deleted = /\[Note deleted\.?\]/i.test(t);
    }
    // Notes are numbered upward (gaps where notes were deleted); list items "1." … inside a note are lower.
    if (n === undefined || n <= current || n > current + 10 || (current === 0 && n !== 1 && !deleted)) continue;
    const prev = notes[notes.length - 1];
    if (prev) prev.endLine = lastNonBlank(clean, prev.startLine, ln - 1);
    notes.push({ number: n, startLine: ln, endLine: to, deleted });
    current = n;
  }
  const last = notes[notes.length - 1];
  if (last) last.endLine = lastNonBlank(clean, last.startLine, to);
  return notes;
}

function lastNonBlank(clean: readonly string[], from: number, to: number): number {
  let e = to;
  while (e > from && clean[e - 1]!.trim() === "") e--;
  return e;
}

/**
 * Read the Chapter 99 text (plain or gzipped): subchapters, their U.S. notes (page headers stripped), with line ranges.
 * Reading the 3.7 MB text is a single linear pass; subdivisions are parsed on demand.
 */
export async function readChapter99Notes(file: string): Promise<Chapter99Notes> {
  return parseChapter99Notes(await readSourceText(file), file);
}

/** The note block, or undefined. */
export function findNote(notes: Chapter99Notes, subchapter: string, note: number): NoteBlock | undefined {
  return notes.subchapters.find((s) => s.id === subchapter)?.notes.find((n) => n.number === note);
}

// ---------------------------------------------------------------------------------------------------------------
// Subdivisions
// ---------------------------------------------------------------------------------------------------------------

type Kind = "lower" | "roman" | "digit" | "upper";

interface Interp {
  kind: Kind;
  ord: number;
}

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10 };

function romanValue(s: string): number | undefined {
  if (!/^[ivx]+$/.test(s)) return undefined;
  let total = 0;
  for (let k = 0; k < s.length; k++) {
    const v = ROMAN[s[k]!]!;
    const next = k + 1 < s.length ? ROMAN[s[k + 1]!]! : 0;
    total += v < next ? -v : v;
  }
  // Reject non-canonical spellings (e.g. "iiii", "vv").
  const canon = (n: number): string => {
    const parts: [number, string][] = [
      [10, "x"],
      [9, "ix"],
      [5, "v"],
      [4, "iv"],
      [1, "i"],
    ];
    let out = "";
    for (const [v, r] of parts)
      while (n >= v) {
        out += r;
        n -= v;
      }
    return out;
  };
  return canon(total) === s ? total : undefined;
}

function interpretations(label: string): Interp[] {
  const out: Interp[] = [];
  if (/^\d+$/.test(label)) return [{ kind: "digit", ord: Number(label) }];
  if (/^[A-Z]$/.test(label)) return [{ kind: "upper", ord: label.charCodeAt(0) - 64 }];
  if (/^([a-z])\1*$/.test(label)) out.push({ kind: "lower", ord: label.charCodeAt(0) - 96 + 26 * (label.length - 1) });
  const r = romanValue(label);
  if (r !== undefined) out.push({ kind: "roman", ord: r });
  return out;
}

const MARKER_TOKEN = /^\s*\(([a-z]{1,7}|\d{1,3}|[A-Z])\)/;

/** Marker labels at the start of a line ("(v) (i)  Except…" → ["v", "i"]), or [] when the line does not open one. */
function markersOf(text: string): string[] {
  let rest = text.replace(/^\s{0,4}\d{1,2}\.(?=\s)/, "");
  const labels: string[] = [];
  for (;;) {
    const m = MARKER_TOKEN.exec(rest);
    if (!m) break;
    labels.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  if (labels.length === 0) return [];
  // A cross-reference at the start of a wrapped line: "(z)(xiv) of this note, …".
  if (/^\s*(of|to|and|or|through|in|as|under)\b/.test(rest) || /^[,;.)–-]/.test(rest)) return [];
  return labels;
}

interface Level {
  kind: Kind;
  ord: number;
  label: string;
}

interface Candidate {
  kind: Kind;
  ord: number;
  /** Index of the level replaced (sibling) or stack length (new child). */
  depth: number;
  rank: number;
}

function candidatesFor(stack: readonly Level[], label: string): Candidate[] {
  const ints = interpretations(label);
  const out: Candidate[] = [];
  for (let d = stack.length - 1; d >= 0; d--) {
    const lv = stack[d]!;
    for (const it of ints) if (it.kind === lv.kind && it.ord === lv.ord + 1) out.push({ ...it, depth: d, rank: 0 });
  }
  const deepest = stack[stack.length - 1];
  for (const it of ints)
    if (it.ord === 1 && it.kind !== deepest?.kind) out.push({ ...it, depth: stack.length, rank: 1 });
  if (out.length === 0) {
    // Gaps where subdivisions were deleted: the shallowest level of the same kind with a lower ordinal.
    for (let d = 0; d < stack.length && out.length === 0; d++) {
      const lv = stack[d]!;
      for (const it of ints) if (it.kind === lv.kind && it.ord > lv.ord) out.push({ ...it, depth: d, rank: 2 });
    }
  }
  if (out.length === 0 && stack.length === 0 && ints.length > 0) out.push({ ...ints[0]!, depth: 0, rank: 3 });
  return out;
}

function apply(stack: readonly Level[], c: Candidate, label: string): Level[] {
  return [...stack.slice(0, c.depth), { kind: c.kind, ord: c.ord, label }];
}

/** How well the next marker fits after a choice: 2 = continues it (successor or first child), 1 = closes it, 0 = misfit. */
function fit(stack: readonly Level[], next: string | undefined): number {
  if (next === undefined) return 1;
  const cs = candidatesFor(stack, next);
  if (cs.some((c) => c.rank <= 1 && c.depth >= stack.length - 1)) return 2;
  if (cs.some((c) => c.rank === 0)) return 1;
  return 0;
}

/**
 * The subdivision outline of a note: every marker that opens a subdivision, resolved to its level. Markers are
 * ambiguous in HTS notes — "(i)", "(v)", "(x)" are letters and Roman numerals, and lists nest letters, Roman numerals,
 * numbers and capitals in any order — so each marker is read as the successor of an open level (deepest first) or
 * the first child of the deepest level, and ties are broken by whether the next marker then fits. Markers that fit
 * nowhere (a wrapped "(B) are in response…") are not subdivisions.
 */
export function noteSubdivisions(notes: Chapter99Notes, subchapter: string, note: number): NoteSubdivision[] {
  const block = findNote(notes, subchapter, note);
  if (!block) return [];
  const marks: { line: number; labels: string[] }[] = [];
  for (let ln = block.startLine; ln <= block.endLine; ln++) {
    const labels = markersOf(notes.clean[ln - 1]!);
    if (labels.length > 0) marks.push({ line: ln, labels });
  }
  const flat: { line: number; label: string }[] = marks.flatMap((m) =>
    m.labels.map((label) => ({ line: m.line, label })),
  );
  const out: NoteSubdivision[] = [];
  const open: NoteSubdivision[] = [];
  let stack: Level[] = [];
  flat.forEach((tok, k) => {
    const cs = candidatesFor(stack, tok.label);
    if (cs.length === 0) return;
    const next = flat[k + 1]?.label;
    let best = cs[0]!;
    let bestScore = -1;
    for (const c of cs) {
      const score = fit(apply(stack, c, tok.label), next) * 10 - c.rank;
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    // Close subdivisions at or below the chosen depth.
    while (open.length > best.depth) {
      const closed = open.pop()!;
      closed.endLine = lastNonBlank(
        notes.clean,
        closed.startLine,
        tok.line - 1 >= closed.startLine ? tok.line - 1 : closed.startLine,
      );
    }
    stack = apply(stack, best, tok.label);
    const path = stack.map((l) => l.label);
    const sub: NoteSubdivision = {
      path,
      label: path.map((p) => `(${p})`).join(""),
      startLine: tok.line,
      endLine: block.endLine,
    };
    open.push(sub);
    out.push(sub);
  });
  for (const s of open) s.endLine = lastNonBlank(notes.clean, s.startLine, block.endLine);
  return out;
}

/**
 * The text of a note or of one of its subdivisions, with its line range. `subdivision` is the marker path below the
 * note, e.g. "(v)(iii)" or "(v)(iii)(a)". Page headers are blanked (lines kept, so line numbers hold).
 * Returns undefined when the note or subdivision is not in the text.
 */
export function noteText(
  notes: Chapter99Notes,
  where: { subchapter: string; note: number; subdivision?: string },
): NoteSlice | undefined {
  const block = findNote(notes, where.subchapter, where.note);
  if (!block) return undefined;
  let start = block.startLine;
  let end = block.endLine;
  if (where.subdivision) {
    const label = where.subdivision.replace(/\s+/g, "");
    const sub = noteSubdivisions(notes, where.subchapter, where.note).find((s) => s.label === label);
    if (!sub) return undefined;
    start = sub.startLine;
    end = sub.endLine;
  }
  const slice: NoteSlice = {
    subchapter: where.subchapter,
    note: where.note,
    text: notes.clean.slice(start - 1, end).join("\n"),
    startLine: start,
    endLine: end,
  };
  if (where.subdivision) slice.subdivision = where.subdivision;
  return slice;
}

function requireText(notes: Chapter99Notes, note: number, subdivision?: string, subchapter = "III"): NoteSlice {
  const s = noteText(notes, subdivision === undefined ? { subchapter, note } : { subchapter, note, subdivision });
  if (!s) {
    throw new DataFileError(notes.file, `U.S. note ${note}${subdivision ?? ""} of subchapter ${subchapter} not found`, {
      code: "NOTE_NOT_FOUND",
    });
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Code lists
// ---------------------------------------------------------------------------------------------------------------

const DOTTED_CODE = /(?<![\d.])\d{4}\.\d{2}(?:\.\d{2}(?:\.\d{2})?|\.\d{4})?(?![\d.]*\d)/g;

/**
 * The HTS codes printed in a piece of note text, in print order. Codes are read from code-list lines (lines made
 * only of codes, possibly after a list number "(1)" or a sub-list title ending in ":"), so 4-digit headings ("7601"),
 * 6-digit ("7302.10"), 8-digit and 10-digit numbers ("7616.99.5160") are taken, while years, note and paragraph
 * numbers, page numbers and chapter 99 references (9903.xx) are not. With `prose`, dotted codes of 6+ digits inside
 * sentences ("classifiable in subheading 0805.90.01") are taken too (chapter 99 numbers still excluded).
 *
 * @param text lines of note text
 * @param startLine source line of the first line of `text`
 */
export function extractCodeList(
  text: string,
  startLine: number,
  options: { prose?: boolean } = {},
): ProductListEntry[] {
  const out: ProductListEntry[] = [];
  text.split("\n").forEach((line, i) => {
    const ln = startLine + i;
    const cells = listLineCells(line);
    if (cells) {
      for (const c of cells) out.push(makeEntry(c.code, ln));
      return;
    }
    if (!options.prose) return;
    DOTTED_CODE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DOTTED_CODE.exec(line)) !== null) {
      const d = provisionDigits(m[0]);
      if (d && !isChapter99(d)) out.push(makeEntry(d, ln));
    }
  });
  return out;
}

/** Code-list cells, excluding lines that are only the tail of a sentence ("3301.29.51)."). */
function listLineCells(line: string): { col: number; code: string }[] | undefined {
  if (/\d\)\s*[.;]?\s*$/.test(line.trim()) && !/^\s*\(\d{1,3}\)/.test(line)) return undefined;
  return codeListCells(line);
}

function listFrom(
  id: string,
  title: string,
  where: string,
  file: string,
  slice: NoteSlice,
  entries: ProductListEntry[],
): ProductList {
  return { id, title, source: { file, where, lines: [slice.startLine, slice.endLine] }, entries };
}

/** A product list tied to the Chapter 99 heading(s) it is the scope of. */
export interface HeadingList {
  /** Headings whose scope the list is, e.g. ["9903.76.01"]. */
  headings: string[];
  list: ProductList;
  /** Number of codes the text says the list has, when it says so. */
  statedCount?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Named extractors
// ---------------------------------------------------------------------------------------------------------------

/** Reciprocal (IEEPA) exemptions of U.S. note 2(v)(iii) as of the edition read. */
export interface ReciprocalExemptionLists {
  /** 2(v)(iii)(a), heading 9903.01.32: provisions exempt from the reciprocal duties (prefix entries). */
  codes: ProductList;
  /** 2(v)(iii)(b), heading 9903.02.78: particular articles (exempt only as described). */
  particularArticles: ProductList;
}

/** Note 2(v)(iii): the Annex II exemption list (a) and the particular articles (b). */
export function reciprocalExemptionLists(notes: Chapter99Notes): ReciprocalExemptionLists {
  const a = requireText(notes, 2, "(v)(iii)(a)");
  const b = requireText(notes, 2, "(v)(iii)(b)");
  return {
    codes: listFrom(
      "note2-v-iii-a",
      "Reciprocal tariff exemptions, heading 9903.01.32 (U.S. note 2(v)(iii)(a))",
      "U.S. note 2(v)(iii)(a)",
      notes.file,
      a,
      extractCodeList(a.text, a.startLine),
    ),
    particularArticles: listFrom(
      "note2-v-iii-b",
      "Reciprocal tariff particular-article exemptions, heading 9903.02.78 (U.S. note 2(v)(iii)(b))",
      "U.S. note 2(v)(iii)(b)",
      notes.file,
      b,
      parseParticularArticles(b.text.split("\n"), b.startLine),
    ),
  };
}

/**
 * A plain list of subheadings printed in one subdivision of U.S. note 2 (e.g. "(x)(iii)(a)": the Brazil exemptions of
 * heading 9903.01.81; "(x)(iv)": the Brazil civil aircraft provisions of heading 9903.01.82).
 */
export function note2CodeList(notes: Chapter99Notes, subdivision: string, title: string): ProductList {
  const slice = requireText(notes, 2, subdivision);
  return listFrom(`note2-${subdivision.replace(/[()]+/g, "-").replace(/^-|-$/g, "")}`, title, `U.S. note 2${subdivision}`, notes.file, slice, extractCodeList(slice.text, slice.startLine));
}

/**
 * A plain list of provisions printed in one subdivision of another U.S. note of subchapter III (e.g. note 35(b): the
 * Japan civil aircraft provisions of heading 9903.96.02).
 */
export function noteCodeList(notes: Chapter99Notes, note: number, subdivision: string, title: string): ProductList {
  const slice = requireText(notes, note, subdivision);
  const key = subdivision.replace(/[()]+/g, "-").replace(/^-|-$/g, "");
  return listFrom(`note${note}-${key}`, title, `U.S. note ${note}${subdivision}`, notes.file, slice, extractCodeList(slice.text, slice.startLine));
}

/** Numbered particular articles of one subdivision of U.S. note 2 (e.g. "(v)(xxi)": EU particular articles, 9903.02.75). */
export function note2ParticularArticles(notes: Chapter99Notes, subdivision: string, title: string): ProductList {
  const slice = requireText(notes, 2, subdivision);
  const key = subdivision.replace(/[()]+/g, "-").replace(/^-|-$/g, "");
  return listFrom(`note2-${key}`, title, `U.S. note 2${subdivision}`, notes.file, slice, parseParticularArticles(slice.text.split("\n"), slice.startLine));
}

/** Section 122 exemptions of U.S. note 2(aa). */
export interface Section122Lists {
  /** 2(aa)(ii), heading 9903.03.03. */
  exemptions: ProductList;
  /** 2(aa)(iii), heading 9903.03.04: particular articles. */
  particularArticles: ProductList;
  /** 2(aa)(iv), heading 9903.03.05: civil aircraft, only when general note 6 criteria are met. */
  civilAircraft: ProductList;
}

/** Note 2(aa): Section 122 exemption lists (ii), (iii), (iv). */
export function section122Lists(notes: Chapter99Notes): Section122Lists {
  const ii = requireText(notes, 2, "(aa)(ii)");
  const iii = requireText(notes, 2, "(aa)(iii)");
  const iv = requireText(notes, 2, "(aa)(iv)");
  return {
    exemptions: listFrom(
      "note2-aa-ii",
      "Section 122 exemptions, heading 9903.03.03 (U.S. note 2(aa)(ii))",
      "U.S. note 2(aa)(ii)",
      notes.file,
      ii,
      extractCodeList(ii.text, ii.startLine),
    ),
    particularArticles: listFrom(
      "note2-aa-iii",
      "Section 122 particular articles, heading 9903.03.04 (U.S. note 2(aa)(iii))",
      "U.S. note 2(aa)(iii)",
      notes.file,
      iii,
      parseParticularArticles(iii.text.split("\n"), iii.startLine),
    ),
    civilAircraft: listFrom(
      "note2-aa-iv",
      "Section 122 civil aircraft provisions, heading 9903.03.05 (U.S. note 2(aa)(iv)); general note 6 criteria required",
      "U.S. note 2(aa)(iv)",
      notes.file,
      iv,
      extractCodeList(iv.text, iv.startLine),
    ),
  };
}

function headingsIn(text: string): string[] {
  return [...new Set(text.match(/9903\.\d{2}\.\d{2}/g) ?? [])];
}

/** First sentence of a subdivision (up to the list), whitespace-normalised. */
function leadSentence(slice: NoteSlice): string {
  const lines: string[] = [];
  for (const l of slice.text.split("\n")) {
    if (listLineCells(l)) break;
    lines.push(l.trim());
  }
  return lines.join(" ").replace(/\s+/g, " ").trim();
}

function headingList(
  notes: Chapter99Notes,
  note: number,
  sub: string,
  id: string,
  title: string,
  headings?: string[],
): HeadingList {
  const s = requireText(notes, note, sub);
  const lead = leadSentence(s);
  return {
    headings: headings ?? headingsIn(lead),
    list: listFrom(id, title, `U.S. note ${note}${sub}`, notes.file, s, extractCodeList(s.text, s.startLine)),
  };
}

/** Section 232 autos (note 33): passenger vehicles and light trucks (33(b)) and their parts (33(g)). */
export interface Autos232Lists {
  /** 33(b): provisions of heading 9903.94.01 (and the deal headings named in 33(b)). */
  vehicles: HeadingList;
  /** 33(g): parts provisions of heading 9903.94.05 (9903.94.06 for USMCA/non-auto use per 33(h)). */
  parts: HeadingList;
}

/** Note 33: the vehicle subheadings (b) and the parts list (g). */
export function autos232Lists(notes: Chapter99Notes): Autos232Lists {
  return {
    vehicles: headingList(
      notes,
      33,
      "(b)",
      "note33-b",
      "Section 232 passenger vehicles and light trucks, heading 9903.94.01 (U.S. note 33(b))",
    ),
    parts: headingList(
      notes,
      33,
      "(g)",
      "note33-g",
      "Section 232 auto parts, headings 9903.94.05/.06 (U.S. note 33(g))",
    ),
  };
}

/** Result for a note that may be absent or deleted in the edition read. */
export interface AbsentNote {
  present: false;
  /** What the text says, e.g. "36. [Note deleted.]". */
  reason: string;
  line?: number;
}

/**
 * Note 36 (Section 232 copper, 9903.78.01, from Aug 1, 2025). In 2026 Revision 6 the note reads "[Note deleted.]":
 * the metals proclamation of Apr 2026 (Annex IV, item A.7) deleted it and moved copper articles into note 16(c)(v)
 * and (c)(viii). Returns the list when the note is present, otherwise why it is not.
 */
export function copper232List(notes: Chapter99Notes): { present: true; list: HeadingList } | AbsentNote {
  const block = findNote(notes, "III", 36);
  if (!block) return { present: false, reason: "U.S. note 36 is not in the text" };
  if (block.deleted) return { present: false, reason: notes.clean[block.startLine - 1]!.trim(), line: block.startLine };
  const s = requireText(notes, 36);
  return {
    present: true,
    list: {
      headings: ["9903.78.01"],
      list: listFrom(
        "note36",
        "Section 232 copper (U.S. note 36)",
        "U.S. note 36",
        notes.file,
        s,
        extractCodeList(s.text, s.startLine),
      ),
    },
  };
}

/** Section 232 wood products (note 37), one list per heading. */
export interface Wood232Lists {
  /** 37(b): softwood timber and lumber, heading 9903.76.01. */
  timber: HeadingList;
  /** 37(d): upholstered wooden furniture, heading 9903.76.02 (and the deal headings .20–.23). */
  upholsteredFurniture: HeadingList;
  /** 37(f): kitchen cabinets and vanities and parts, heading 9903.76.03 (and .20–.23; .04 for non-wood goods). */
  kitchenCabinets: HeadingList;
}

/** Note 37: timber/lumber, upholstered furniture, kitchen cabinets and vanities. */
export function wood232Lists(notes: Chapter99Notes): Wood232Lists {
  return {
    timber: headingList(
      notes,
      37,
      "(b)",
      "note37-b",
      "Section 232 softwood timber and lumber, heading 9903.76.01 (U.S. note 37(b))",
    ),
    upholsteredFurniture: headingList(
      notes,
      37,
      "(d)",
      "note37-d",
      "Section 232 upholstered wooden furniture, heading 9903.76.02 (U.S. note 37(d))",
    ),
    kitchenCabinets: headingList(
      notes,
      37,
      "(f)",
      "note37-f",
      "Section 232 kitchen cabinets and vanities, heading 9903.76.03 (U.S. note 37(f))",
    ),
  };
}

/** Section 232 medium- and heavy-duty vehicles, buses and parts (note 38). */
export interface Trucks232Lists {
  /** 38(b): medium- and heavy-duty vehicles, heading 9903.74.01. */
  trucks: HeadingList;
  /** 38(c): buses, heading 9903.74.02. */
  buses: HeadingList;
  /** 38(i): parts of medium- and heavy-duty vehicles, heading 9903.74.08. */
  parts: HeadingList;
}

/** Note 38: trucks (b), buses (c), parts (i). */
export function trucks232Lists(notes: Chapter99Notes): Trucks232Lists {
  return {
    trucks: headingList(
      notes,
      38,
      "(b)",
      "note38-b",
      "Section 232 medium- and heavy-duty vehicles, heading 9903.74.01 (U.S. note 38(b))",
    ),
    buses: headingList(notes, 38, "(c)", "note38-c", "Section 232 buses, heading 9903.74.02 (U.S. note 38(c))"),
    parts: headingList(
      notes,
      38,
      "(i)",
      "note38-i",
      "Section 232 medium- and heavy-duty vehicle parts, heading 9903.74.08 (U.S. note 38(i))",
    ),
  };
}

/**
 * Note 39(b): provisions of semiconductor articles (heading 9903.79.01). Coverage also needs the technical test of
 * 39(b) (total processing performance and DRAM bandwidth windows); goods failing it go to 9903.79.02, and end uses
 * in 39(d) to 9903.79.03–.09. None of that is in the list.
 */
export function semiconductors232List(notes: Chapter99Notes): HeadingList {
  return headingList(
    notes,
    39,
    "(b)",
    "note39-b",
    "Section 232 semiconductor articles, heading 9903.79.01 (U.S. note 39(b)); technical parameters apply",
    ["9903.79.01"],
  );
}

/** One list of note 16(c) and the headings that point to it. */
export interface Metals232Subdivision {
  /** "(c)(i)" … "(c)(x)". */
  id: string;
  /** "Articles of aluminum", "Derivative steel articles"… (the title names the applicable metal). */
  title: string;
  list: ProductList;
  /** Headings 9903.82.xx whose description cites this subdivision, with their General rate as printed. */
  headings: { heading: string; general?: string }[];
}

/** Note 16 (Section 232 metals annex, from Apr 6, 2026) as printed in the edition read. */
export interface Metals232NoteLists {
  subdivisions: Metals232Subdivision[];
  /** Heading rows 9903.82.01–.19 of the edition's tariff table: description and the subdivisions they cite. */
  headings: Chapter99HeadingRow[];
}

/**
 * Note 16(c): the lists (c)(i)–(x) of the metals annex, each with the 9903.82.xx headings whose descriptions cite
 * it. Codes are assigned to lists column by column ({@link splitTitledCodeLists}), which is needed because the
 * printed grids of (c)(iv) and (c)(v) share lines on one page.
 */
export function metals232NoteLists(notes: Chapter99Notes): Metals232NoteLists {
  const c = requireText(notes, 16, "(c)");
  const breaks = new Set(notes.pageBreaks);
  const subs = splitTitledCodeLists(
    notes.clean,
    c.startLine,
    c.endLine + 1,
    notes.file,
    "U.S. note 16",
    "note16",
    (_t, ln) => breaks.has(ln),
  );
  const headings = chapter99HeadingRows(notes, "9903.82.");
  return {
    subdivisions: subs.map((s) => ({
      id: s.id,
      title: s.title,
      list: s.list,
      headings: headings
        .filter((h) => h.note16Subdivisions.includes(s.id))
        .map((h) => (h.general === undefined ? { heading: h.heading } : { heading: h.heading, general: h.general })),
    })),
    headings,
  };
}

/** The 8-digit lists of U.S. note 20 for the 2018–2019 Section 301 headings, keyed "20(b)", "20(d)", "20(f)", "20(s)(i)". */
export type Section301TradeWarLists = Record<"20(b)" | "20(d)" | "20(f)" | "20(s)(i)", HeadingList>;

/**
 * Note 20 (Section 301, Lists 1–4A): the 8-digit subheadings of 20(b) (9903.88.01), 20(d) (9903.88.02), 20(f)
 * (9903.88.03) and 20(s)(i) (9903.88.15), as printed in the edition of the file. 20(s)(i) is located by its own lead
 * ("(i) all products of China that are classified in the following 8-digit subheadings") after "(s) Heading 9903.88.15
 * applies to", up to "(ii) the following products": the subdivision parser cannot place "(s)" because a compiler's
 * note of 20(r) breaks a line before "(www)".
 */
export function section301TradeWarLists(notes: Chapter99Notes): Section301TradeWarLists {
  const plain = (sub: string, heading: string): HeadingList =>
    headingList(notes, 20, sub, `note20-${sub.replace(/[()]/g, "")}`, `Section 301, heading ${heading} (U.S. note 20${sub})`, [heading]);
  const block = findNote(notes, "III", 20);
  if (!block) throw new DataFileError(notes.file, "U.S. note 20 not found", { code: "MISSING_LIST" });
  const at = (re: RegExp, from: number): number => {
    for (let ln = from; ln <= block.endLine; ln++) if (re.test(notes.clean[ln - 1]!)) return ln;
    throw new DataFileError(notes.file, `note 20: no line matching ${re.source}`, { code: "MISSING_LIST" });
  };
  const s = at(/^\s*\(s\)\s+Heading 9903\.88\.15 applies to/, block.startLine);
  const i = at(/^\s*\(i\)\s+all products of China that are classified in the following 8-digit subheadings/, s);
  const ii = at(/^\s*\(ii\)\s+the following products of China/, i);
  const slice: NoteSlice = { subchapter: "III", note: 20, subdivision: "(s)(i)", text: notes.clean.slice(i - 1, ii - 1).join("\n"), startLine: i, endLine: ii - 1 };
  return {
    "20(b)": plain("(b)", "9903.88.01"),
    "20(d)": plain("(d)", "9903.88.02"),
    "20(f)": plain("(f)", "9903.88.03"),
    "20(s)(i)": {
      headings: ["9903.88.15"],
      list: listFrom("note20-s-i", "Section 301, heading 9903.88.15 (U.S. note 20(s)(i))", "U.S. note 20(s)(i)", notes.file, slice, extractCodeList(slice.text, slice.startLine)),
    },
  };
}

/** One heading of the Section 301 four-year review (note 31). */
export interface Section301ReviewHeading {
  heading: string;
  /** Note 31 subdivision, e.g. "(b)", "(f)(i)". */
  subdivision: string;
  list: ProductList;
  /** "Effective … on or after" date of the subdivision, ISO (YYYY-MM-DD). */
  from?: string;
  /** "and before" date, ISO, when the subdivision states one. */
  before?: string;
  /** Where the dates were read: the note subdivision, or (when the note states none) the heading row's description. */
  datesFrom?: "note" | "heading row";
  /** General rate of the heading row in the edition's tariff table. */
  general?: string;
  /** Number of list items the text states (note 31(b): "numbers (5) through (352)" → 348). */
  statedCount?: number;
  /** The subdivision's lead sentence. */
  lead: string;
}

/** The first written date ("September 27, 2024") in a text, as an ISO legal day. */
function isoDate(text: string): string | undefined {
  const m = /([A-Z][a-z]+\.?\s+\d{1,2},\s*\d{4})/.exec(text);
  return m ? parseWrittenDate(m[1]!) : undefined;
}

/**
 * Note 31 (Section 301 four-year review increases): for each heading the note assigns products to — 9903.91.01–.08,
 * .11, and .12/.14 (chassis, cranes) — its list, the effective dates the note states and the heading's General rate.
 * 9903.91.09 and .10 are exceptions defined only in their heading descriptions (see {@link chapter99HeadingRows}).
 */
export function section301ReviewLists(notes: Chapter99Notes): Section301ReviewHeading[] {
  const subs = noteSubdivisions(notes, "III", 31);
  const rows = chapter99HeadingRows(notes, "9903.91.");
  const out: Section301ReviewHeading[] = [];
  for (const sub of subs) {
    const slice = requireText(notes, 31, sub.label);
    const lead = leadSentence(slice);
    // The subdivision's own marker must introduce the heading ("(f)" alone does not; its "(f)(i)" does).
    const own = sub.path[sub.path.length - 1]!;
    const m = new RegExp(
      `^\\s*(?:\\(${sub.path.slice(0, -1).join("\\)\\s*\\(")}\\)\\s*)?\\(${own}\\)\\s*Heading (9903\\.91\\.\\d{2}) applies`,
    ).exec(lead);
    if (!m) continue;
    const heading = m[1]!;
    const seen = new Set<string>();
    const entries = extractCodeList(slice.text, slice.startLine, { prose: true }).filter(
      (e) => !seen.has(e.code) && seen.add(e.code),
    );
    const fromM = /on or after (?:12:01 a\.m\. [a-z ]+ time on )?([A-Z][a-z]+ \d{1,2}, \d{4})/.exec(lead);
    const beforeM = /and before ([A-Z][a-z]+ \d{1,2}, \d{4})/.exec(lead);
    const stated = /numbers \((\d+)\) through \((\d+)\), inclusive/.exec(lead);
    const row = rows.find((r) => r.heading === heading);
    const item: Section301ReviewHeading = {
      heading,
      subdivision: sub.label,
      list: listFrom(
        `note31-${heading}`,
        `Section 301 four-year review, heading ${heading} (U.S. note 31${sub.label})`,
        `U.S. note 31${sub.label}`,
        notes.file,
        slice,
        entries,
      ),
      lead,
    };
    let from = fromM ? isoDate(fromM[1]!) : undefined;
    let before = beforeM ? isoDate(beforeM[1]!) : undefined;
    item.datesFrom = "note";
    if (!from && row) {
      // Chassis and cranes (9903.91.12–.14): the note states no date; the heading description does.
      const hf = /on or after ([A-Z][a-z]+ \d{1,2},\s*\d{4})/.exec(row.description);
      const hb = /and before ([A-Z][a-z]+ \d{1,2},\s*\d{4})/.exec(row.description);
      from = hf ? isoDate(hf[1]!) : undefined;
      before = hb ? isoDate(hb[1]!) : undefined;
      item.datesFrom = "heading row";
    }
    if (from) item.from = from;
    if (before) item.before = before;
    if (row?.general) item.general = row.general;
    if (stated) item.statedCount = Number(stated[2]) - Number(stated[1]) + 1;
    out.push(item);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Heading rows of the tariff table
// ---------------------------------------------------------------------------------------------------------------

/** A heading row of the Chapter 99 tariff table (subchapter III), as far as the text layout allows. */
export interface Chapter99HeadingRow {
  heading: string;
  line: number;
  /** Article description (left column), whitespace-normalised, leader dots removed. */
  description: string;
  /**
   * The General rate expression, e.g. "The duty provided in the applicable subheading + 50%", "No change", "15%".
   * Read from the General column as a stream and assigned to headings in order; undefined when the number of
   * expressions found in the block does not equal the number of headings (layout too broken to trust).
   */
  general?: string;
  /** Note 16(c) subdivisions cited by the description ("(c)(i)–(v)" → "(c)(i)" … "(c)(v)"). */
  note16Subdivisions: string[];
}

const ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"];

/** Expand "(c)(ii), (iv), (vi)–(viii)" into ["(c)(ii)", "(c)(iv)", "(c)(vi)", "(c)(vii)", "(c)(viii)"]. */
export function expandSubdivisionRefs(description: string, letter = "c"): string[] {
  const out: string[] = [];
  const re = new RegExp(
    `\\(${letter}\\)((?:\\s*(?:,\\s*(?:and\\s+)?|and\\s+|[–-]\\s*)?\\((?:${ROMANS.join("|")})\\))+)`,
    "g",
  );
  let m: RegExpExecArray | null;
  while ((m = re.exec(description)) !== null) {
    const parts = [...m[1]!.matchAll(/([–-])?\s*\(([ivx]+)\)/g)];
    let prev: number | undefined;
    for (const p of parts) {
      const idx = ROMANS.indexOf(p[2]!);
      if (p[1] && prev !== undefined) for (let k = prev + 1; k <= idx; k++) out.push(`(${letter})(${ROMANS[k]})`);
      else out.push(`(${letter})(${ROMANS[idx]})`);
      prev = idx;
    }
  }
  return [...new Set(out)];
}

const RATE_EXPRESSION =
  /^(?:The duty provided (?:in|for in) (?:the applicable subheading|subheadings [\d., or]+?)(?:\s*\+\s*(?:a duty of )?\d+(?:\.\d+)?%(?: upon the value of the [A-Za-z.\- ]+ content)?)?\.?|No change|no change|Free|\d+(?:\.\d+)?%)$/;

const TABLE_NOISE =
  /Harmonized Tariff Schedule|Annotated for Statistical|Heading\/|Subheading Suf-|Article Description|^\s*Quantity|^\s*fix\b|See chapter 99 statistical note|shaded areas indicate|^\s*XXII\s*$|^\s*99\s*-\s*[IVX]+/;

/**
 * Heading rows of the subchapter III tariff table whose numbers start with `prefix` (e.g. "9903.82."). Descriptions
 * are reliable; the General column is printed out of vertical alignment in places, so it is read as a stream of
 * fragments (the column is located per page from the leftmost rate fragment right of the description) and split into
 * expressions, assigned to the headings in order.
 */
export function chapter99HeadingRows(notes: Chapter99Notes, prefix: string): Chapter99HeadingRow[] {
  const sub = notes.subchapters.find((s) => s.id === "III");
  if (!sub) return [];
  const next = notes.subchapters.find((s) => s.line > sub.line);
  const lastLine = next ? next.line - 1 : notes.lines.length;
  const esc = prefix.replace(/\./g, "\\.");
  const startRe = new RegExp(`^(${esc}\\d{2})\\s`);
  const starts: { heading: string; line: number }[] = [];
  let blockEnd = 0;
  for (let ln = sub.notesEndLine + 1; ln <= lastLine; ln++) {
    const t = notes.lines[ln - 1]!;
    const m = startRe.exec(t);
    if (m) starts.push({ heading: m[1]!, line: ln });
    else if (starts.length > 0 && /^9903\.\d{2}\.\d{2}\s/.test(t)) {
      blockEnd = ln - 1;
      break;
    }
  }
  if (starts.length === 0) return [];
  if (blockEnd === 0) blockEnd = lastLine;

  // Descriptions: text left of the rate columns.
  const rows: Chapter99HeadingRow[] = starts.map((s, k) => {
    const stop = k + 1 < starts.length ? starts[k + 1]!.line - 1 : blockEnd;
    const parts: string[] = [];
    for (let ln = s.line; ln <= stop; ln++) {
      const t = notes.lines[ln - 1]!;
      if (TABLE_NOISE.test(t)) continue;
      const left = (ln === s.line ? t.slice(s.heading.length) : t).replace(/^\s*1\/\s*/, "");
      const cut = left.search(/\S\s{6,}\S/);
      const desc = (cut >= 0 ? left.slice(0, cut + 1) : left).trim();
      if (desc && !/^(The duty|provided in|applicable|subheading|No change|no change|\d+%|General|Special)/.test(desc))
        parts.push(desc);
    }
    const description = parts
      .join(" ")
      .replace(/\s*\.{3,}\s*(1\/)?\s*$/, "")
      .replace(/\s+/g, " ")
      .trim();
    return { heading: s.heading, line: s.line, description, note16Subdivisions: expandSubdivisionRefs(description) };
  });

  // General column stream.
  const frags: string[] = [];
  let colX: number | undefined;
  for (let ln = starts[0]!.line; ln <= blockEnd; ln++) {
    const t = notes.lines[ln - 1]!;
    if (HTS_HEADER.test(t) || /^\s*Heading\/\s+Stat\./.test(t)) {
      colX = undefined; // new page: locate the column again
      continue;
    }
    if (TABLE_NOISE.test(t)) continue;
    const cells = [...t.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ col: m.index, text: m[0] }));
    if (colX === undefined) {
      const c = cells.find((x) => x.col >= 100 && /^(The duty|No change|no change|Free|\d+(?:\.\d+)?%)/.test(x.text));
      if (!c) continue;
      colX = c.col;
    }
    const x = colX;
    for (const c of cells)
      if (c.col >= x - 3 && c.col <= x + 3 && !/^(General|Special|1|2)$/.test(c.text)) frags.push(c.text);
  }
  const exprs: string[] = [];
  for (const f of frags) {
    const last = exprs[exprs.length - 1];
    const opens =
      /^(The duty|No change|no change|Free)\b/.test(f) ||
      (/^\d+(?:\.\d+)?%$/.test(f) && !(last !== undefined && /\+\s*$/.test(last)));
    if (opens || last === undefined) exprs.push(f);
    else exprs[exprs.length - 1] = `${last} ${f}`;
  }
  if (exprs.length === rows.length) {
    rows.forEach((r, k) => {
      const e = exprs[k]!.replace(/\s+/g, " ").trim();
      // Keep only well-formed expressions: where General and Special cells run together the text is garbled.
      if (RATE_EXPRESSION.test(e)) r.general = e;
    });
  }
  return rows;
}
