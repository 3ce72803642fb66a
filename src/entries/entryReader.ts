import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { open, stat, rm } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { parse } from "csv-parse";
import { InputError } from "../common/errors.js";
import { openDuckDb } from "../store/duckdb.js";
import { checkEntryRow, mapHeaders, RowProblem, type ColumnMapping, type EntryLine, type RowContext } from "./entrySchema.js";

/**
 * The streamed entry-file reader: CSV (csv-parse), XLSX (exceljs's streaming reader) or Parquet (DuckDB, re-read as
 * CSV text) → every data row checked by `checkEntryRow` → a clean CSV of accepted lines (the SQL stage's input) and a
 * rejects CSV (row, column, reason). Memory stays bounded: rows are handled one at a time with back-pressure on both
 * output files. Row numbers count data rows from 1 (the header is row 0).
 */

export type EntryFormat = "csv" | "xlsx" | "parquet";

export interface ReadEntriesOptions {
  mapping?: ColumnMapping;
  /** Refuse files larger than this (bytes). Default: no limit. */
  maxBytes?: number;
  /** Called every `progressEvery` rows with the rows read and the bytes read so far (CSV) — for progress bars. */
  onProgress?: (rows: number, bytesRead: number, totalBytes: number) => void;
}

export interface ReadEntriesResult {
  format: EntryFormat;
  /** Data rows in the file (accepted + rejected). */
  rows: number;
  accepted: number;
  rejected: number;
  cleanFile: string;
  rejectsFile: string;
  ignoredColumns: string[];
}

/** Columns of the clean CSV, in order (the SQL stage reads it with these names and types). */
export const CLEAN_COLUMNS = [
  "src_row", "entry_number", "entry_type", "entry_date", "summary_date", "deposit_date", "line_number", "hts10", "origin",
  "entered_value", "quantity", "duty_paid", "declared", "liquidation_status", "liquidation_date", "protest_status",
  "adcvd", "adcvd_instructions", "surety_paid", "reconciliation", "drawback", "ieepa_value_reported", "importer_kind", "facts_key",
] as const;

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cleanRecord(l: EntryLine): string {
  return [
    l.row, l.entryNumber, l.entryType, l.entryDate, l.summaryDate, l.depositDate, l.lineNumber, l.hts10, l.origin,
    l.enteredValue, l.quantity, l.dutyPaid, l.declared, l.liquidationStatus, l.liquidationDate, l.protestStatus,
    l.adcvd, l.adcvdInstructions, l.suretyPaid, l.reconciliation, l.drawback, l.ieepaValueReported, l.importerKind, csvField(l.factsKey),
  ].join(",") + "\n";
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/** What a file is, by its first bytes (never by its name alone): XLSX is a ZIP, Parquet starts with PAR1, CSV is text. */
export async function sniffFormat(file: string): Promise<EntryFormat> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    if (bytesRead === 0) throw new InputError("EMPTY_FILE", "file", "the entry file is empty");
    if (head.subarray(0, 4).toString("latin1") === "PK\u0003\u0004") return "xlsx";
    if (head.subarray(0, 4).toString("latin1") === "PAR1") return "parquet";
    const nul = head.indexOf(0);
    if (nul >= 0) throw new InputError("NOT_A_TABLE", "file", `binary content at byte ${nul}: not a CSV, XLSX or Parquet entry file`);
    if (!isUtf8(head, bytesRead === buf.length)) throw new InputError("NOT_A_TABLE", "file", "not UTF-8 text: not a CSV entry file (save it as UTF-8 CSV, XLSX or Parquet)");
    return "csv";
  } finally {
    await fh.close();
  }
}

function isUtf8(buf: Buffer, maybeCut: boolean): boolean {
  // A multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes before decoding.
  const sample = maybeCut ? buf.subarray(0, Math.max(0, buf.length - 3)) : buf;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample);
    return true;
  } catch {
    return false;
  }
}

type RowSource = AsyncIterable<{ values: string[]; bytes: number }>;

