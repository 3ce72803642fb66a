import type ExcelJS from "exceljs";
import { DataFileError } from "../common/errors.js";

/**
 * Reader of the PIIE China tariff workbook (Bown, Jung & Zhang, 12 June 2019; `cn/piie-bown-jung-zhang-2019-06-12.xlsx`).
 * Three sheets are read, as printed, with no policy:
 * - "China Tariff Rates": one row per Chinese HS-10 line (2018 nomenclature): the 2018-01-01 MFN rate, then one column
 *   per dated change. The workbook prints MFN changes as differences (e.g. -2 on 2018-05-01) and retaliation columns as
 *   the rate of that round (the 2019-01-01 suspension and the 2019-06-01 change as differences to the earlier round).
 *   The reader returns every column's value per line; what a column means is the ledger's business.
 * - "Imports Value": China's 2017 imports from the US by HS-8, thousand USD.
 * - "Figure 1": the workbook's own published series (trade-weighted average tariff toward the US and toward others).
 */

export const PIIE_RATES_SHEET = "China Tariff Rates";
export const PIIE_IMPORTS_SHEET = "Imports Value";
export const PIIE_FIGURE1_SHEET = "Figure 1";

export interface PiieRateLine {
  /** Ten digits, as in column "hs10"; a compound-rate line is printed twice, suffixed "A" (its ad valorem part)
   * and "B" (its other part, with empty MFN cells). */
  hs10: string;
  description: string;
  /** One number per dated column, in sheet order; null for an empty cell. */
  values: (number | null)[];
  row: number;
}

export interface PiieWorkbook {
  file: string;
  /** Headers of the dated columns, as printed (e.g. "July 6, 2018\nRetaliation to US Section 301 tariffs ($34 billion)"). */
  columns: string[];
  lines: PiieRateLine[];
  /** HS-8 → China's imports from the US in 2017, USD (the sheet prints thousands). */
  imports2017: Map<string, number>;
  imports2017Descriptions: Map<string, string>;
  figure1: { columns: string[]; unitedStates: number[]; otherExporters: number[] };
}

function cellNumber(file: string, sheet: string, row: number, col: number, v: unknown): number | null {
  if (v === null || v === undefined || v === "") return null;
  const raw = typeof v === "object" && v !== null && "result" in v ? (v as { result: unknown }).result : v;
  const n = typeof raw === "number" ? raw : Number(raw);
  if (!Number.isFinite(n)) throw new DataFileError(file, `not a number: ${JSON.stringify(v)}`, { position: `sheet "${sheet}" row ${row} column ${col}` });
  // The sheet carries float noise such as -8.88e-16 for "no change": round to the 1e-6 point.
  return Math.round(n * 1e6) / 1e6;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object" && "richText" in (v as object)) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join("");
  return String(v);
}

function sheet(wb: ExcelJS.Workbook, file: string, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new DataFileError(file, `no sheet "${name}" (sheets: ${wb.worksheets.map((w) => w.name).join(", ")})`);
  return ws;
}

export async function readPiieChinaWorkbook(file: string, label = file): Promise<PiieWorkbook> {
  // exceljs is loaded when a workbook is read, not with this module (most processes never read one).
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new DataFileError(label, `not a readable XLSX workbook (${(e as Error).message})`, { cause: e });
  }
  const rates = sheet(wb, label, PIIE_RATES_SHEET);
  const head = rates.getRow(1).values as unknown[];
  if (cellText(head[1]) !== "hs10" || cellText(head[2]) !== "description")
    throw new DataFileError(label, `expected columns "hs10", "description" first`, { position: `sheet "${PIIE_RATES_SHEET}" row 1` });
  const columns: string[] = [];
  for (let c = 3; c < head.length; c++) columns.push(cellText(head[c]));
  const lines: PiieRateLine[] = [];
  rates.eachRow((row, r) => {
    if (r === 1) return;
    const v = row.values as unknown[];
    const hs10 = cellText(v[1]);
    if (!/^\d{10}[AB]?$/.test(hs10)) throw new DataFileError(label, `hs10 "${hs10}" is not ten digits (with an optional A/B suffix)`, { position: `sheet "${PIIE_RATES_SHEET}" row ${r}` });
    const values = columns.map((_, i) => cellNumber(label, PIIE_RATES_SHEET, r, i + 3, v[i + 3]));
    lines.push({ hs10, description: cellText(v[2]), values, row: r });
  });
  const imports2017 = new Map<string, number>();
  const imports2017Descriptions = new Map<string, string>();
  sheet(wb, label, PIIE_IMPORTS_SHEET).eachRow((row, r) => {
    if (r === 1) return;
    const v = row.values as unknown[];
    const hs8 = cellText(v[1]);
    if (!/^\d{8}$/.test(hs8)) throw new DataFileError(label, `hs08 "${hs8}" is not eight digits`, { position: `sheet "${PIIE_IMPORTS_SHEET}" row ${r}` });
    imports2017.set(hs8, (cellNumber(label, PIIE_IMPORTS_SHEET, r, 3, v[3]) ?? 0) * 1000);
    imports2017Descriptions.set(hs8, cellText(v[2]));
  });
  const fig = sheet(wb, label, PIIE_FIGURE1_SHEET);
  const fh = fig.getRow(1).values as unknown[];
  const figColumns: string[] = [];
  for (let c = 2; c < fh.length; c++) figColumns.push(cellText(fh[c]));
  const series = (name: string): number[] => {
    let found: number[] | undefined;
    fig.eachRow((row, r) => {
      const v = row.values as unknown[];
      if (cellText(v[1]) === name)
        found = figColumns.map((_, i) => {
          const x = cellNumber(label, PIIE_FIGURE1_SHEET, r, i + 2, v[i + 2]);
          if (x === null) throw new DataFileError(label, `empty cell`, { position: `sheet "${PIIE_FIGURE1_SHEET}" row ${r} column ${i + 2}` });
          return x;
        });
    });
    if (!found) throw new DataFileError(label, `no row "${name}"`, { position: `sheet "${PIIE_FIGURE1_SHEET}"` });
    return found;
  };
  return { file: label, columns, lines, imports2017, imports2017Descriptions, figure1: { columns: figColumns, unitedStates: series("United States"), otherExporters: series("Other Exporters") } };
}
