import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { DataFileError } from "../common/errors.js";

/**
 * Readers of the two Comtrade extracts on the controlled minerals: US imports from China by HS-6 and year
 * (`controls/us-imports-from-china-controlled-hs6-annual-2015-2025.csv`, US as reporter, CIF USD) and China's
 * exports to the US by HS-6 and month (`controls/china-exports-to-usa-controlled-hs6-monthly-2017-2024.csv`, China as
 * reporter, USD). Typed rows with their line; no policy.
 */

export interface ControlledTradeRow {
  year: number;
  /** First day of the month, for monthly rows. */
  month: string | null;
  hs6: string;
  label: string;
  usd: number;
  line: number;
}

export const US_IMPORTS_CONTROLLED = "controls/us-imports-from-china-controlled-hs6-annual-2015-2025.csv";
export const CN_EXPORTS_CONTROLLED = "controls/china-exports-to-usa-controlled-hs6-monthly-2017-2024.csv";

function rowsOf(file: string, label: string, required: string[]): Record<string, string>[] {
  let records: Record<string, string>[];
  try {
    records = parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true, bom: true });
  } catch (e) {
    throw new DataFileError(label, `not a readable CSV: ${(e as Error).message}`, { code: "CORRUPT_FILE", cause: e });
  }
  for (const c of required) {
    if (records.length > 0 && !(c in records[0]!)) throw new DataFileError(label, `missing column ${c}`, { code: "BAD_SCHEMA" });
  }
  return records;
}

function num(v: string | undefined, label: string, line: number, col: string): number {
  const n = Number(v);
  if (v === undefined || v.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new DataFileError(label, `column ${col}: ${JSON.stringify(v)} is not a non-negative amount`, { code: "BAD_VALUE", position: `line ${line}` });
  }
  return n;
}

export function readUsImportsControlled(file: string, label = US_IMPORTS_CONTROLLED): ControlledTradeRow[] {
  return rowsOf(file, label, ["year", "hs6", "us_imports_from_china_cif_usd"]).map((r, i) => ({
    year: num(r.year, label, i + 2, "year"),
    month: null,
    hs6: r.hs6!,
    label: r.label ?? "",
    usd: num(r.us_imports_from_china_cif_usd, label, i + 2, "us_imports_from_china_cif_usd"),
    line: i + 2,
  }));
}

export function readChinaExportsControlled(file: string, label = CN_EXPORTS_CONTROLLED): ControlledTradeRow[] {
  return rowsOf(file, label, ["period_dt", "hs6", "val"]).map((r, i) => {
    const m = /^(\d{4})-(\d{2})-01$/.exec(r.period_dt ?? "");
    if (!m) throw new DataFileError(label, `period_dt ${JSON.stringify(r.period_dt)} is not a month's first day`, { code: "BAD_VALUE", position: `line ${i + 2}` });
    return { year: Number(m[1]), month: r.period_dt!, hs6: r.hs6!, label: "", usd: num(r.val, label, i + 2, "val"), line: i + 2 };
  });
}
