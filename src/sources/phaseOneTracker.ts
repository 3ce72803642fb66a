import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { DataFileError } from "../common/errors.js";
import { withDuckDb } from "../store/duckdb.js";

/**
 * Readers of M. Waugh's Phase One tracker files in the mirror: the goals table (CSV: 2017 values, 2020 values, 2020
 * increments; Parquet: 2017/2020/2021 values and 2020/2021 goals by category) and the US exports to China by HS-6 and
 * month tagged with the tracker's category (`high_catagory`, sic). Typed records; no policy.
 */

export const PHASE_ONE_GOALS_CSV = "commitments/phase-one-goals.csv";
export const PHASE_ONE_GOALS_PARQUET = "commitments/phase-one-goals.parquet";
export const PHASE_ONE_MONTHLY = "commitments/us-exports-to-china-hs6-monthly.parquet";

export interface GoalsCsvRow {
  category: string;
  values2017: number;
  values2020: number;
  goal2020Increase: number | null;
  line: number;
}

export function readPhaseOneGoalsCsv(file: string, label = PHASE_ONE_GOALS_CSV): GoalsCsvRow[] {
  const rows = parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  return rows.map((r, i) => {
    const n = (k: string, optional = false): number | null => {
      const v = r[k];
      if ((v === undefined || v === "") && optional) return null;
      const x = Number(v);
      if (!Number.isFinite(x)) throw new DataFileError(label, `column ${k}: ${JSON.stringify(v)} is not a number`, { code: "BAD_VALUE", position: `line ${i + 2}` });
      return x;
    };
    return { category: r.high_catagory ?? "", values2017: n("2017 Values")!, values2020: n("2020 Values")!, goal2020Increase: n("Goals", true), line: i + 2 };
  });
}

/** Rows of the Parquet goals table by their label ("2017 Values", "2020 Goals", …): category → USD. */
export async function readPhaseOneGoalsParquet(file: string): Promise<Map<string, Record<string, number | null>>> {
  return withDuckDb(async (db) => {
    const rows = await db.query<Record<string, unknown>>(`SELECT * FROM read_parquet($f)`, { f: file });
    const out = new Map<string, Record<string, number | null>>();
    for (const r of rows) {
      const label = String(r.__index_level_0__ ?? r.name ?? "").trim();
      const vals: Record<string, number | null> = {};
      for (const [k, v] of Object.entries(r)) if (typeof v === "number" || v === null) vals[k] = v as number | null;
      out.set(label, vals);
    }
    return out;
  });
}

export interface MonthlyCategoryTotal {
  year: number;
  category: string;
  usd: number;
  rows: number;
  lastMonth: string;
}

/** US exports to China by year and tracker category, summed from the monthly HS-6 file. */
export async function readPhaseOneMonthlyTotals(file: string, label = PHASE_ONE_MONTHLY): Promise<MonthlyCategoryTotal[]> {
  return withDuckDb(async (db) => {
    try {
      const rows = await db.query<{ y: number; c: string | null; usd: number; n: bigint | number; last: string }>(
        `SELECT CAST(year("time") AS INTEGER) AS y, high_catagory AS c, sum(china_exports) AS usd, count(*) AS n,
                CAST(max("time") AS DATE)::VARCHAR AS last
           FROM read_parquet($f) GROUP BY ALL ORDER BY ALL`,
        { f: file },
      );
      return rows.map((r) => ({ year: Number(r.y), category: r.c ?? "(none)", usd: Number(r.usd), rows: Number(r.n), lastMonth: r.last }));
    } catch (e) {
      throw new DataFileError(label, `cannot read: ${(e as Error).message}`, { code: "CORRUPT_FILE", cause: e });
    }
  });
}