async function* csvRows(file: string): RowSource {
  const input = createReadStream(file);
  const parser = input.pipe(parse({ relax_column_count: true, bom: true, skip_empty_lines: true, max_record_size: 1 << 20 }));
  input.on("error", (e) => parser.destroy(e));
  for await (const rec of parser as AsyncIterable<string[]>) yield { values: rec, bytes: input.bytesRead };
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

async function* xlsxRows(file: string): RowSource {
  const ExcelJS = (await import("exceljs")).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: "cache", hyperlinks: "ignore", styles: "ignore", worksheets: "emit", entries: "emit" });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const vals = (row as { values: unknown[] }).values;
      yield { values: vals.slice(1).map(cellText), bytes: 0 };
    }
    break; // the first worksheet holds the lines
  }
}

/** Read, check and split an entry file into clean lines and rejects (both CSV, in `workDir`). */
export async function readEntryFile(file: string, workDir: string, ctx: RowContext, options: ReadEntriesOptions = {}): Promise<ReadEntriesResult> {
  const size = (await stat(file)).size;
  if (options.maxBytes !== undefined && size > options.maxBytes) {
    throw new InputError("FILE_TOO_LARGE", "file", `${size.toLocaleString("en-US")} bytes is more than the limit of ${options.maxBytes.toLocaleString("en-US")}`);
  }
  const format = await sniffFormat(file);
  let source = file;
  let tempCsv: string | undefined;
  if (format === "parquet") {
    // DuckDB reads Parquet natively; its rows are written out as text and checked like any CSV (same rules, same rejects).
    tempCsv = join(workDir, "parquet-input.csv");
    const db = await openDuckDb();
    try {
      await db.exec(`COPY (SELECT * FROM read_parquet($1)) TO '${tempCsv.replace(/'/g, "''")}' (HEADER, DELIMITER ',')`, [file]);
    } catch (e) {
      throw new InputError("NOT_A_TABLE", "file", `not a readable Parquet file (truncated or damaged?): ${(e as Error).message.split("\n")[0]}`);
    } finally {
      db.close();
    }
    source = tempCsv;
  }
  const rows = format === "xlsx" ? xlsxRows(source) : csvRows(source);
  const cleanFile = join(workDir, "lines.csv");
  const rejectsFile = join(workDir, "rejects.csv");
  const clean = createWriteStream(cleanFile);
  const rejects = createWriteStream(rejectsFile);
  await write(clean, CLEAN_COLUMNS.join(",") + "\n");
  await write(rejects, "row,column,reason,record\n");
  let header: { index: Map<string, number>; ignored: string[]; width: number } | undefined;
  let n = 0;
  let accepted = 0;
  let rejected = 0;
  try {
    try {
      for await (const { values, bytes } of rows) {
        if (!header) {
          header = { ...mapHeaders(values, options.mapping), width: values.length };
          continue;
        }
        n++;
        const h = header;
        const get = (c: string): string => {
          const i = h.index.get(c);
          return i === undefined ? "" : (values[i] ?? "");
        };
        try {
          if (values.length !== h.width) throw new RowProblem("*", `${values.length} fields where the header has ${h.width} (a cut or misaligned row)`);
          await write(clean, cleanRecord(checkEntryRow(n, get, ctx)));
          accepted++;
        } catch (e) {
          if (!(e instanceof RowProblem)) throw e;
          rejected++;
          const rec = values.join("|");
          await write(rejects, `${n},${csvField(e.column)},${csvField(e.reason)},${csvField(rec.length > 200 ? rec.slice(0, 200) + "…" : rec)}\n`);
        }
        if (options.onProgress && n % 20000 === 0) options.onProgress(n, bytes, size);
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      const msg = (e as Error).message;
      throw new InputError("MALFORMED_FILE", `row ${n + 1}`, `the file cannot be read past this row (${msg.split("\n")[0]}); nothing was priced`);
    }
    if (!header) throw new InputError("EMPTY_FILE", "file", "the entry file has no header row");
  } finally {
    clean.end();
    rejects.end();
    await Promise.all([once(clean, "close"), once(rejects, "close")]);
    if (tempCsv) await rm(tempCsv, { force: true });
  }
  options.onProgress?.(n, size, size);
  return { format, rows: n, accepted, rejected, cleanFile, rejectsFile, ignoredColumns: header.ignored };
}
