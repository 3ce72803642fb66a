/**
 * USITC HTS change records: the list, per HTS edition, of every item changed, the nature of the change, its LEGAL
 * effective date and its legal source. Two stored forms are read:
 *
 * - the `pdftotext -layout` extraction of the USITC PDF (`<year>HTS<Rev>_change_record.txt`): a table whose columns
 *   are aligned by position; cells wrap over several lines, cells can be vertically centred (the item printed below
 *   the first line of its row), page layouts change from page to page (form feeds), and a row can have no date;
 * - the Markdown conversion of the same PDF (`hts-later/<release>/change-record.md`): pipe tables, sometimes with a
 *   cell split over two table rows, or a table header merged with data rows by the conversion.
 *
 * The parser never guesses a date: a row whose date is missing, "N/A", unreadable or implausible gets
 * `effectiveDate: undefined` and a warning on the record naming the line.
 */
import { readFile } from "node:fs/promises";
import { DataFileError } from "../common/errors.js";
import { formatHts, htsDigits } from "../common/htsCode.js";
import { isLegalDay, parseWrittenDate, type LegalDay } from "../common/legalDate.js";

// ---------------------------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------------------------

/** A range of HTS numbers named by one item cell ("9903.01.43–9903.01.76"), endpoints normalised as in `items`. */
export interface ItemRange {
  from: string;
  to: string;
}

/** Why a warning was raised. Every row without a legal date carries one of the first four codes. */
export type ChangeRecordWarningCode =
  /** The date cell is empty (e.g. 2026 rev 8 "Statistical Annex A"). */
  | "NO_DATE"
  /** The date cell says "N/A". */
  | "DATE_NOT_APPLICABLE"
  /** The date cell has text that is not a date. */
  | "UNREADABLE_DATE"
  /** The date cell is a calendar date outside the plausible range (e.g. "June 30, 3025" in 2025 rev 16). */
  | "IMPLAUSIBLE_DATE"
  /** The item cell is not a recognised HTS number, heading range or note reference. */
  | "UNRECOGNISED_ITEM"
  /** The item is a note reference whose chapter/subchapter was cut off or not printed. */
  | "INCOMPLETE_ITEM"
  /** The nature-of-change cell does not start with a known term (Added, Modified, Deleted, ...). */
  | "UNRECOGNISED_NATURE"
  /** The source cell is empty. */
  | "NO_SOURCE"
  /** The edition printed in the title is not the edition the caller named. */
  | "EDITION_MISMATCH"
  /** A row damaged by the PDF conversion (Markdown form); salvaged where the columns still line up. */
  | "GARBLED_ROW";

/** A problem found while parsing, with the 1-based line of the source file it concerns. */
export interface ChangeRecordWarning {
  code: ChangeRecordWarningCode;
  line: number;
  message: string;
}

/** One row of a change record. */
export interface ChangeItem {
  /**
   * The HTS items, headings or notes changed, normalised: HTS numbers in the JSON's dotted style ("9903.01.24",
   * "9403.20.00.75"); notes as "U.S. note 2(s) to subchapter III of chapter 99", "General note 4(d)",
   * "Statistical note 1 to chapter 27"; a heading range contributes its two printed endpoints (see `ranges`).
   */
  items: string[];
  /** Ranges of HTS numbers named by the row, kept as {from, to}; empty for single items and notes. */
  ranges: ItemRange[];
  /** The item cell as printed (wrapped lines joined by one space). */
  itemText: string;
  /** Nature of change as printed, e.g. "Added", "Modified (terminated)", "Technical correction (D added)". */
  nature: string;
  /** The LEGAL effective date column, when it holds a plausible date. Never the publication date. */
  effectiveDate?: LegalDay | undefined;
  /** The date cell as printed: "November 10, 2025", "7/31/2026", "N/A", or "" when empty. */
  effectiveDateText: string;
  /** Legal source as printed, e.g. "Executive Order", "PP 10984", "Notice", "484(f)", "PP 11046, PP 11056". */
  legalSource: string;
  /**
   * Basic-edition records only: the "Edition" column, i.e. where the change was first posted: an online revision of
   * the previous year ("Rev 16" in the 2026 Basic record means 2025 Revision 16) or the year itself ("2026") for
   * changes new in the basic edition.
   */
  firstPostedIn?: string | undefined;
  /** 1-based line of the row's first line in the source file. */
  line: number;
}

/** A parsed change record. */
export interface ChangeRecord {
  /** Edition id the caller named, e.g. "2025_rev_27". */
  edition: string;
  /** The file (path or name) the text came from, for provenance. */
  file: string;
  format: "text" | "markdown";
  /** Title line as printed, e.g. "Harmonized Tariff Schedule of the United States (2025 Revision 27)". */
  title?: string | undefined;
  /** Publication date printed under the title, when there is one (2025 Basic prints none). */
  publishedOn?: LegalDay | undefined;
  items: ChangeItem[];
  warnings: ChangeRecordWarning[];
}

// ---------------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------------

const MONTH =
  "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const WRITTEN_DATE = `${MONTH}\\.?\\s+\\d{1,2},?\\s+\\d{4}`;
