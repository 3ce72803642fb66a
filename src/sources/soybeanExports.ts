import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { DataFileError } from "../common/errors.js";

/**
 * Readers of the soybean series of the mirror: US exports to China of soybeans, sorghum and logs by HS-6 and year
 * (`commitments/us-exports-to-china-soy-sorghum-logs-annual-2015-2025.csv`, UN Comtrade, US as reporter) and USDA FAS
 * Export Sales Reporting, weekly, soybeans to China and Mexico (`commitments/usda-esr-soybeans-china-mexico-weekly-
 * 1998-2022.csv`, metric tons). Typed rows with their line; no policy.
 */

export const SOY_ANNUAL = "commitments/us-exports-to-china-soy-sorghum-logs-annual-2015-2025.csv";
export const SOY_ESR_WEEKLY = "commitments/usda-esr-soybeans-china-mexico-weekly-1998-2022.csv";
/** USDA ESR country code of China. */
export const ESR_CHINA = "5700";

export interface AnnualExportRow {
  year: number;
  hs6: string;
  description: string;
  usd: number;
  /** Null where the file leaves the weight blank. */
  netKg: number | null;
  line: number;
}

export interface EsrWeek {
  weekEnding: string;
  country: string;
  weeklyExports: number;
  accumulatedExports: number;
  outstandingSales: number;
  netSales: number;
  line: number;
}

function rows(file: string, label: string): Record<string, string>[] {
  try {
    return parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true, bom: true });
  } catch (e) {
    throw new DataFileError(label, `not a readable CSV: ${(e as Error).message}`, { code: "CORRUPT_FILE", cause: e });
  }
}

function num(v: string | undefined, label: string, line: number, col: string): number {
  const n = Number(v);
  if (v === undefined || v.trim() === "" || !Number.isFinite(n)) {
    throw new DataFileError(label, `column ${col}: ${JSON.stringify(v)} is not a number`, { code: "BAD_VALUE", position: `line ${line}` });
  }
  return n;
}

export function readAnnualExports(file: string, label = SOY_ANNUAL): AnnualExportRow[] {
  return rows(file, label).map((r, i) => ({
    year: num(r.year, label, i + 2, "year"),
    hs6: r.hs6 ?? "",
    description: r.desc ?? "",
    usd: num(r.us_exports_to_china_usd, label, i + 2, "us_exports_to_china_usd"),
    netKg: (r.net_wgt_kg ?? "").trim() === "" ? null : num(r.net_wgt_kg, label, i + 2, "net_wgt_kg"),
    line: i + 2,
  }));
}

export function readEsrWeekly(file: string, label = SOY_ESR_WEEKLY): EsrWeek[] {
  return rows(file, label).map((r, i) => {
    const d = (r.weekEndingDate ?? "").slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new DataFileError(label, `weekEndingDate ${JSON.stringify(r.weekEndingDate)} is not a date`, { code: "BAD_VALUE", position: `line ${i + 2}` });
    return {
      weekEnding: d,
      country: r.countryCode ?? "",
      weeklyExports: num(r.weeklyExports, label, i + 2, "weeklyExports"),
      accumulatedExports: num(r.accumulatedExports, label, i + 2, "accumulatedExports"),
      outstandingSales: num(r.outstandingSales, label, i + 2, "outstandingSales"),
      netSales: num(r.currentMYNetSales, label, i + 2, "currentMYNetSales"),
      line: i + 2,
    };
  });
}
