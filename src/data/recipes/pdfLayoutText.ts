/**
 * The text of a PDF laid out on a character grid, the way `pdftotext -layout` does: every text item is placed in the
 * column its x position falls in (the page's character cell estimated from the items' widths), items on one baseline
 * make one line, larger vertical gaps give blank lines, and pages are separated by a form feed. Tables come out as
 * column-aligned rows, so the readers of annexes and change records can take either this output or the mirror's
 * `pdftotext -layout` files.
 *
 * Uses pdfjs-dist (text items with their transforms); no rendering.
 */
import { loadPdfjs } from "./pdfjsLoader.js";

/** One piece of text on a page, in PDF units (origin bottom left). */
export interface PlacedText {
  str: string;
  /** Left edge and baseline. */
  x: number;
  y: number;
  /** Advance width of the whole string. */
  width: number;
  /** Font size (height of the text matrix). */
  size: number;
}

/** Options of the layout (defaults fit US government PDFs). */
export interface LayoutOptions {
  /** Baselines closer than this fraction of the font size are one line (default 0.5). */
  baselineTolerance?: number;
}

/** Percentile of the per-character advances taken as the grid's cell width. */
const CELL_PERCENTILE = 0.1;
/** Gaps below this fraction of the font size join two items into one word. */
const TOUCHING = 0.08;
/** Gaps below this fraction of the font size are a word space; wider ones separate cells. */
const WORD_SPACE = 0.45;

/** Text of one table cell on a line: words joined, with its left and right edges. */
export interface Cell {
  text: string;
  x: number;
  right: number;
}

/**
 * Width of one character cell on a page: a low percentile of the advance per character of its text items, so that
 * a string printed in the PDF takes no more columns than the space it spans (text never runs into the next column).
 */
export function characterCell(items: readonly PlacedText[]): number {
  const perChar = items
    .filter((i) => i.str.trim().length >= 3 && i.width > 0)
    .map((i) => i.width / [...i.str].length)
    .sort((a, b) => a - b);
  if (perChar.length === 0) return 5;
  const low = perChar[Math.floor(perChar.length * CELL_PERCENTILE)] ?? 5;
  return low > 0 ? low : 5;
}