const NUMERIC_DATE = `\\d{1,2}/\\d{1,2}/\\d{4}`;
const DATE_SOURCE = `(?<![A-Za-z0-9/])(?:${WRITTEN_DATE}|${NUMERIC_DATE})(?![0-9/])`;
const FULL_DATE = new RegExp(`^(?:${WRITTEN_DATE}|${NUMERIC_DATE})$`);
const NOT_APPLICABLE = /^N\/?A$/i;

/** The HTS took effect on January 1, 1989; no change record cites an earlier legal date. */
const EARLIEST_PLAUSIBLE_YEAR = 1989;
/** Announced future starts reach about a year ahead (e.g. Nov 10, 2026 in 2025 rev 28); allow some margin. */
const YEARS_AHEAD_PLAUSIBLE = 5;

function dateMatches(text: string): RegExpExecArray[] {
  return [...text.matchAll(new RegExp(DATE_SOURCE, "g"))];
}

/** "November 10, 2025" or US numeric "7/31/2026" → ISO day; undefined when it is not a calendar date. */
function parseDateText(text: string): LegalDay | undefined {
  const t = text.trim();
  const numeric = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (numeric) {
    const iso = `${numeric[3]}-${numeric[1]!.padStart(2, "0")}-${numeric[2]!.padStart(2, "0")}`;
    return isLegalDay(iso) ? iso : undefined;
  }
  return parseWrittenDate(t.replace(/,(\S)/, ", $1"));
}

interface DateReading {
  date?: LegalDay;
  warning?: { code: ChangeRecordWarningCode; message: string };
}

/** Read a date cell without ever returning a doubtful date. */
function readDateCell(text: string, editionYear: number | undefined): DateReading {
  const t = text.trim();
  if (t === "") return { warning: { code: "NO_DATE", message: "no effective date printed" } };
  if (NOT_APPLICABLE.test(t))
    return { warning: { code: "DATE_NOT_APPLICABLE", message: 'effective date printed as "N/A"' } };
  const day = FULL_DATE.test(t) ? parseDateText(t) : undefined;
  if (day === undefined)
    return { warning: { code: "UNREADABLE_DATE", message: `effective date "${t}" is not a date` } };
  const year = Number(day.slice(0, 4));
  const latest = (editionYear ?? new Date().getUTCFullYear()) + YEARS_AHEAD_PLAUSIBLE;
  if (year < EARLIEST_PLAUSIBLE_YEAR || year > latest) {
    return {
      warning: {
        code: "IMPLAUSIBLE_DATE",
        message: `effective date "${t}" is outside ${EARLIEST_PLAUSIBLE_YEAR}–${latest}; left undated`,
      },
    };
  }
  return { date: day };
}

// ---------------------------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------------------------

const HTS_NUMBER = String.raw`\d{4}(?:\.\d{2}(?:\.\d{2}(?:\.?\d{2})?)?)?`;
const HTS_ONLY = new RegExp(`^${HTS_NUMBER}$`);
const HTS_RANGE = new RegExp(`^(${HTS_NUMBER})\\s*(?:-|–|—|‐|through|to)\\s*(${HTS_NUMBER})$`, "i");
const NOTE = /^(Additional U\.\s?S\.|U\.\s?S\.|General|Statistical)\s+(notes?)\s+(.+)$/i;
const STAT_NOTE_MD = /^Ch(?:apter)?\.?\s*(\d{1,2}),?\s*Stat(?:istical)?\.?\s+Notes?\s+(.+)$/i;
const ANNEX = /^Statistical Annex\s+([A-Z])$/i;
const SUBCHAPTER = /^Subch(?:apter)?\.?\s+([IVXLC]+),?\s+(?:of\s+)?ch(?:apter)?\.?\s*(\d{1,2})$/i;
/** How a new item cell begins (used to tell a new row from a wrapped cell). */
const ITEM_START = new RegExp(
  `^(?:${HTS_NUMBER}(?:\\s|$|[-–—])|(?:Additional\\s+)?U\\.\\s?S\\.\\s+notes?\\b|General\\s+notes?\\b|Statistical\\s+(?:notes?|annex)\\b|Subch(?:apter)?\\.?\\s+[IVXLC]+\\b|Ch\\.?\\s*\\d+,\\s*Stat)`,
  "i",
);
/** An item cell that ends like this goes on in the next line. */
const CONTINUES_ITEM = /(?:[-–—,]|\bthrough|\band|\bto)$/i;
/** Terms the change records use to open the nature-of-change cell. */
const NATURE_TERMS =
  "Added|Deleted|Modified|Technical\\s+[Cc]orrection|Established|Discontinued|Annotated|Restored|Errata|Renumbered|Expired|Suspended|Terminated";
const NATURE_TERM = new RegExp(`^(?:${NATURE_TERMS})\\b`, "i");
/** A capitalised term inside running text (to split natures merged into one cell). */
const NATURE_TERM_IN_TEXT = new RegExp(`\\b(?:${NATURE_TERMS})\\b`, "g");

function formatHtsText(text: string): string {
  const digits = htsDigits(text);
  return digits === undefined ? text : formatHts(digits);
}

