/**
 * Reader of the USITC table "China Tariffs" (last updated January 1, 2020; the pdftotext -layout extraction in the
 * mirror, us/section301/usitc-china-tariffs-2020-01-01.txt): one row per HTS-8 subheading of chapters 01–97 with the
 * subchapter III heading of chapter 99 that carried its Section 301 duty (9903.88.01/.02/.03/.04/.15/.16).
 *
 * The table is in the HTS nomenclature of 2020 (before the HS 2022 changes of January 27, 2022). No policy here: the
 * reader returns the rows of one heading as a product list with the source line of each code.
 */
import { readFile } from "node:fs/promises";
import { DataFileError } from "../common/errors.js";
import { decodeSourceText } from "./annexText.js";
import { makeEntry, type ProductList } from "./productList.js";

/** A table row: "0101.21.00   9903.88.15" (the subheading, then the heading, nothing else on the line). */
const ROW = /^\s*(\d{4})\.(\d{2})\.(\d{2})\s+(9903\.88\.\d{2})\s*$/;

/** Every row of the table, grouped by chapter 99 heading (codes as digits, in print order). */
export function parseUsitcChinaTariffs(text: string, file: string): Map<string, ProductList> {
  const out = new Map<string, ProductList>();
  text.split("\n").forEach((line, i) => {
    const m = ROW.exec(line);
    if (!m) return;
    const heading = m[4]!;
    let list = out.get(heading);
    if (!list) {
      list = {
        id: `usitc-china-tariffs-${heading.replace(/\./g, "")}`,
        title: `USITC "China Tariffs" (Jan 1, 2020): subheadings under ${heading}`,
        source: { file, where: `rows with heading ${heading}` },
        entries: [],
      };
      out.set(heading, list);
    }
    list.entries.push(makeEntry(`${m[1]}${m[2]}${m[3]}`, i + 1));
  });
  if (out.size === 0) throw new DataFileError(file, "no 'subheading  heading' rows found", { code: "MISSING_LIST" });
  return out;
}

/** The subheadings the table assigns to one heading. */
export async function readUsitcChinaTariffs(path: string, heading: string): Promise<ProductList> {
  const byHeading = parseUsitcChinaTariffs(decodeSourceText(path, await readFile(path)), path);
  const list = byHeading.get(heading);
  if (!list) throw new DataFileError(path, `no rows for heading ${heading}`, { code: "MISSING_LIST" });
  return list;
}
