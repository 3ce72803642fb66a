import { DataFileError } from "../common/errors.js";
import { openDuckDb, quoteIdent, type DuckDb } from "../store/duckdb.js";

/**
 * Readers of the US Census Bureau import files (international trade API, `intltrade/imports/hs`) as saved in the data
 * mirror in Parquet: the 2024 HS-10 files (one per partner, fields `CON_VAL_YR` = imports for consumption, customs
 * value, and `CAL_DUT_YR` = calculated duty, both USD year-to-date) and the HS-2 monthly files (`CON_VAL_MO`,
 * `CAL_DUT_MO`). Files are read as real Parquet through DuckDB (`read_parquet`), schemas and values are checked, and
 * rows come back typed with their file and row number. No policy logic.
 *
 * Only the columns the readers use are required; the derived columns the files also carry (`imports`, `duty`,
 * `share`, `HS10`, `HS8`, `HS6`) are not read.
 */

/** A column the reader needs and the DuckDB types it accepts. */
export interface ColumnSpec {
  name: string;
  /** Accepted DuckDB types; a `DECIMAL(…)` entry accepts any precision and scale. */
  types: readonly string[];
}

const TEXT = ["VARCHAR"] as const;
/** Census serves amounts as text of an integer; numeric Parquet types are accepted too. */
const AMOUNT = ["VARCHAR", "BIGINT", "INTEGER", "HUGEINT", "UBIGINT", "UINTEGER", "DOUBLE", "DECIMAL"] as const;
const PERIOD = [
  "TIMESTAMP",
  "TIMESTAMP_NS",
  "TIMESTAMP_MS",
  "TIMESTAMP_S",
  "TIMESTAMP WITH TIME ZONE",
  "DATE",
  "VARCHAR",
] as const;

/** Columns required in a 2024 HS-10 file (`2024-hs10-imports<CTY>.parquet`). */
export const HS10_IMPORT_COLUMNS: readonly ColumnSpec[] = [
  { name: "I_COMMODITY", types: TEXT },
  { name: "I_COMMODITY_SDESC", types: TEXT },
  { name: "CTY_CODE", types: TEXT },
  { name: "CTY_NAME", types: TEXT },
  { name: "CON_VAL_YR", types: AMOUNT },
  { name: "CAL_DUT_YR", types: AMOUNT },
  { name: "COMM_LVL", types: TEXT },
  { name: "time", types: PERIOD },
];

/** Columns required in an HS-2 monthly file (`imports-5700data.parquet`, `imports-TOTALdata.parquet`). */
export const HS2_MONTHLY_COLUMNS: readonly ColumnSpec[] = [
  { name: "I_COMMODITY", types: TEXT },
  { name: "CTY_NAME", types: TEXT },
  { name: "CON_VAL_MO", types: AMOUNT },
  { name: "CAL_DUT_MO", types: AMOUNT },
  { name: "COMM_LVL", types: TEXT },
  { name: "time", types: PERIOD },
];

/** One HTS-10 line of a partner's 2024 imports. */
export interface CensusImportRow {
  /** HTS-10 digits as Census reports them (2024 vintage; includes Chapter 98 and the Census-only 9999.95.0000). */
  hts10: string;
  /** Census Schedule C partner code, e.g. "5700" (China), "0003" (EU aggregate). */
  partnerCode: string;
  /** Partner name as Census spells it, e.g. "CHINA". */
  partnerName: string;
  /** `CON_VAL_YR`: imports for consumption, customs value, USD, year to date. */
  value: number;
  /** `CAL_DUT_YR`: calculated duty, USD, year to date. */
  calculatedDuty: number;
  /** `I_COMMODITY_SDESC`: Census short description. */
  description: string;
  /** 0-based row of the Parquet file. */
  row: number;
}

/** The rows of one HS-10 file with their provenance. */
export interface CensusImportFile {
  file: string;
  /** The file's single `CTY_CODE` ("" when the file has no rows). */
  partnerCode: string;
  /** The file's single `CTY_NAME`. */
  partnerName: string;
  /** Year and last month the year-to-date figures cover, "YYYY-MM" ("2024-12" = the full calendar year). */
  period: string;
  rows: CensusImportRow[];
}

