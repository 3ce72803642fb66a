/**
 * Census international trade API answers → Parquet. The API answers a JSON array of rows, the first row the column
 * names (the `get` variables, then the predicate variables), every value a string. `census-api-to-parquet` stores
 * the columns as served (VARCHAR); `census-hs10-to-parquet` also makes `time` a timestamp (first day of the month)
 * and adds the columns the weights read: `imports` and `duty` (CON_VAL_YR and CAL_DUT_YR as numbers), `share` (of
 * the file's total imports) and the HS10 / HS8 / HS6 codes.
 */
import { readFile, unlink, writeFile } from "node:fs/promises";
import { DuckDBInstance } from "@duckdb/node-api";
import { parquetContentSha256, sqlString } from "./parquetDigest.js";
import type { Recipe } from "./types.js";

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Parse and check an API answer: a header of unique names, then rows of as many strings. */
async function readAnswer(input: string, label: string): Promise<{ header: string[]; rows: string[][] }> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(input, "utf8"));
  } catch (err) {
    throw new Error(`${label}: the Census API answer is not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(data) || data.length < 2 || !Array.isArray(data[0]))
    throw new Error(`${label}: the Census API answer is not an array of rows with a header row`);
  const [head, ...rest] = data as unknown[][];
  const header = (head ?? []).map(String);
  if (header.length === 0 || new Set(header).size !== header.length || header.some((h) => !/^[A-Za-z0-9_]+$/.test(h)))
    throw new Error(
      `${label}: the Census API header row is not a list of unique variable names: ${JSON.stringify(head)}`,
    );
  const rows = rest.map((r, i) => {
    if (!Array.isArray(r) || r.length !== header.length)
      throw new Error(
        `${label}: row ${i + 2} of the Census API answer has ${Array.isArray(r) ? r.length : "no"} values, expected ${header.length}`,
      );
    return r.map((v) => (v === null ? null : String(v))) as string[];
  });
  return { header, rows };
}

async function toParquet(input: string, output: string, label: string, hs10: boolean): Promise<void> {
  const { header, rows } = await readAnswer(input, label);
  if (hs10) {
    for (const needed of ["CON_VAL_YR", "CAL_DUT_YR", "I_COMMODITY", "time"])
      if (!header.includes(needed)) throw new Error(`${label}: the Census API answer has no ${needed} column`);
  }
  const ndjson = `${output}.rows.json`;
  await writeFile(
    ndjson,
    rows.map((r) => JSON.stringify(Object.fromEntries(header.map((h, i) => [h, r[i]])))).join("\n"),
  );
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const connection = await instance.connect();
  try {
    const columns = `{${header.map((h) => `${sqlString(h)}: 'VARCHAR'`).join(", ")}}`;
    const served = header
      .map((h) =>
        hs10 && h === "time" ? `strptime(${quoteIdent(h)} || '-01', '%Y-%m-%d') AS ${quoteIdent(h)}` : quoteIdent(h),
      )
      .join(", ");
    const derived = hs10
      ? `, CAST(CON_VAL_YR AS DOUBLE) AS imports, CAST(CAL_DUT_YR AS DOUBLE) AS duty,
         CAST(CON_VAL_YR AS DOUBLE) / sum(CAST(CON_VAL_YR AS DOUBLE)) OVER () AS share,
         I_COMMODITY AS HS10, left(I_COMMODITY, 8) AS HS8, left(I_COMMODITY, 6) AS HS6`
      : "";
    await connection.run(
      `COPY (SELECT ${served}${derived} FROM read_json(${sqlString(ndjson)}, format = 'newline_delimited', columns = ${columns}))
       TO ${sqlString(output)} (FORMAT parquet)`,
    );
  } catch (err) {
    throw new Error(`${label}: converting the Census API answer to Parquet failed (${(err as Error).message})`);
  } finally {
    connection.closeSync();
    instance.closeSync();
    await unlink(ndjson).catch(() => undefined);
  }
}

/** Census API answer → Parquet with the columns as served. */
export const censusApiToParquet: Recipe = {
  id: "census-api-to-parquet",
  description: "query the Census international trade API and save its rows as Parquet (columns as served)",
  forms: ["json-api"],
  status: {
    implemented: true,
    stored: "convert",
    convert: (input, output, label) => toParquet(input, output, label, false),
    contentDigest: parquetContentSha256,
  },
};

/** Census API answer at HS-10 for a year → Parquet with the weight columns. */
export const censusHs10ToParquet: Recipe = {
  id: "census-hs10-to-parquet",
  description:
    "query the Census API for a year's imports by HTS-10 and save them as Parquet with imports, duty, share, HS10/HS8/HS6",
  forms: ["json-api"],
  status: {
    implemented: true,
    stored: "convert",
    convert: (input, output, label) => toParquet(input, output, label, true),
    contentDigest: parquetContentSha256,
  },
};
