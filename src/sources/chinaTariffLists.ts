import { readFile } from "node:fs/promises";
import { DataFileError } from "../common/errors.js";

/**
 * Readers of China's official retaliation lists as the mirror holds them: the 128-line list of 2018-04-02 (XLSX, the
 * Tariff Commission's annex: number, tariff line, name, additional rate) and the annexes of the 2025-03-04 announcement
 * (PDF with a text extraction: number, tariff line, name; the rate is the annex's title). Codes are China's HS-8
 * tariff lines of the schedule the annex names. No policy: the rows as printed, with their position.
 */

export interface ChinaListRow {
  /** Eight digits. */
  code: string;
  name: string;
  /** Additional rate printed on the row, percent (absent when the annex states one rate in its title). */
  ratePercent?: number;
  /** Where: "row 6" or "line 12". */
  position: string;
}

/** The 2018-04-02 list (sheet 1: header row "序号, 税则号列, 商品名称, 加征关税税率(%)"). */
export async function readChina2018List(file: string, label = file): Promise<ChinaListRow[]> {
  // exceljs is loaded when a workbook is read, not with this module (most processes never read one).
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new DataFileError(label, `not a readable XLSX workbook (${(e as Error).message})`, { cause: e });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new DataFileError(label, "the workbook has no sheet");
  const rows: ChinaListRow[] = [];
  let header = 0;
  ws.eachRow((row, r) => {
    const v = (row.values as unknown[]).map((x) => (x === null || x === undefined ? "" : String(x)));
    if (v[2] === "税则号列") {
      header = r;
      return;
    }
    if (!header || !v[2]) return;
    if (!/^\d{8}$/.test(v[2])) throw new DataFileError(label, `tariff line "${v[2]}" is not eight digits`, { position: `row ${r}` });
    const rate = Number(v[4]);
    if (!Number.isFinite(rate) || rate <= 0) throw new DataFileError(label, `rate "${v[4]}" is not a positive number`, { position: `row ${r}` });
    rows.push({ code: v[2], name: v[3] ?? "", ratePercent: rate, position: `row ${r}` });
  });
  if (!header) throw new DataFileError(label, 'no header row with "税则号列"');
  return rows;
}

/** An annex's text extraction (`pdftotext -layout`): rows "  12   12019019   非种用其他黄大豆". */
export async function readChinaAnnexText(file: string, label = file): Promise<ChinaListRow[]> {
  const text = await readFile(file, "utf8");
  const rows: ChinaListRow[] = [];
  const lines = text.split(/\r?\n/);
  let expected = 1;
  lines.forEach((line, i) => {
    // The name may wrap onto the next lines (then the row's own line holds number and code only).
    const m = /^\s*(\d+)\s+(\d{8})(?:\s+(.*\S))?\s*$/.exec(line);
    if (!m) return;
    const n = Number(m[1]);
    if (n !== expected) throw new DataFileError(label, `row number ${n} where ${expected} was expected`, { position: `line ${i + 1}` });
    expected++;
    rows.push({ code: m[2]!, name: m[3] ?? "", position: `line ${i + 1}` });
  });
  if (rows.length === 0) throw new DataFileError(label, "no numbered tariff-line rows found");
  return rows;
}