/** Group items into lines by baseline (top of the page first), each line's items ordered by x. */
export function groupLines(items: readonly PlacedText[], tolerance = 0.5): PlacedText[][] {
  const sorted = items.filter((i) => i.str.length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Array<{ y: number; size: number; items: PlacedText[] }> = [];
  for (const item of sorted) {
    const last = lines[lines.length - 1];
    const small = Math.min(item.size, last?.size ?? item.size);
    const large = Math.max(item.size, last?.size ?? item.size);
    // Superscripts and subscripts (text much smaller than the line's) sit within a larger distance of the baseline.
    const limit = Math.max(1, tolerance * (small < large * 0.85 ? large : small));
    if (last && Math.abs(last.y - item.y) <= limit) {
      last.items.push(item);
      // The line's baseline is that of its largest text.
      if (item.size > last.size) {
        last.y = item.y;
        last.size = item.size;
      }
    } else {
      lines.push({ y: item.y, size: item.size, items: [item] });
    }
  }
  return lines.map((l) => l.items.sort((a, b) => a.x - b.x));
}

/** The cells of one line: items joined into words and words into cells; a gap wider than a word space splits. */
export function lineCells(items: readonly PlacedText[], cell: number): Cell[] {
  const cells: Cell[] = [];
  for (const item of items) {
    const prev = cells[cells.length - 1];
    // Space items are dropped: their widths often span a whole column gap.
    if (item.str.trim() === "") continue;
    const gap = prev ? item.x - prev.right : Number.POSITIVE_INFINITY;
    const em = item.size > 0 ? item.size : cell * 2;
    if (prev && gap < em * TOUCHING) {
      prev.text += item.str;
      prev.right = Math.max(prev.right, item.x + item.width);
      continue;
    }
    if (prev && gap < em * WORD_SPACE) {
      prev.text = `${prev.text.replace(/\s+$/u, "")} ${item.str}`;
      prev.right = Math.max(prev.right, item.x + item.width);
      continue;
    }
    cells.push({ text: item.str, x: item.x, right: item.x + item.width });
  }
  for (const c of cells) c.text = c.text.replace(/\s+/gu, " ").trim();
  return cells;
}

/**
 * Grid columns of a page's cells. Cells starting at (about) the same x share a tab stop, so a table's column stays
 * aligned from row to row. A stop starts at the column of its x, or further right when a cell before it on some line
 * runs long (at least two spaces after that cell); stops keep their left-to-right order. This is how
 * `pdftotext -layout` keeps columns apart where text is wider than the grid allows.
 */
export function tabColumns(lines: readonly Cell[][], left: number, cell: number): Map<Cell, number> {
  const all = lines.flat().sort((p, q) => p.x - q.x);
  const stopOf = new Map<Cell, number>();
  const stopX: number[] = [];
  for (const c of all) {
    const last = stopX.length - 1;
    if (last >= 0 && c.x - (stopX[last] ?? 0) <= cell * 0.5) stopOf.set(c, last);
    else {
      stopX.push(c.x);
      stopOf.set(c, stopX.length - 1);
    }
  }
  // For each stop, the cells just before cells at that stop on their lines.
  const before: Cell[][] = stopX.map(() => []);
  for (const line of lines)
    for (let i = 1; i < line.length; i++) {
      const stop = stopOf.get(line[i] as Cell) as number;
      (before[stop] as Cell[]).push(line[i - 1] as Cell);
    }
  const columnOfStop: number[] = [];
  for (let k = 0; k < stopX.length; k++) {
    let column = Math.max(0, Math.round(((stopX[k] ?? 0) - left) / cell));
    if (k > 0) column = Math.max(column, (columnOfStop[k - 1] ?? 0) + 1);
    for (const prev of before[k] ?? []) {
      const prevColumn = columnOfStop[stopOf.get(prev) as number] ?? 0;
      column = Math.max(column, prevColumn + [...prev.text].length + 2);
    }
    columnOfStop.push(column);
  }
  return new Map(all.map((c) => [c, columnOfStop[stopOf.get(c) as number] ?? 0]));
}

/** One line: its cells at their columns (at least two spaces apart). */
function layLine(cells: readonly Cell[], columns: Map<Cell, number>): string {
  let out = "";
  for (const c of cells) {
    const column = columns.get(c) ?? 0;
    out += " ".repeat(out.length === 0 ? column : Math.max(column - out.length, 2));
    out += c.text;
  }
  return out.replace(/\s+$/u, "");
}

/** The text of one page, laid out. `left` is the leftmost x of the document's text (the grid's column 0). */
export function layPage(items: readonly PlacedText[], left: number, options: LayoutOptions = {}): string {
  const cell = characterCell(items);
  const lines = groupLines(items, options.baselineTolerance ?? 0.5);
  const cells = lines.map((l) => lineCells(l, cell));
  const columns = tabColumns(cells, left, cell);
  const out: string[] = [];
  let prevY: number | undefined;
  let prevSize = 0;
  lines.forEach((line, i) => {
    const y = line.reduce((m, it) => Math.max(m, it.y), Number.NEGATIVE_INFINITY);
    const size = line.reduce((m, it) => Math.max(m, it.size), 0);
    if (prevY !== undefined) {
      // A gap of about two lines or more leaves a blank line (as pdftotext does between paragraphs and blocks).
      const step = Math.max(prevSize, size) * 1.15;
      const blanks = step > 0 ? Math.min(3, Math.floor((prevY - y) / step - 0.9)) : 0;
      for (let b = 0; b < blanks; b++) out.push("");
    }
    out.push(layLine(cells[i] ?? [], columns));
    prevY = y;
    prevSize = size;
  });
  return out.join("\n");
}

interface TextItemLike {
  str?: unknown;
  transform?: unknown;
  width?: unknown;
  height?: unknown;
}

function toPlaced(item: TextItemLike): PlacedText | null {
  if (typeof item.str !== "string" || !Array.isArray(item.transform)) return null;
  const [a, b, c, d, e, f] = item.transform as number[];
  if (![a, b, c, d, e, f].every((v) => typeof v === "number" && Number.isFinite(v))) return null;
  // Text that is not upright (rotated margins, vertical labels) is not part of the page's rows.
  if (Math.abs(b as number) > 1e-3 || Math.abs(c as number) > 1e-3 || (a as number) <= 0 || (d as number) <= 0)
    return null;
  const size = Math.hypot(c as number, d as number) || (typeof item.height === "number" ? item.height : 0);
  return {
    str: item.str,
    x: e as number,
    y: f as number,
    width: typeof item.width === "number" ? item.width : 0,
    size,
  };
}

/** Error for bytes pdfjs cannot read as a PDF; names the document. */
export class PdfTextError extends Error {
  constructor(
    readonly document: string,
    message: string,
  ) {
    super(`${document}: ${message}`);
    this.name = "PdfTextError";
  }
}

/**
 * The laid-out text of a PDF (`data`), pages separated by form feeds, ending with a form feed as `pdftotext` does.
 * `label` names the document in errors (a dataset and its address).
 */
export async function pdfLayoutText(data: Uint8Array, label: string, options: LayoutOptions = {}): Promise<string> {
  if (!Buffer.from(data.subarray(0, 5)).toString("latin1").startsWith("%PDF-"))
    throw new PdfTextError(label, "not a PDF (the bytes do not start with %PDF-)");
  // pdfjs takes ownership of the buffer it is given: pass a copy.
  const { getDocument } = await loadPdfjs();
  const task = getDocument({
    data: new Uint8Array(data),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw new PdfTextError(label, `cannot be read as a PDF (${(err as Error).message})`);
  }
  try {
    const pages: PlacedText[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(content.items.map((i) => toPlaced(i as TextItemLike)).filter((p): p is PlacedText => p !== null));
      page.cleanup();
    }
    let left = Number.POSITIVE_INFINITY;
    for (const items of pages) for (const i of items) if (i.str.trim() !== "" && i.x < left) left = i.x;
    if (!Number.isFinite(left)) left = 0;
    return pages.map((items) => `${layPage(items, left, options)}\n\f`).join("");
  } catch (err) {
    throw new PdfTextError(label, `text extraction failed (${(err as Error).message})`);
  } finally {
    await doc.destroy();
  }
}
