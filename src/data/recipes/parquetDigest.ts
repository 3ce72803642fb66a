/**
 * A digest of a Parquet file's content, independent of the writer's bytes and of the row order: SHA-256 over the
 * column names and types, then every row rendered as JSON, sorted. Two files with the same table have the same digest.
 */
import { createHash } from "node:crypto";
import { DuckDBInstance } from "@duckdb/node-api";

/** SQL string literal. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** The content digest of a Parquet file, or null when it cannot be read as Parquet. */
export async function parquetContentSha256(file: string): Promise<string | null> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1" });
  const connection = await instance.connect();
  try {
    const schema = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
    const header = schema
      .getRowObjects()
      .map((c) => `${String(c.column_name)}:${String(c.column_type)}`)
      .join(",");
    const rows = await connection.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(file)})`);
    const lines = rows.getRowsJson().map((r) => JSON.stringify(r));
    lines.sort();
    const hash = createHash("sha256").update(header).update("\n");
    for (const line of lines) hash.update(line).update("\n");
    return hash.digest("hex");
  } catch {
    return null;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