/** One HS-2 chapter-month of an HS-2 monthly file. */
export interface Hs2MonthlyRow {
  /** Two digits, "01" … "99". */
  chapter: string;
  year: number;
  month: number;
  /** `CON_VAL_MO`: imports for consumption, USD. */
  value: number;
  /** `CAL_DUT_MO`: calculated duty, USD. */
  duty: number;
  row: number;
}

export interface Hs2MonthlyFile {
  file: string;
  /** Census partner code, or null for the all-countries file (no `CTY_CODE` column). */
  partnerCode: string | null;
  partnerName: string;
  rows: Hs2MonthlyRow[];
}

export interface ReadOptions {
  /** An open DuckDB handle to use; a private in-memory one is opened and closed otherwise. */
  db?: DuckDb;
}

async function withDb<T>(options: ReadOptions, fn: (db: DuckDb) => Promise<T>): Promise<T> {
  if (options.db) return fn(options.db);
  const db = await openDuckDb();
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

function typeAccepted(actual: string, accepted: readonly string[]): boolean {
  const base = actual.toUpperCase();
  return accepted.some((t) => base === t || (t === "DECIMAL" && base.startsWith("DECIMAL(")));
}

/** The file a DuckDB error message is about, when it names one of `files`. */
function fileInMessage(message: string, files: readonly string[]): string | undefined {
  return files.find((f) => message.includes(f));
}

async function guarded<T>(files: readonly string[], what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DataFileError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const file = fileInMessage(message, files) ?? (files.length === 1 ? files[0]! : files.join(", "));
    throw new DataFileError(file, `cannot read as Parquet (${what}): ${message}`, { code: "CORRUPT_FILE", cause: e });
  }
}

/**
 * Check that every file has the `required` columns with an accepted type (one metadata query for all files).
 * Throws a `DataFileError` naming the file and the column (code `BAD_SCHEMA`).
 */
export async function checkParquetSchema(
  db: DuckDb,
  files: readonly string[],
  required: readonly ColumnSpec[],
): Promise<void> {
  if (files.length === 0) return;
  const schema = await guarded(files, "schema", () =>
    db.query<{ file_name: string; name: string; duckdb_type: string | null }>(
      "SELECT file_name, name, duckdb_type FROM parquet_schema($files) WHERE duckdb_type IS NOT NULL",
      { files },
    ),
  );
  const byFile = new Map<string, Map<string, string>>();
  for (const f of files) byFile.set(f, new Map());
  for (const r of schema) byFile.get(r.file_name)?.set(r.name, r.duckdb_type ?? "");
  for (const [file, cols] of byFile) {
    for (const spec of required) {
      const actual = cols.get(spec.name);
      if (actual === undefined) {
        throw new DataFileError(file, `missing column ${spec.name} (columns: ${[...cols.keys()].join(", ")})`, {
          code: "BAD_SCHEMA",
          position: `column ${spec.name}`,
        });
      }
      if (!typeAccepted(actual, spec.types)) {
        throw new DataFileError(file, `column ${spec.name} has type ${actual}, expected ${spec.types.join(" or ")}`, {
          code: "BAD_SCHEMA",
          position: `column ${spec.name}`,
        });
      }
    }
  }
}

/** SQL: the amount in `col` as DOUBLE (after `badAmountSql` has passed). */
function amountSql(col: string): string {
  return `TRY_CAST(${quoteIdent(col)} AS DOUBLE)`;
}

/** SQL: true when `col` is not a non-negative plain decimal number (NULL, text, sign, exponent). */
function badAmountSql(col: string): string {
  return `NOT coalesce(regexp_full_match(trim(CAST(${quoteIdent(col)} AS VARCHAR)), '[0-9]+(\\.[0-9]+)?'), false)`;
}

/** SQL: "YYYY-MM" of the `time` column, whether it is a timestamp, a date or text such as "2024-12". */
const PERIOD_SQL = `left(CAST("time" AS VARCHAR), 7)`;

interface BadRow {
  fileIdx: number;
  row: number;
  col: string;
  val: string | null;
}