function cleanDesignation(text: string): string {
  return text
    .replace(/\s*[–—‐]\s*/g, "-")
    .replace(/\s*-\s*(?=\()/g, "-")
    .replace(/\s+/g, " ")
    .replace(/[,;\s]+$/, "")
    .trim();
}

/** An item cell read by normaliseChangeItem. */
export interface NormalisedItem {
  /** Normalised item names (see ChangeItem.items). */
  items: string[];
  /** Ranges of HTS numbers, kept as {from, to}. */
  ranges: ItemRange[];
  /** False when the text is no HTS number, range or note reference (then `items` holds the text as printed). */
  recognised: boolean;
  /** False for a note reference whose chapter or subchapter was cut off or not printed. */
  complete: boolean;
}

/**
 * Normalise one item cell: an HTS number, a range of HTS numbers, or a note reference. Notes are written
 * "U.S. note 2(s) to subchapter III of chapter 99"; dashes inside subdivision ranges become "-".
 */
export function normaliseChangeItem(text: string): NormalisedItem {
  const t = text.replace(/\s+/g, " ").trim();
  if (HTS_ONLY.test(t)) return { items: [formatHtsText(t)], ranges: [], recognised: true, complete: true };
  const range = HTS_RANGE.exec(t);
  if (range) {
    const from = formatHtsText(range[1]!);
    const to = formatHtsText(range[2]!);
    return { items: [from, to], ranges: [{ from, to }], recognised: true, complete: true };
  }
  const annex = ANNEX.exec(t);
  if (annex)
    return { items: [`Statistical Annex ${annex[1]!.toUpperCase()}`], ranges: [], recognised: true, complete: true };
  const subchapter = SUBCHAPTER.exec(t);
  if (subchapter) {
    const item = `Subchapter ${subchapter[1]!.toUpperCase()} of chapter ${Number(subchapter[2])}`;
    return { items: [item], ranges: [], recognised: true, complete: true };
  }
  const statMd = STAT_NOTE_MD.exec(t);
  if (statMd) {
    const item = `Statistical note ${cleanDesignation(statMd[2]!)} to chapter ${Number(statMd[1])}`;
    return { items: [item], ranges: [], recognised: true, complete: true };
  }
  const note = NOTE.exec(t);
  if (!note) return { items: [t], ranges: [], recognised: false, complete: false };
  const rawKind = note[1]!.toLowerCase();
  const plural = note[2]!.toLowerCase() === "notes";
  const kind = rawKind.startsWith("additional")
    ? "Additional U.S."
    : rawKind.startsWith("u")
      ? "U.S."
      : rawKind === "general"
        ? "General"
        : "Statistical";
  const word = plural ? "notes" : "note";
  const rest = note[3]!;
  if (kind === "General") {
    // General notes carry no chapter; text such as "29, chapter rule 1 for chapter 64" is part of the designation.
    return { items: [`General ${word} ${cleanDesignation(rest)}`], ranges: [], recognised: true, complete: true };
  }
  const locAt = rest.search(/,?\s*(?:\bto\s+)?\b(?:subch(?:apter)?\b|ch(?:apter)?\.?\s*\d|ch\.?\s*$|section\b)/i);
  const designation = cleanDesignation(locAt < 0 ? rest : rest.slice(0, locAt));
  const loc = locAt < 0 ? "" : rest.slice(locAt);
  const subch = /\bsubch(?:apter)?\.?\s*([IVXLC]+)\b/.exec(loc)?.[1];
  const chapter = /\b(?:ch|chapter)\.?\s*(\d{1,2})\b/i.exec(loc)?.[1];
  const section = /\bsection\s+([IVXLC]+)\b/i.exec(loc)?.[1];
  let where = "";
  if (subch) where = ` to subchapter ${subch}${chapter ? ` of chapter ${Number(chapter)}` : ""}`;
  else if (chapter) where = ` to chapter ${Number(chapter)}`;
  else if (section) where = ` to section ${section}`;
  const hasSubchWord = /\bsubch/i.test(loc);
  const complete =
    designation !== "" &&
    (subch !== undefined || chapter !== undefined || section !== undefined) &&
    (!hasSubchWord || (subch !== undefined && chapter !== undefined)) &&
    !/\bch\.?\s*$/i.test(loc);
  return { items: [`${kind} ${word} ${designation}${where}`], ranges: [], recognised: designation !== "", complete };
}

// ---------------------------------------------------------------------------------------------------------------
// Row assembly shared by both forms
// ---------------------------------------------------------------------------------------------------------------

type Column = "item" | "nature" | "date" | "source" | "revision";
const COLUMNS: Column[] = ["item", "nature", "date", "source", "revision"];

interface RowDraft {
  line: number;
  cells: Record<Column, string[]>;
  /** Start column of each cell's first fragment (text form only). */
  xs: Partial<Record<Column, number>>;
  /** The row was opened by an item cell alone (its other cells may follow on the next line). */
  itemOnly: boolean;
  extraWarnings: ChangeRecordWarning[];
}

function newDraft(line: number): RowDraft {
  return {
    line,
    cells: { item: [], nature: [], date: [], source: [], revision: [] },
    xs: {},
    itemOnly: false,
    extraWarnings: [],
  };
}

/**
 * A cell's fragments as one string. The hyphen characters U+2010 and U+2011 are read as "-": the same PDF glyph comes
 * out as either, depending on the extraction (pdftotext maps it to ASCII, pdfjs keeps the font's Unicode).
 */
function joinCell(parts: string[]): string {
  return parts.join(" ").replace(/\s+/g, " ").replace(/[\u2010\u2011]/g, "-").trim();
}

function hasText(d: RowDraft, c: Column): boolean {
  return d.cells[c].some((p) => p.trim() !== "");
}

function finishRow(d: RowDraft, editionYear: number | undefined, warnings: ChangeRecordWarning[]): ChangeItem {
  const itemText = joinCell(d.cells.item);
  const nature = joinCell(d.cells.nature);
  const effectiveDateText = joinCell(d.cells.date);
  const legalSource = joinCell(d.cells.source);
  const revision = joinCell(d.cells.revision);
  warnings.push(...d.extraWarnings);
  const reading = readDateCell(effectiveDateText, editionYear);
  if (reading.warning)
    warnings.push({
      ...reading.warning,
      line: d.line,
      message: `${itemText || "(no item)"}: ${reading.warning.message}`,
    });
  const norm = normaliseChangeItem(itemText);
  if (itemText === "") warnings.push({ code: "UNRECOGNISED_ITEM", line: d.line, message: "row has no item" });
  else if (!norm.recognised)
    warnings.push({
      code: "UNRECOGNISED_ITEM",
      line: d.line,
      message: `item "${itemText}" is not an HTS number or note`,
    });
  else if (!norm.complete) {
    warnings.push({
      code: "INCOMPLETE_ITEM",
      line: d.line,
      message: `item "${itemText}" does not print its full chapter/subchapter`,
    });
  }
  if (!NATURE_TERM.test(nature)) {
    warnings.push({
      code: "UNRECOGNISED_NATURE",
      line: d.line,
      message: `${itemText || "(no item)"}: nature of change "${nature}" is not a known term`,
    });
  }
  if (legalSource === "")
    warnings.push({ code: "NO_SOURCE", line: d.line, message: `${itemText || "(no item)"}: no legal source printed` });
  const item: ChangeItem = {
    items: itemText === "" ? [] : norm.items,
    ranges: norm.ranges,
    itemText,
    nature,
    effectiveDate: reading.date,
    effectiveDateText,
    legalSource,
    line: d.line,
  };
  if (revision !== "") item.firstPostedIn = revision;
  return item;
}

/** "(2025 Revision 27)" / "(2026)" / "CHANGE RECORD (2025)" → edition id. */
function editionFromTitle(title: string): string | undefined {
  const rev = /\((\d{4})\s+Revision\s+(\d+)\)/i.exec(title);
  if (rev) return `${rev[1]}_rev_${Number(rev[2])}`;
  const basic = /\((\d{4})(?:\s+Basic(?:\s+Edition)?)?\)/i.exec(title);
  if (basic) return `${basic[1]}_basic`;
  return undefined;
}

function editionYearOf(edition: string): number | undefined {
  const m = /^(\d{4})/.exec(edition.trim());
  return m ? Number(m[1]) : undefined;
}

function checkTitle(title: string | undefined, edition: string, line: number, warnings: ChangeRecordWarning[]): void {
  if (title === undefined) return;
  const printed = editionFromTitle(title);
  if (printed !== undefined && printed !== edition) {
    warnings.push({ code: "EDITION_MISMATCH", line, message: `title names edition ${printed}, expected ${edition}` });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// pdftotext -layout form
// ---------------------------------------------------------------------------------------------------------------

interface Seg {
  text: string;
  x: number;
}

/** Split a line into cells separated by two or more spaces; a date glued to other text by one space is cut off. */
function lineSegments(line: string): Seg[] {
  const out: Seg[] = [];
  for (const m of line.matchAll(/\S+(?: \S+)*/g)) {
    const text = m[0];
    const x = m.index;
    const dates = dateMatches(text);
    const last = dates[dates.length - 1];
    const first = dates[0];
    if (last && last.index > 0 && last.index + last[0].length === text.length) {
      out.push({ text: text.slice(0, last.index).trimEnd(), x });
      out.push({ text: last[0], x: x + last.index });
    } else if (first && first.index === 0 && first[0].length < text.length) {
      const after = text.slice(first[0].length);
      out.push({ text: first[0], x });
      out.push({ text: after.trimStart(), x: x + first[0].length + (after.length - after.trimStart().length) });
    } else out.push({ text, x });
  }
  return out;
}

const HEADER_LINE = /Item\s+changed.*Nature\s+of\s+change/i;
const PAGE_NUMBER = /^\s*\d{1,3}\s*$/;
/** Distance (characters) a cell may start left of its column and still belong to it. */
const X_TOLERANCE = 3;
/** How far left of the page's date column a date may start and still be the date cell (not nature text). */
const DATE_X_SLACK = 10;
/** Header labels are centred over their columns, so a column can start this far left of its label. */
const HEADER_SLACK = 8;

interface PageLayout {
  /** Positions learned from rows of this page. */
  learned: Partial<Record<Column, number>>;
  /** Positions of the header labels (labels are centred over their columns: approximate). */
  header: Partial<Record<Column, number>>;
}

function headerPositions(line: string): Partial<Record<Column, number>> {
  const pos: Partial<Record<Column, number>> = {};
  const find = (re: RegExp): number | undefined => {
    const m = re.exec(line);
    return m ? m.index : undefined;
  };
  pos.item = find(/Item\s+changed/i);
  pos.nature = find(/Nature\s+of/i);
  pos.date = find(/Effective/i);
  pos.source = find(/Source/i);
  pos.revision = find(/Edition/i);
  for (const c of COLUMNS) if (pos[c] === undefined) delete pos[c];
  return pos;
}

/** Which column a fragment starting at x belongs to, given column starts (row's own first, then the page's). */
function columnAt(x: number, row: RowDraft | undefined, page: PageLayout, hasRevision: boolean): Column {
  const starts: [Column, number][] = [];
  for (const c of ["nature", "date", "source", "revision"] as Column[]) {
    if (c === "revision" && !hasRevision) continue;
    const known = row?.xs[c] ?? page.learned[c];
    if (known !== undefined) starts.push([c, known - X_TOLERANCE]);
    else if (page.header[c] !== undefined) starts.push([c, page.header[c]! - HEADER_SLACK]);
  }
  starts.sort((a, b) => a[1] - b[1]);
  let col: Column = "item";
  for (const [c, at] of starts) if (x >= at) col = c;
  return col;
}

/** Pick the segment holding the effective date (or "N/A"), if the line has one. */
function findDateSegment(segs: Seg[], page: PageLayout): number | undefined {
  const learned = page.learned.date;
  const header = page.header.date;
  const reference = learned ?? header;
  const minX =
    learned !== undefined ? learned - DATE_X_SLACK : header !== undefined ? header - 2 * DATE_X_SLACK : -Infinity;
  const candidates: number[] = [];
  segs.forEach((s, i) => {
    if (!FULL_DATE.test(s.text) && !NOT_APPLICABLE.test(s.text)) return;
    // A row laid out "item  nature  date  source" is read as such wherever this page puts its columns.
    const cleanRow = i === 2 && ITEM_START.test(segs[0]!.text) && NATURE_TERM.test(segs[1]!.text);
    if (s.x >= minX || cleanRow) candidates.push(i);
  });
  if (candidates.length === 0) return undefined;
  if (candidates.length === 1 || reference === undefined) return candidates[0];
  let best = candidates[0]!;
  for (const i of candidates) if (Math.abs(segs[i]!.x - reference) < Math.abs(segs[best]!.x - reference)) best = i;
  return best;
}

/** The cells of a line that carries the date cell at `dateIdx`. */
function splitDatedLine(
  segs: Seg[],
  dateIdx: number,
  page: PageLayout,
  hasRevision: boolean,
): { itemSegs: Seg[]; natureSegs: Seg[]; dateSeg: Seg; sourceSegs: Seg[]; revisionSegs: Seg[] } {
  const before = segs.slice(0, dateIdx);
  const after = segs.slice(dateIdx + 1);
  const natureAt = page.learned.nature;
  const itemSegs: Seg[] = [];
  const natureSegs: Seg[] = [];
  if (before.length >= 2) {
    // First cell is the item; a further cell left of this page's nature column is a wide item's second part.
    itemSegs.push(before[0]!);
    for (const s of before.slice(1)) {
      const inItem = natureAt !== undefined && s.x + X_TOLERANCE < natureAt && natureSegs.length === 0;
      (inItem ? itemSegs : natureSegs).push(s);
    }
  } else if (before.length === 1) {
    // One cell: the item of a row whose other cells wrap, or the nature of a row whose item is printed lower down.
    const only = before[0]!;
    const inNature = natureAt !== undefined ? only.x + X_TOLERANCE >= natureAt : NATURE_TERM.test(only.text);
    (inNature ? natureSegs : itemSegs).push(only);
  }
  const withRevision = hasRevision && after.length >= 2;
  return {
    itemSegs,
    natureSegs,
    dateSeg: segs[dateIdx]!,
    sourceSegs: withRevision ? after.slice(0, -1) : after,
    revisionSegs: withRevision ? after.slice(-1) : [],
  };
}

/**
 * Parse the `pdftotext -layout` text of a USITC change record.
 * @param file name or path of the file, for provenance and error messages
 * @param edition edition id the record belongs to, e.g. "2025_rev_27"
 */
export function parseChangeRecordText(file: string, text: string, edition: string): ChangeRecord {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const warnings: ChangeRecordWarning[] = [];
  const items: ChangeItem[] = [];
  const editionYear = editionYearOf(edition);

  const firstHeader = lines.findIndex((l) => HEADER_LINE.test(l));
  if (firstHeader < 0) {
    throw new DataFileError(file, 'no change table found (no "Item changed … Nature of change" header line)', {
      code: "NOT_A_CHANGE_RECORD",
    });
  }

  // Preamble: title (first non-empty line) and the publication date printed alone on a line under it.
  let title: string | undefined;
  let titleLine = 0;
  let publishedOn: LegalDay | undefined;
  for (let i = 0; i < Math.min(firstHeader, 12); i++) {
    const t = lines[i]!.replace(/\f/g, "").trim();
    if (t === "") continue;
    if (title === undefined) {
      title = t;
      titleLine = i + 1;
      continue;
    }
    if (publishedOn === undefined && FULL_DATE.test(t)) publishedOn = parseDateText(t);
  }
  checkTitle(title, edition, titleLine, warnings);

  let hasRevision = false;
  const page: PageLayout = { learned: {}, header: {} };
  let row: RowDraft | undefined;
  const flush = (): void => {
    if (row) items.push(finishRow(row, editionYear, warnings));
    row = undefined;
  };

  for (let i = firstHeader; i < lines.length; i++) {
    let raw = lines[i]!.replace(/\t/g, "    ").replace(/\u00a0/g, " ");
    if (raw.includes("\f")) {
      page.learned = {};
      raw = raw.replace(/\f/g, "");
    }
    if (raw.trim() === "") continue;
    if (PAGE_NUMBER.test(raw)) {
      // Page numbers are centred; a number at the left margin ends an item cut after "ch" ("…, subch III, ch" / "99").
      const x = raw.search(/\S/);
      const endsWithChapter = row !== undefined && /\b(?:ch|chapter)\.?$/i.test(joinCell(row.cells.item));
      if (!(endsWithChapter && x < (page.learned.nature ?? 12) - X_TOLERANCE)) continue;
    }
    if (HEADER_LINE.test(raw)) {
      page.header = headerPositions(raw);
      page.learned = {};
      hasRevision = page.header.revision !== undefined;
      continue;
    }
    const lineNo = i + 1;
    const segs = lineSegments(raw);
    const dateIdx = findDateSegment(segs, page);

    if (dateIdx !== undefined) {
      // A line carrying the date cell opens a row (or completes a row opened by its item cell alone).
      const { itemSegs, natureSegs, dateSeg, sourceSegs, revisionSegs } = splitDatedLine(
        segs,
        dateIdx,
        page,
        hasRevision,
      );
      const itemText = itemSegs.map((s) => s.text).join(" ");
      let target: RowDraft;
      if (row && row.itemOnly && itemText === "" && !hasText(row, "date") && !hasText(row, "nature")) {
        target = row; // item printed above the rest of its row
        target.itemOnly = false;
      } else {
        flush();
        target = newDraft(lineNo);
        row = target;
      }
      if (itemSegs.length > 0) {
        target.cells.item.push(itemText);
        target.xs.item ??= itemSegs[0]!.x;
      }
      if (natureSegs.length > 0) {
        target.cells.nature.push(natureSegs.map((s) => s.text).join(" "));
        target.xs.nature = natureSegs[0]!.x;
      }
      target.cells.date.push(dateSeg.text);
      target.xs.date = dateSeg.x;
      if (sourceSegs.length > 0) {
        target.cells.source.push(sourceSegs.map((s) => s.text).join(" "));
        target.xs.source = sourceSegs[0]!.x;
      }
      if (revisionSegs.length > 0) {
        target.cells.revision.push(revisionSegs[0]!.text);
        target.xs.revision = revisionSegs[0]!.x;
      }
      // Learn this page's column starts from rows that show item and nature side by side.
      if (itemSegs.length > 0 && natureSegs.length > 0) page.learned.nature = natureSegs[0]!.x;
      page.learned.date = Math.min(page.learned.date ?? Infinity, dateSeg.x);
      if (sourceSegs.length > 0) page.learned.source = sourceSegs[0]!.x;
      if (revisionSegs.length > 0) page.learned.revision = revisionSegs[0]!.x;
      continue;
    }

    // No date on this line: a wrapped continuation, or a row printed without a date.
    const byColumn: Record<Column, Seg[]> = { item: [], nature: [], date: [], source: [], revision: [] };
    for (const s of segs) byColumn[columnAt(s.x, row, page, hasRevision)].push(s);
    const itemText = byColumn.item.map((s) => s.text).join(" ");
    const natureText = byColumn.nature.map((s) => s.text).join(" ");
    const currentItem = row ? joinCell(row.cells.item) : "";
    const continuesItem = CONTINUES_ITEM.test(currentItem);
    // A fresh item reference in the item column while the current row already has its item opens a new row
    // (printed without a date, or with its other cells on the next line).
    const startsRow =
      row === undefined || (itemText !== "" && ITEM_START.test(itemText) && currentItem !== "" && !continuesItem);
    if (startsRow) {
      flush();
      row = newDraft(lineNo);
      row.itemOnly = natureText === "" && byColumn.date.length === 0 && byColumn.source.length === 0;
    }
    const target = row!;
    for (const c of COLUMNS) {
      const parts = byColumn[c];
      if (parts.length === 0) continue;
      target.cells[c].push(parts.map((s) => s.text).join(" "));
      if (target.xs[c] === undefined) target.xs[c] = parts[0]!.x;
    }
  }
  flush();
  return { edition, file, format: "text", title, publishedOn, items, warnings };
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown form
// ---------------------------------------------------------------------------------------------------------------

const MD_SEPARATOR = /^\|(?:\s*:?-+:?\s*\|)+\s*$/;

function mdCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split("|").map((c) =>
    c
      .replace(/<\/?b>/gi, "")
      .replace(/\*\*/g, "")
      .trim(),
  );
}

function mdStrip(line: string): string {
  return line
    .replace(/<\/?b>/gi, "")
    .replace(/\*\*/g, "")
    .replace(/^#+\s*/, "")
    .trim();
}

type MdRole = Column | "extra";

const HEADER_LABELS: [Column, RegExp][] = [
  ["item", /^Item(?:\s+changed)?/i],
  ["nature", /^Nature\s+of\s+change/i],
  ["date", /^Effective(?:\s+date)?/i],
  ["source", /^Source/i],
  ["revision", /^Edition/i],
];

interface MdHeader {
  roles: MdRole[] | undefined;
  glossary: boolean;
  /** Text after the label in each cell, when the conversion merged data rows into the header. */
  merged: Partial<Record<Column, string>>;
}

function readMdHeader(cells: string[]): MdHeader {
  if (cells.some((c) => /^Term$/i.test(c)) && cells.some((c) => /^Meaning$/i.test(c))) {
    return { roles: undefined, glossary: true, merged: {} };
  }
  if (cells.every((c) => c === "")) return { roles: undefined, glossary: false, merged: {} };
  const roles: MdRole[] = [];
  const merged: Partial<Record<Column, string>> = {};
  for (const cell of cells) {
    const hit = HEADER_LABELS.find(([, re]) => re.test(cell));
    if (!hit) {
      roles.push("extra");
      continue;
    }
    const [col, re] = hit;
    roles.push(col);
    const rest = cell.replace(re, "").trim();
    if (rest !== "") merged[col] = rest;
  }
  return { roles: roles.some((r) => r !== "extra") ? roles : undefined, glossary: false, merged };
}

const SOURCE_TOKEN = /484\(f\)|PP\s*\d+|Executive\s+Order|Executive\s+Memorand(?:a|um)|FR\s+notice|Notice|N\/A/gi;

/**
 * The Markdown conversion sometimes merged several data rows into a table header: each header cell then holds the
 * label followed by the concatenated cells of those rows. Salvage them when every column has the same count.
 */
function salvageMergedHeader(
  merged: Partial<Record<Column, string>>,
): { item: string; nature: string; date: string; source: string }[] | undefined {
  const itemTexts = (merged.item ?? "").match(new RegExp(HTS_NUMBER, "g")) ?? [];
  const dates = dateMatches(merged.date ?? "").map((m) => m[0]);
  const sources = (merged.source ?? "").match(SOURCE_TOKEN) ?? [];
  const natureText = merged.nature ?? "";
  const starts = [...natureText.matchAll(NATURE_TERM_IN_TEXT)].map((m) => m.index);
  const natures = starts.map((s, k) => natureText.slice(s, starts[k + 1] ?? natureText.length).trim());
  const n = itemTexts.length;
  if (n === 0 || dates.length !== n || sources.length !== n || natures.length !== n) return undefined;
  return itemTexts.map((item, k) => ({ item, nature: natures[k]!, date: dates[k]!, source: sources[k]! }));
}

/**
 * Parse the Markdown conversion of a USITC change record (hts-later/<release>/change-record.md).
 * @param file name or path of the file, for provenance and error messages
 * @param edition edition id the record belongs to, e.g. "2026_rev_13"
 */
export function parseChangeRecordMarkdown(file: string, text: string, edition: string): ChangeRecord {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const warnings: ChangeRecordWarning[] = [];
  const items: ChangeItem[] = [];
  const editionYear = editionYearOf(edition);

  const firstTable = lines.findIndex(
    (l, i) => l.trim().startsWith("|") && MD_SEPARATOR.test((lines[i + 1] ?? "").trim()),
  );
  if (firstTable < 0)
    throw new DataFileError(file, "no change table found (no Markdown table)", { code: "NOT_A_CHANGE_RECORD" });

  let title: string | undefined;
  let titleLine = 0;
  let publishedOn: LegalDay | undefined;
  for (let i = 0; i < firstTable; i++) {
    const raw = lines[i]!;
    const t = mdStrip(raw);
    if (title === undefined && /^#\s/.test(raw.trim())) {
      title = t;
      titleLine = i + 1;
    } else if (title !== undefined && publishedOn === undefined && FULL_DATE.test(t)) publishedOn = parseDateText(t);
  }
  checkTitle(title, edition, titleLine, warnings);

  let roles: MdRole[] | undefined;
  let skipping = false;
  let row: RowDraft | undefined;
  const seenMerged = new Set<string>();
  const flush = (): void => {
    if (row) items.push(finishRow(row, editionYear, warnings));
    row = undefined;
  };

  for (let i = firstTable; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw.startsWith("|")) continue;
    if (MD_SEPARATOR.test(raw)) continue;
    const cells = mdCells(raw);
    const lineNo = i + 1;
    if (MD_SEPARATOR.test((lines[i + 1] ?? "").trim())) {
      // Table header.
      const header = readMdHeader(cells);
      if (header.glossary) {
        skipping = true;
        continue;
      }
      skipping = false;
      if (header.roles) roles = header.roles;
      else if (!roles || roles.length !== cells.length) roles = ["item", "nature", "date", "source"];
      if (Object.keys(header.merged).length > 0) {
        const key = raw.replace(/\s+/g, " ");
        if (seenMerged.has(key)) {
          warnings.push({
            code: "GARBLED_ROW",
            line: lineNo,
            message: "table header merged with data rows repeats an earlier one; skipped",
          });
          continue;
        }
        seenMerged.add(key);
        const rows = salvageMergedHeader(header.merged);
        if (!rows) {
          warnings.push({
            code: "GARBLED_ROW",
            line: lineNo,
            message: "table header merged with data rows that do not line up; not read",
          });
          continue;
        }
        flush();
        for (const r of rows) {
          const d = newDraft(lineNo);
          d.cells.item.push(r.item);
          d.cells.nature.push(r.nature);
          d.cells.date.push(r.date);
          d.cells.source.push(r.source);
          d.extraWarnings.push({
            code: "GARBLED_ROW",
            line: lineNo,
            message: `${r.item}: read from a table header merged with data rows by the PDF conversion`,
          });
          items.push(finishRow(d, editionYear, warnings));
        }
      }
      continue;
    }
    if (skipping) continue;
    const current = roles ?? ["item", "nature", "date", "source"];
    const byColumn: Record<Column, string[]> = { item: [], nature: [], date: [], source: [], revision: [] };
    cells.forEach((cell, k) => {
      if (cell === "") return;
      const role = current[k] ?? "extra";
      byColumn[role === "extra" ? "item" : role].push(cell);
    });
    // The date cell can carry stray words from neighbouring cells: keep the date, give the rest to the nature.
    const dateCell = byColumn.date.join(" ");
    const found = dateMatches(dateCell);
    let dateText = dateCell;
    if (found.length === 1) {
      dateText = found[0]![0];
      const leftover = (
        dateCell.slice(0, found[0]!.index) +
        " " +
        dateCell.slice(found[0]!.index + found[0]![0].length)
      )
        .replace(/^\s*date\b/i, "")
        .trim();
      if (leftover !== "") byColumn.nature.push(leftover);
    }
    const hasDate = found.length > 0 || NOT_APPLICABLE.test(dateCell.trim());
    const itemText = byColumn.item.join(" ");
    const natureText = byColumn.nature.join(" ");
    const currentItem = row ? joinCell(row.cells.item) : "";
    const continuesItem = CONTINUES_ITEM.test(currentItem);
    let target: RowDraft;
    if (hasDate) {
      if (row && row.itemOnly && itemText === "" && !hasText(row, "date")) {
        target = row;
        target.itemOnly = false;
      } else {
        flush();
        target = row = newDraft(lineNo);
      }
    } else if (
      row === undefined ||
      (itemText !== "" && ITEM_START.test(itemText) && currentItem !== "" && !continuesItem)
    ) {
      flush();
      target = row = newDraft(lineNo);
      target.itemOnly = natureText === "" && byColumn.source.length === 0;
    } else target = row;
    if (byColumn.item.length > 0) target.cells.item.push(itemText);
    if (byColumn.nature.length > 0) target.cells.nature.push(natureText);
    if (dateText.trim() !== "") target.cells.date.push(dateText);
    if (byColumn.source.length > 0) target.cells.source.push(byColumn.source.join(" "));
    if (byColumn.revision.length > 0) target.cells.revision.push(byColumn.revision.join(" "));
  }
  flush();
  return { edition, file, format: "markdown", title, publishedOn, items, warnings };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading and querying
// ---------------------------------------------------------------------------------------------------------------

/** Read a change record file: Markdown when the name ends in .md, else the pdftotext layout form. */
export async function readChangeRecord(path: string, edition: string): Promise<ChangeRecord> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new DataFileError(
      path,
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      {
        code: "MISSING_FILE",
        cause: err,
      },
    );
  }
  return /\.md$/i.test(path)
    ? parseChangeRecordMarkdown(path, text, edition)
    : parseChangeRecordText(path, text, edition);
}

function itemKey(text: string): { digits?: string; note?: string } {
  const t = text.replace(/\s+/g, " ").trim();
  const digits = htsDigits(t);
  if (digits !== undefined && (HTS_ONLY.test(t) || /^[\d.]+$/.test(t))) return { digits };
  return { note: normaliseChangeItem(t).items[0]!.toLowerCase() };
}

function rowNames(row: ChangeItem, key: { digits?: string; note?: string }): boolean {
  if (key.digits !== undefined) {
    const q = key.digits;
    if (row.items.some((it) => htsDigits(it) === q)) return true;
    return row.ranges.some((r) => {
      const from = htsDigits(r.from);
      const to = htsDigits(r.to);
      return (
        from !== undefined &&
        to !== undefined &&
        from.length === q.length &&
        to.length === q.length &&
        from <= q &&
        q <= to
      );
    });
  }
  // A reference cut short in print ("U.S. note 2(v)(iii)(a) to subchapter III") matches the full one, and back.
  const q = key.note!;
  return row.items.some((item) => {
    const it = item.toLowerCase();
    return it === q || q.startsWith(`${it} `) || it.startsWith(`${q} `);
  });
}

/** The rows of a record that name an item, heading or note, directly or through a range that contains it. */
export function changesFor(record: ChangeRecord, heading: string): ChangeItem[] {
  const key = itemKey(heading);
  return record.items.filter((row) => rowNames(row, key));
}

/**
 * All legal effective dates a record gives for an item, heading ("9903.01.24") or note ("U.S. note 2(s), subch III,
 * ch 99"), including rows naming a range that contains it. Distinct, ascending; rows without a date are left out.
 */
export function effectiveDatesFor(record: ChangeRecord, heading: string): LegalDay[] {
  const dates = new Set<LegalDay>();
  for (const row of changesFor(record, heading)) if (row.effectiveDate !== undefined) dates.add(row.effectiveDate);
  return [...dates].sort();
}
