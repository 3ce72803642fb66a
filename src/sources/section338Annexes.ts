/**
 * Readers for the annexes of the 2026 Section 338 proclamations on Canada (alcohol, dairy, autos; pdftotext -layout
 * extractions). Each proclamation has two annexes:
 *
 * - Annex I: a table "Product / Description" of the 8-digit HTSUS subheadings the 50% applies to (the description
 *   wraps above the code; it is informational only, the annex says).
 * - Annex II: the modifications of chapter 99, subchapter III: U.S. note 51 and headings 9903.03.12–9903.03.16. Its
 *   legal lists are code grids: note 51(b)(1)–(3) ("Heading 9903.03.1x applies to articles classifiable in the
 *   following provisions") and, in the alcohol annex only, note 51(d) (the civil aircraft provisions of heading
 *   9903.03.16). Each grid ends at the closing quotation mark of the inserted text or at the next prose line.
 *
 * Codes are read as printed (8 digits); nothing is typed by hand.
 */
import { DataFileError } from "../common/errors.js";
import { codeListCells, readSourceText, sourceLines } from "./annexText.js";
import { lineRange, makeEntry, type ProductList, type ProductListEntry } from "./productList.js";

/** Which list of a Section 338 annex file: the Annex I table, the note 51(b) grid or the note 51(d) grid of Annex II. */
export type Section338ListId = "annex-i" | "note51-b" | "note51-d";

const CODE_ROW = /^\s*(\d{4}\.\d{2}\.\d{2})(?:\s+(.*\S))?\s*$/;
const PAGE_NUMBER = /^\s*\d{1,3}\s*$/;
const QUOTES = /[“”"]/g;

/** Annex I: every row of the "Product / Description" table (the code starts the row; wrapped text is above it). */
export function parseSection338AnnexI(text: string, file = "section 338 annex I"): ProductList {
  const lines = sourceLines(text);
  const header = lines.findIndex((l) => /^\s*Product\s+Description\s*$/.test(l));
  if (header < 0) throw new DataFileError(file, "table header 'Product  Description' not found", { code: "BAD_ANNEX" });
  const rate = /A (\d+)% ad valorem Section 338 tariff/.exec(lines.slice(0, header).join(" "))?.[1];
  const entries: ProductListEntry[] = [];
  for (let i = header + 1; i < lines.length; i++) {
    const m = CODE_ROW.exec(lines[i]!);
    if (!m) continue;
    entries.push(
      makeEntry(m[1]!.replace(/\./g, ""), i + 1, {
        ...(m[2] ? { text: m[2] } : {}),
        ...(rate ? { rate: `${rate}%` } : {}),
      }),
    );
  }
  if (entries.length === 0) throw new DataFileError(file, "no HTSUS codes found in Annex I", { code: "BAD_ANNEX" });
  return {
    id: "s338-annex-i",
    title: "Section 338 (Canada) Annex I: articles subject to the additional ad valorem duty",
    source: { file, where: "Annex I", lines: lineRange(entries)! },
    entries,
  };
}

/** The codes of the grid starting after line index `start`, up to the closing quotation mark or the next prose line. */
function readGrid(lines: readonly string[], start: number, file: string, group: string): ProductListEntry[] {
  const entries: ProductListEntry[] = [];
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === "" || PAGE_NUMBER.test(raw)) continue;
    const cells = codeListCells(raw.replace(QUOTES, " "));
    if (cells === undefined) break;
    for (const c of cells) entries.push(makeEntry(c.code, i + 1, { group }));
    if (/”/.test(raw)) break;
  }
  if (entries.length === 0) throw new DataFileError(file, `no codes found in ${group}`, { code: "BAD_ANNEX" });
  return entries;
}

/**
 * Annex II, note 51(b): the one grid "Heading 9903.03.1x applies to articles classifiable in the following provisions"
 * that the annex inserts (each proclamation inserts one subdivision). The heading is recorded as the list's `where`.
 */
export function parseSection338Note51B(text: string, file = "section 338 annex II"): ProductList & { heading: string } {
  const lines = sourceLines(text);
  const starts = lines.flatMap((l, i) => {
    const m = /Heading (9903\.03\.\d{2}) applies to articles classifiable in the following provisions/.exec(l);
    return m ? [{ i, heading: m[1]! }] : [];
  });
  if (starts.length !== 1) {
    throw new DataFileError(
      file,
      `expected one note 51(b) list ("Heading 9903.03.1x applies to …"), found ${starts.length}`,
      { code: "BAD_ANNEX" },
    );
  }
  const { i, heading } = starts[0]!;
  // The sentence may wrap: the grid starts after the line that ends with the colon.
  let from = i;
  while (from < lines.length && !lines[from]!.trimEnd().endsWith(":")) from++;
  const entries = readGrid(lines, from + 1, file, `note 51(b): heading ${heading}`);
  return {
    id: "s338-note51-b",
    title: `U.S. note 51(b): articles of heading ${heading}`,
    source: { file, where: `Annex II, U.S. note 51(b), heading ${heading}`, lines: lineRange(entries)! },
    entries,
    heading,
  };
}

/** Annex II, note 51(d): the civil aircraft provisions of heading 9903.03.16 (printed in the alcohol annex). */
export function parseSection338Note51D(text: string, file = "section 338 annex II"): ProductList {
  const lines = sourceLines(text);
  const d = lines.findIndex((l) => /^\s*\(d\) As provided in heading 9903\.03\.16/.test(l));
  if (d < 0)
    throw new DataFileError(file, "note 51(d) ('(d) As provided in heading 9903.03.16') not found", {
      code: "BAD_ANNEX",
    });
  let from = d;
  while (from < lines.length && !lines[from]!.trimEnd().endsWith(":")) from++;
  const entries = readGrid(lines, from + 1, file, "note 51(d): civil aircraft, heading 9903.03.16");
  return {
    id: "s338-note51-d",
    title: "U.S. note 51(d): civil aircraft provisions of heading 9903.03.16",
    source: { file, where: "Annex II, U.S. note 51(d)", lines: lineRange(entries)! },
    entries,
  };
}

/** Parse one list of a Section 338 annex text. */
export function parseSection338List(text: string, list: Section338ListId, file: string): ProductList {
  switch (list) {
    case "annex-i":
      return parseSection338AnnexI(text, file);
    case "note51-b": {
      const { heading: _heading, ...l } = parseSection338Note51B(text, file);
      return l;
    }
    case "note51-d":
      return parseSection338Note51D(text, file);
  }
}

/** Read one list of a Section 338 annex file. */
export async function readSection338List(file: string, list: Section338ListId): Promise<ProductList> {
  return parseSection338List(await readSourceText(file), list, file);
}
