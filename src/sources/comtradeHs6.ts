import { DataFileError } from "../common/errors.js";
import { openDuckDb, type DuckDb } from "../store/duckdb.js";

/**
 * Reader of the UN Comtrade bilateral trade file of the data mirror (`trade/comtrade-usa-chn-hs6-annual-2015-2025.csv.gz`:
 * US trade with China by HS-6 and year, as reported by the US). The gzipped CSV is read by DuckDB (`read_csv`, all
 * columns as text, header checked), values are checked, and rows come back typed with their file and line. No policy
 * logic: the HS vintage is reported as the file states it; joining to HTS lines is the caller's job.
 */

/** Columns the reader needs (the file also carries `cif_usd`, `fob_usd`, `qty`, `qty_unit`, `net_wgt_kg`). */
export const COMTRADE_HS6_COLUMNS = [
  "year",
  "flow",
  "reporter",
  "partner",
  "hs_vintage",
  "hs6",
  "value_usd",
  "desc",
] as const;

/** Comtrade's HS vintage codes and the nomenclature each stands for. */
export const HS_VINTAGES = { H4: "HS2012", H5: "HS2017", H6: "HS2022" } as const;
export type HsVintage = keyof typeof HS_VINTAGES;

export interface ComtradeHs6Row {
  year: number;
  flow: "import" | "export";
  /** Reporter as in the file ("USA"). */
  reporter: string;
  /** Partner as in the file ("CHN"). */
  partner: string;
  hsVintage: HsVintage;
  /** Six digits. "999999" is Comtrade's "commodities not specified according to kind". */
  hs6: string;
  /** `value_usd`: imports at CIF value, exports FOB, USD. */
  value: number;
  description: string;
  /** Line of the CSV file (1 = header, so data start at 2). */
  line: number;
}

export interface ComtradeHs6File {
  file: string;
  rows: ComtradeHs6Row[];
}

export interface ComtradeReadOptions {
  /** Keep only this flow. */
  flow?: "import" | "export";
  /** Keep only this year. */
  year?: number;
  /** An open DuckDB handle to use; a private in-memory one is opened and closed otherwise. */
  db?: DuckDb;
}

const CHECKS: { col: string; bad: string; what: string }[] = [
  { col: "year", bad: `NOT coalesce(regexp_full_match("year", '(19|20)[0-9]{2}'), false)`, what: "not a year" },
  { col: "flow", bad: `"flow" IS NULL OR "flow" NOT IN ('import', 'export')`, what: 'not "import" or "export"' },
  {
    col: "hs_vintage",
    bad: `"hs_vintage" IS NULL OR "hs_vintage" NOT IN ('H4', 'H5', 'H6')`,
    what: "not H4, H5 or H6",
  },
  { col: "hs6", bad: `NOT coalesce(regexp_full_match("hs6", '[0-9]{6}'), false)`, what: "not a 6-digit HS code" },
  {
    col: "value_usd",
    // The file writes large amounts in exponent notation ("1.12e+08"), so any finite non-negative number is accepted.
    bad: `NOT coalesce(TRY_CAST(trim("value_usd") AS DOUBLE) >= 0 AND isfinite(TRY_CAST(trim("value_usd") AS DOUBLE)), false)`,
    what: "not a non-negative amount",
  },
];

/**
 * Read the Comtrade HS-6 file. Checks the header (every column of `COMTRADE_HS6_COLUMNS`) and every row (year, flow,
 * vintage, 6-digit code, non-negative value), and that a (year, flow, hs6) appears once. Any failure is a
 * `DataFileError` naming the file, the column and the line.
 */
export async function readComtradeHs6(file: string, options: ComtradeReadOptions = {}): Promise<ComtradeHs6File> {
  const db = options.db ?? (await openDuckDb());
  try {
    return await read(db, file, options);
  } catch (e) {
    if (e instanceof DataFileError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new DataFileError(file, `cannot read as gzipped CSV: ${message}`, { code: "CORRUPT_FILE", cause: e });
  } finally {
    if (!options.db) db.close();
  }
}

async function read(db: DuckDb, file: string, options: ComtradeReadOptions): Promise<ComtradeHs6File> {
  // Insertion order is preserved, so rowid is the data row's position in the file (header excluded).
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE comtrade_hs6 AS
       SELECT * FROM read_csv($f, header = true, all_varchar = true, compression = 'gzip')`,
    { f: file },
  );
  try {
    const cols = new Set(
      (await db.query<{ name: string }>("SELECT column_name AS name FROM (DESCRIBE comtrade_hs6)")).map((c) => c.name),
    );
    for (const c of COMTRADE_HS6_COLUMNS) {
      if (!cols.has(c)) {
        throw new DataFileError(file, `missing column ${c} (columns: ${[...cols].join(", ")})`, {
          code: "BAD_SCHEMA",
          position: `column ${c}`,
        });
      }
    }
    const which = `CASE ${CHECKS.map((c) => `WHEN ${c.bad} THEN '${c.col}'`).join(" ")} END`;
    const val = `CASE ${CHECKS.map((c) => `WHEN ${c.bad} THEN "${c.col}"`).join(" ")} END`;
    const bad = await db.query<{ line: number; col: string; val: string | null }>(
      `SELECT rowid + 2 AS line, ${which} AS col, ${val} AS val FROM comtrade_hs6
        WHERE ${CHECKS.map((c) => `(${c.bad})`).join(" OR ")} ORDER BY rowid LIMIT 1`,
    );
    if (bad[0]) {
      const b = bad[0];
      const what = CHECKS.find((c) => c.col === b.col)?.what ?? "bad value";
      throw new DataFileError(file, `column ${b.col}: ${what} (found ${JSON.stringify(b.val)})`, {
        code: "BAD_VALUE",
        position: `line ${Number(b.line)}`,
      });
    }
    const dup = await db.query<{ line: number; year: string; flow: string; hs6: string }>(
      `SELECT max(rowid) + 2 AS line, "year", "flow", "hs6" FROM comtrade_hs6
        GROUP BY ALL HAVING count(*) > 1 ORDER BY line LIMIT 1`,
    );
    if (dup[0]) {
      const d = dup[0];
      throw new DataFileError(file, `${d.year} ${d.flow} ${d.hs6} appears more than once`, {
        code: "BAD_VALUE",
        position: `line ${Number(d.line)}`,
      });
    }
    const where: string[] = [];
    const params: Record<string, string> = {};
    if (options.flow) {
      where.push(`"flow" = $flow`);
      params.flow = options.flow;
    }
    if (options.year !== undefined) {
      where.push(`"year" = $year`);
      params.year = String(options.year);
    }
    const rows = await db.query<{
      line: number;
      year: string;
      flow: "import" | "export";
      reporter: string | null;
      partner: string | null;
      vintage: HsVintage;
      hs6: string;
      value: number;
      description: string | null;
    }>(
      `SELECT rowid + 2 AS line, "year", "flow", "reporter", "partner", "hs_vintage" AS vintage, "hs6",
              CAST(trim("value_usd") AS DOUBLE) AS "value", "desc" AS description
         FROM comtrade_hs6 ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY rowid`,
      params,
    );
    return {
      file,
      rows: rows.map((r) => ({
        year: Number(r.year),
        flow: r.flow,
        reporter: r.reporter ?? "",
        partner: r.partner ?? "",
        hsVintage: r.vintage,
        hs6: r.hs6,
        value: r.value,
        description: r.description ?? "",
        line: Number(r.line),
      })),
    };
  } finally {
    await db.exec("DROP TABLE IF EXISTS comtrade_hs6");
  }
}
