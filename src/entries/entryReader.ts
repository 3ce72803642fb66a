import { createReadStream, createWriteStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { parse as parseCsvSync } from "csv-parse/sync";
import { InputError } from "../common/errors.js";
import { KNOWN_ORIGINS } from "../common/country.js";
import type { LegalDay } from "../common/legalDate.js";
import type { DuckDb } from "../store/duckdb.js";
import { ENTRY_COLUMNS, mapHeaders, type ColumnMapping } from "./entrySchema.js";
import { helperColumnsSql, problemSql, typedColumnsSql } from "./entryChecks.js";

/**
 * The entry-file reader: CSV (DuckDB's CSV reader, rows it cannot parse kept as rejects with their line), Parquet
 * (DuckDB) or XLSX (exceljs's streaming reader, written out as CSV text first) → a table of raw text fields → the row
 * checks of `entryChecks.ts` in one SQL pass → `entry_lines` (typed, accepted) and `rejects` (row, column, reason,
 * record). DuckDB streams the file and spills to disk past its memory limit, so memory stays bounded whatever the size.
 * Rows are numbered from 1 after the header (for CSV: file line − 1 when no quoted field spans lines).
 */

export type EntryFormat = "csv" | "xlsx" | "parquet";

export interface ReadEntriesOptions {
  mapping?: ColumnMapping;
  /** Refuse files larger than this (bytes). Default: no limit. */
  maxBytes?: number;
}

export interface RowContext {
  coverage: { from: LegalDay; to: LegalDay };
  /** Every statistical line (HTS-10 digits) the ledger's catalog holds. */
  knownLines: Iterable<string>;
}

export interface LoadedEntries {
  format: EntryFormat;
  /** Data rows in the file (accepted + rejected). */
  rows: number;
  ignoredColumns: string[];
}

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** What a file is, by its first bytes (never by its name): XLSX is a ZIP, Parquet starts with PAR1, CSV is UTF-8 text. */
export async function sniffFormat(file: string): Promise<{ format: EntryFormat; head: Buffer }> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (bytesRead === 0) throw new InputError("EMPTY_FILE", "file", "the entry file is empty");
    if (head.subarray(0, 4).toString("latin1") === "PK\u0003\u0004") return { format: "xlsx", head };
    if (head.subarray(0, 4).toString("latin1") === "PAR1") return { format: "parquet", head };
    const nul = head.indexOf(0);
    if (nul >= 0) throw new InputError("NOT_A_TABLE", "file", `binary content at byte ${nul}: not a CSV, XLSX or Parquet entry file`);
    const sample = bytesRead === buf.length ? head.subarray(0, bytesRead - 3) : head;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(sample);
    } catch {
      throw new InputError("NOT_A_TABLE", "file", "not UTF-8 text: not a CSV entry file (save it as UTF-8 CSV, XLSX or Parquet)");
    }
    return { format: "csv", head };
  } finally {
    await fh.close();
  }
}

function csvHeader(head: Buffer): string[] {
  const text = head.toString("utf8").replace(/^\ufeff/, "");
  const end = text.search(/\r?\n/);
  if (end < 0 && head.length >= 65536) throw new InputError("BAD_HEADER", "header", "no end of the header line in the first 64 KB");
  const rows = parseCsvSync(end < 0 ? text : text.slice(0, end), { relax_column_count: true }) as string[][];
  if (!rows[0]) throw new InputError("EMPTY_FILE", "file", "the entry file has no header row");
  return rows[0];
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (o.richText) return o.richText.map((r) => r.text).join("");
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return String(o.text);
    return "";
  }
  return String(v);
}

/** XLSX → CSV text (first worksheet), streamed: every field quoted. */
async function xlsxToCsv(file: string, out: string): Promise<void> {
  const ExcelJS = (await import("exceljs")).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", worksheets: "emit", entries: "emit" });
  const ws = createWriteStream(out);
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const vals = (row as { values: unknown[] }).values.slice(1).map(cellText);
        if (!ws.write(vals.map((v) => `"${v.replace(/"/g, '""')}"`).join(",") + "\n")) await once(ws, "drain");
      }
      break;
    }
  } catch (e) {
    throw new InputError("NOT_A_TABLE", "file", `not a readable XLSX workbook (truncated or damaged?): ${(e as Error).message.split("\n")[0]}`);
  } finally {
    ws.end();
    await once(ws, "close");
  }
}

