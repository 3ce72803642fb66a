import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { DataFileError } from "../common/errors.js";

/**
 * Readers of the two HS-6 tables of China's applied tariffs on US goods by date: the WTO Tariff & Trade Data export
 * (`cn/wto-ttd-chn-applied-on-usa-hs6-2025-2026.csv`: `year_dt` = the day the rate applies from, `hs_code`,
 * `best_avlbl` %, `imports` USD) and a researcher's series (`reference/waugh-china-retaliation-hs6-2018-2019.csv`:
 * `time_of_tariff, hs6, tariff`, secondary). Both print the average of China's HS-8 lines within the HS-6, MFN
 * included. Rows as printed, with their line; no policy.
 */

export interface Hs6RateRow {
  date: string;
  hs6: string;
  /** Null where the file leaves the rate empty. */
  ratePercent: number | null;
  /** WTO file only: China's imports from the US of that HS-6 in the TTD's trade year, USD. */
  imports?: number;
  line: number;
}

function readTable(text: string, label: string, cols: { date: string; hs6: string; rate: string; imports?: string }): Hs6RateRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const first = records[0];
  if (!first) throw new DataFileError(label, "no rows");
  for (const c of Object.values(cols)) if (!(c in first)) throw new DataFileError(label, `no column "${c}"`, { position: "line 1" });
  return records.map((r, i) => {
    const line = i + 2;
    const date = r[cols.date]!;
    const hs6 = r[cols.hs6]!;
    const printed = r[cols.rate]!.trim();
    const rate = printed === "" ? null : Number(printed);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DataFileError(label, `date "${date}" is not YYYY-MM-DD`, { position: `line ${line}` });
    if (!/^\d{6}$/.test(hs6)) throw new DataFileError(label, `"${hs6}" is not a 6-digit HS code`, { position: `line ${line}` });
    if (rate !== null && !Number.isFinite(rate)) throw new DataFileError(label, `rate "${r[cols.rate]}" is not a number`, { position: `line ${line}` });
    const row: Hs6RateRow = { date, hs6, ratePercent: rate, line };
    if (cols.imports) row.imports = Number(r[cols.imports]);
    return row;
  });
}

export async function readWtoTtdChina(file: string, label = file): Promise<Hs6RateRow[]> {
  return readTable(await readFile(file, "utf8"), label, { date: "year_dt", hs6: "hs_code", rate: "best_avlbl", imports: "imports" });
}

export async function readWaughRetaliation(file: string, label = file): Promise<Hs6RateRow[]> {
  return readTable(await readFile(file, "utf8"), label, { date: "time_of_tariff", hs6: "hs6", rate: "tariff" });
}