async function firstBadRow(
  db: DuckDb,
  files: readonly string[],
  checks: { col: string; bad: string }[],
): Promise<BadRow | undefined> {
  const cond = checks.map((c) => `(${c.bad})`).join(" OR ");
  const which = `CASE ${checks.map((c) => `WHEN ${c.bad} THEN '${c.col}'`).join(" ")} END`;
  const value = `CASE ${checks.map((c) => `WHEN ${c.bad} THEN CAST(${quoteIdent(c.col)} AS VARCHAR)`).join(" ")} END`;
  const rows = await db.query<BadRow>(
    `SELECT list_position($files, filename) - 1 AS fileIdx, file_row_number AS "row", ${which} AS col, ${value} AS val
       FROM read_parquet($files, filename = true, file_row_number = true, union_by_name = true)
      WHERE ${cond}
      ORDER BY fileIdx, "row" LIMIT 1`,
    { files },
  );
  return rows[0];
}

function badRowError(files: readonly string[], bad: BadRow, what: string): DataFileError {
  return new DataFileError(
    files[bad.fileIdx] ?? files.join(", "),
    `column ${bad.col}: ${what} (found ${JSON.stringify(bad.val)})`,
    {
      code: "BAD_VALUE",
      position: `row ${bad.row}`,
    },
  );
}

/**
 * Read 2024-style HS-10 import files (any number, one query). Checks the schema, then the values: `I_COMMODITY` is
 * ten digits, `COMM_LVL` is "HS10", amounts are non-negative numbers, `CTY_CODE` is four characters, one period per
 * file. Any failure is a `DataFileError` naming the file, the column and the row.
 */
export async function readHs10Imports(
  files: readonly string[],
  options: ReadOptions = {},
): Promise<CensusImportFile[]> {
  if (files.length === 0) return [];
  return withDb(options, async (db) => {
    await checkParquetSchema(db, files, HS10_IMPORT_COLUMNS);
    const checks = [
      { col: "I_COMMODITY", bad: `NOT coalesce(regexp_full_match("I_COMMODITY", '[0-9]{10}'), false)` },
      { col: "COMM_LVL", bad: `"COMM_LVL" IS DISTINCT FROM 'HS10'` },
      { col: "CTY_CODE", bad: `NOT coalesce(regexp_full_match("CTY_CODE", '[0-9A-Z]{4}'), false)` },
      { col: "CON_VAL_YR", bad: badAmountSql("CON_VAL_YR") },
      { col: "CAL_DUT_YR", bad: badAmountSql("CAL_DUT_YR") },
      { col: "time", bad: `NOT coalesce(regexp_full_match(${PERIOD_SQL}, '[0-9]{4}-[0-9]{2}'), false)` },
    ];
    // One pass for the per-file facts (partner, period, row count) and the number of bad rows; the first bad row is
    // looked up only when there is one.
    const badSql = checks.map((c) => `(${c.bad})`).join(" OR ");
    const meta = await guarded(files, "values", () =>
      db.query<{
        fileIdx: number;
        codes: number;
        names: number;
        periods: number;
        code: string;
        name: string;
        period: string;
        bad: number;
      }>(
        `SELECT list_position($files, filename) - 1 AS fileIdx,
                count(DISTINCT "CTY_CODE") AS codes, count(DISTINCT "CTY_NAME") AS names,
                count(DISTINCT ${PERIOD_SQL}) AS periods,
                min("CTY_CODE") AS code, coalesce(min("CTY_NAME"), '') AS name, min(${PERIOD_SQL}) AS period,
                count(*) FILTER (WHERE ${badSql}) AS bad
           FROM read_parquet($files, filename = true, union_by_name = true)
          GROUP BY ALL`,
        { files },
      ),
    );
    if (meta.some((m) => m.bad > 0)) {
      const bad = await guarded(files, "values", () => firstBadRow(db, files, checks));
      if (bad) {
        const what: Record<string, string> = {
          I_COMMODITY: "not a 10-digit HTS code",
          COMM_LVL: 'commodity level is not "HS10"',
          CTY_CODE: "not a Census country code",
          CON_VAL_YR: "not a non-negative amount",
          CAL_DUT_YR: "not a non-negative amount",
          time: "not a period",
        };
        throw badRowError(files, bad, what[bad.col] ?? "bad value");
      }
    }
    const out: CensusImportFile[] = files.map((file) => ({
      file,
      partnerCode: "",
      partnerName: "",
      period: "",
      rows: [],
    }));
    for (const m of meta) {
      const f = out[m.fileIdx]!;
      const several = m.codes > 1 ? "CTY_CODE" : m.names > 1 ? "CTY_NAME" : m.periods > 1 ? "time" : undefined;
      if (several) {
        throw new DataFileError(
          f.file,
          `column ${several}: more than one value in the file (one partner and one period expected)`,
          {
            code: "BAD_VALUE",
            position: `column ${several}`,
          },
        );
      }
      f.partnerCode = m.code;
      f.partnerName = m.name;
      f.period = m.period;
    }
    const rows = await guarded(files, "rows", () =>
      db.query<{
        fileIdx: number;
        row: number;
        hts10: string;
        value: number;
        duty: number;
        description: string | null;
      }>(
        `SELECT list_position($files, filename) - 1 AS fileIdx, file_row_number AS "row", "I_COMMODITY" AS hts10,
                ${amountSql("CON_VAL_YR")} AS "value", ${amountSql("CAL_DUT_YR")} AS duty,
                "I_COMMODITY_SDESC" AS description
           FROM read_parquet($files, filename = true, file_row_number = true, union_by_name = true)`,
        { files },
      ),
    );
    for (const r of rows) {
      const f = out[r.fileIdx]!;
      f.rows.push({
        hts10: r.hts10,
        partnerCode: f.partnerCode,
        partnerName: f.partnerName,
        value: r.value,
        calculatedDuty: r.duty,
        description: r.description ?? "",
        row: r.row,
      });
    }
    return out;
  });
}