/** Lines of a text file holding anything but blanks (streamed; newlines found with the native byte search). */
async function contentLines(file: string): Promise<number> {
  let lines = 0;
  let content = false;
  const blank = (b: number): boolean => b === 13 || b === 32 || b === 9;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl;
      // A line with content almost always starts with it: scan further only when it starts blank.
      if (!content && end > start) {
        if (!blank(chunk[start]!)) content = true;
        else for (let i = start + 1; i < end; i++) if (!blank(chunk[i]!)) { content = true; break; }
      }
      if (nl < 0) break;
      if (content) lines++;
      content = false;
      start = nl + 1;
    }
  }
  return content ? lines + 1 : lines;
}

/** Load `raw0(k, c0…cN)`: k the data row number, cI the text of the file's column I. */
async function loadRaw(db: DuckDb, file: string, format: EntryFormat, head: Buffer, workDir: string, checkHeader: (h: string[]) => void): Promise<string[]> {
  if (format === "parquet") {
    let cols: { column_name: string }[];
    try {
      cols = await db.query<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet(${q(file)})`);
    } catch (e) {
      throw new InputError("NOT_A_TABLE", "file", `not a readable Parquet file (truncated or damaged?): ${(e as Error).message.split("\n")[0]}`);
    }
    checkHeader(cols.map((c) => c.column_name));
    try {
      const sel = cols.map((c, i) => `CAST(${`"${c.column_name.replace(/"/g, '""')}"`} AS VARCHAR) AS c${i}`).join(", ");
      await db.exec(`CREATE TABLE raw0 AS SELECT file_row_number + 1 AS k, ${sel} FROM read_parquet(${q(file)}, file_row_number = true)`);
    } catch (e) {
      throw new InputError("NOT_A_TABLE", "file", `not a readable Parquet file (truncated or damaged?): ${(e as Error).message.split("\n")[0]}`);
    }
    await db.exec(`CREATE TABLE csv_rejects (row BIGINT, column_index INTEGER, reason VARCHAR, record VARCHAR)`);
    return cols.map((c) => c.column_name);
  }
  let source = file;
  let header: string[];
  if (format === "xlsx") {
    source = join(workDir, "xlsx-sheet.csv");
    await xlsxToCsv(file, source);
    const fh = await open(source, "r");
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    await fh.close();
    if (bytesRead === 0) throw new InputError("EMPTY_FILE", "file", "the workbook's first sheet is empty");
    header = csvHeader(buf.subarray(0, bytesRead));
  } else header = csvHeader(head);
  checkHeader(header);
  const columns = `{${header.map((_, i) => `'c${i}': 'VARCHAR'`).join(", ")}}`;
  const readCsv = async (parallel: boolean): Promise<{ read: number; rejected: number; last: number | null }> => {
    await db.exec(`CREATE OR REPLACE TABLE raw_csv AS SELECT * FROM read_csv(${q(source)}, header = true, columns = ${columns},
      delim = ',', quote = '"', escape = '"', auto_detect = false, store_rejects = true, parallel = ${parallel}, null_padding = false,
      max_line_size = 1048576)`);
    const [counts] = await db.query<{ read: number; rejected: number; last: number | null }>(
      `SELECT (SELECT count(*) FROM raw_csv) AS read, (SELECT count(DISTINCT line) FROM reject_errors) AS rejected, (SELECT max(line) FROM reject_errors) AS last`,
    );
    return counts!;
  };
  // Read on every thread: the insertion order is the file's (DuckDB preserves it by default), so a record's place in
  // the table (its rowid) is its rank among the records read. A file with records the reader cannot take is read again
  // on one thread, whose line accounting (an open quote runs on to the next one) the count check below was made for.
  let { read, rejected, last } = await readCsv(true);
  if (rejected > 0) {
    await db.exec(`DROP TABLE reject_errors; DROP TABLE reject_scans`);
    ({ read, rejected, last } = await readCsv(false));
  }
  // Nothing silently dropped: every non-blank line after the header is a record read or a record rejected (entry files
  // have no field spanning lines). Otherwise (e.g. a quote left open near the end) the file is refused as a whole.
  const lines = (await contentLines(source)) - 1;
  if (read + rejected !== lines) {
    throw new InputError(
      "MALFORMED_FILE",
      `row ${read + rejected + 1}`,
      `the CSV reader took ${read + rejected} of the file's ${lines} data lines${last ? ` (last reject at line ${last})` : ""}: a quote left open or a field spanning lines from about this row; nothing was priced`,
    );
  }
  // Rows the CSV reader could not take (wrong number of fields, unterminated quote, bad UTF-8): rejects, by line.
  await db.exec(`CREATE TABLE csv_rejects AS SELECT line - 1 AS row, min(try_cast(regexp_extract(column_name, '^c(\\d+)$', 1) AS INTEGER)) AS column_index,
      string_agg(DISTINCT lower(error_type) || ': ' || error_message, '; ' ORDER BY lower(error_type) || ': ' || error_message) AS reason, any_value(left(csv_line, 200)) AS record
    FROM reject_errors GROUP BY line`);
  if (rejected === 0) {
    await db.exec(`CREATE VIEW raw0 AS SELECT rowid + 1 AS k, * FROM raw_csv`);
    return header;
  }
  // The data row of each accepted record: its rank plus the rejected rows before it (ASOF over "good rows before").
  await db.exec(`CREATE TABLE reject_gaps AS SELECT row - row_number() OVER (ORDER BY row) AS good_before, row_number() OVER (ORDER BY row) AS n FROM csv_rejects`);
  await db.exec(`CREATE VIEW raw0 AS SELECT r.rowid + 1 + COALESCE(g.n, 0) AS k, r.* FROM raw_csv r ASOF LEFT JOIN reject_gaps g ON r.rowid + 1 > g.good_before`);
  return header;
}