/**
 * Read HS-2 monthly import files (`imports-<CTY>data.parquet`). Checks the schema and the values: `I_COMMODITY` is
 * two digits, `COMM_LVL` is "HS2", `time` is "YYYY-MM", amounts are non-negative numbers. `CTY_CODE` is optional
 * (absent from the all-countries file).
 */
export async function readHs2Monthly(files: readonly string[], options: ReadOptions = {}): Promise<Hs2MonthlyFile[]> {
  if (files.length === 0) return [];
  return withDb(options, async (db) => {
    await checkParquetSchema(db, files, HS2_MONTHLY_COLUMNS);
    const out: Hs2MonthlyFile[] = [];
    // Files differ in whether they carry CTY_CODE, so each is read on its own (they are small).
    for (const file of files) {
      const hasCode = (
        await db.query<{ n: number }>("SELECT count(*) AS n FROM parquet_schema($f) WHERE name = 'CTY_CODE'", {
          f: file,
        })
      )[0]!.n;
      const checks = [
        { col: "I_COMMODITY", bad: `NOT coalesce(regexp_full_match("I_COMMODITY", '[0-9]{2}'), false)` },
        { col: "COMM_LVL", bad: `"COMM_LVL" IS DISTINCT FROM 'HS2'` },
        { col: "CON_VAL_MO", bad: badAmountSql("CON_VAL_MO") },
        { col: "CAL_DUT_MO", bad: badAmountSql("CAL_DUT_MO") },
        {
          col: "time",
          bad: `NOT coalesce(regexp_full_match(${PERIOD_SQL}, '[0-9]{4}-(0[1-9]|1[0-2])'), false)`,
        },
      ];
      const bad = await guarded([file], "values", () => firstBadRow(db, [file], checks));
      if (bad) throw badRowError([file], bad, bad.col === "time" ? "not a YYYY-MM month" : `bad ${bad.col} value`);
      const rows = await guarded([file], "rows", () =>
        db.query<{
          row: number;
          chapter: string;
          period: string;
          value: number;
          duty: number;
          name: string;
          code: string | null;
        }>(
          `SELECT file_row_number AS "row", "I_COMMODITY" AS chapter, ${PERIOD_SQL} AS period,
                  ${amountSql("CON_VAL_MO")} AS "value", ${amountSql("CAL_DUT_MO")} AS duty,
                  coalesce("CTY_NAME", '') AS name, ${hasCode > 0 ? `"CTY_CODE"` : "NULL"} AS code
             FROM read_parquet($f, file_row_number = true) ORDER BY "row"`,
          { f: file },
        ),
      );
      const first = rows[0];
      out.push({
        file,
        partnerCode: first?.code ?? null,
        partnerName: first?.name ?? "",
        rows: rows.map((r) => ({
          chapter: r.chapter,
          year: Number(r.period.slice(0, 4)),
          month: Number(r.period.slice(5, 7)),
          value: r.value,
          duty: r.duty,
          row: r.row,
        })),
      });
    }
    return out;
  });
}