/** Read and check an entry file into the tables `entry_lines` and `rejects` of `db`. */
export async function loadEntryFile(db: DuckDb, file: string, workDir: string, ctx: RowContext, options: ReadEntriesOptions = {}): Promise<LoadedEntries> {
  const size = (await stat(file)).size;
  if (options.maxBytes !== undefined && size > options.maxBytes) {
    throw new InputError("FILE_TOO_LARGE", "file", `${size.toLocaleString("en-US")} bytes is more than the limit of ${options.maxBytes.toLocaleString("en-US")}`);
  }
  const { format, head } = await sniffFormat(file);
  let header: string[];
  try {
    header = await loadRaw(db, file, format, head, workDir, (h) => void mapHeaders(h, options.mapping));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError("MALFORMED_FILE", "file", `the file cannot be read (${(e as Error).message.split("\n")[0]}); nothing was priced`);
  }
  const { index, ignored } = mapHeaders(header, options.mapping);
  await db.exec(`CREATE TABLE known_lines AS SELECT unnest($1::VARCHAR[]) AS hts10`, [[...ctx.knownLines]]);
  await db.exec(`CREATE TABLE known_origins AS SELECT unnest($1::VARCHAR[]) AS origin`, [Object.keys(KNOWN_ORIGINS)]);
  const fields = ENTRY_COLUMNS.map((c) => (index.has(c.name) ? `trim(COALESCE(c${index.get(c.name)}, '')) AS ${c.name}` : `'' AS ${c.name}`)).join(", ");
  // One pass, one materialisation: the canonical fields (columns the file lacks are ''), their parsed forms (once per
  // row), the first failing check and the typed columns. Neither the text fields nor the file's own fields are stored:
  // a rejected row's record is taken from the raw table by its row number.
  await db.exec(
    `CREATE TABLE checked AS WITH r1 AS (SELECT k AS src_row, ${fields} FROM raw0), r2 AS (SELECT *, ${helperColumnsSql()} FROM r1)
     SELECT src_row, ${typedColumnsSql()}, ${problemSql()} AS problem FROM r2`,
    { from: ctx.coverage.from, to: ctx.coverage.to },
  );
  const names = header.map((h) => h.trim());
  // The record of a rejected row, as the file had it (fields joined by |), built for rejected rows only.
  const record = `left(concat_ws('|', ${header.map((_, i) => `COALESCE(r.c${i}, '')`).join(", ")}), 200)`;
  // The rejected rows first (few): the join to the raw table builds on them, not on the whole file.
  await db.exec(`CREATE TABLE problems AS SELECT src_row, problem FROM checked WHERE problem IS NOT NULL`);
  await db.exec(`CREATE TABLE rejects AS
    SELECT row AS "row", CASE WHEN column_index IS NULL THEN '*' ELSE COALESCE(list_extract($1::VARCHAR[], column_index + 1), '*') END AS "column", reason, record FROM csv_rejects
    UNION ALL
    SELECT p.src_row, split_part(p.problem, chr(31), 1), split_part(p.problem, chr(31), 2), ${record} FROM problems p JOIN raw0 r ON r.k = p.src_row`, [names]);
  await db.exec(format === "parquet" ? `DROP TABLE raw0; DROP TABLE problems` : `DROP VIEW raw0; DROP TABLE raw_csv; DROP TABLE problems`);
  // The accepted rows become entry_lines in place (no copy of the million rows): the rejected ones are deleted.
  await db.exec(`DELETE FROM checked WHERE problem IS NOT NULL`);
  await db.exec(`ALTER TABLE checked DROP COLUMN problem`);
  await db.exec(`ALTER TABLE checked RENAME TO entry_lines`);
  const [{ n }] = (await db.query<{ n: number }>(`SELECT (SELECT count(*) FROM entry_lines) + (SELECT count(*) FROM rejects) AS n`)) as [{ n: number }];
  return { format, rows: n, ignoredColumns: ignored };
}
