import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { DataFileError, TariffscopeError } from "../common/errors.js";
import type { Screener, ScreeningResult, ScreenOptions } from "./screening.js";

/**
 * Screening a CSV of counterparties: a `name` column (or the one named), optionally `country` (ISO-2) and `id`.
 * A row that cannot be screened (empty or over-long name, bad country) is reported as that row's error; the other
 * rows are screened. A file without the name column is an error naming the columns it has.
 */

export interface BatchRow {
  line: number;
  id: string | null;
  result: ScreeningResult | null;
  error: { code: string; message: string } | null;
}

export interface BatchReport {
  file: string;
  rows: BatchRow[];
  counts: { rows: number; match: number; noMatch: number; unscreenable: number; errors: number };
}

export interface BatchOptions extends Omit<ScreenOptions, "country"> {
  nameColumn?: string;
  countryColumn?: string;
  /** Largest file accepted (bytes). */
  maxBytes?: number;
}

export const MAX_BATCH_BYTES = 64 * 1024 * 1024;

export function screenBatchFile(screener: Screener, file: string, options: BatchOptions = {}, text?: string): BatchReport {
  let body: string;
  try {
    body = text ?? readFileSync(file, "utf8");
  } catch (e) {
    throw new DataFileError(file, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { code: "MISSING_FILE" });
  }
  if (Buffer.byteLength(body) > (options.maxBytes ?? MAX_BATCH_BYTES)) {
    throw new DataFileError(file, `larger than ${options.maxBytes ?? MAX_BATCH_BYTES} bytes: split the file`, { code: "TOO_LARGE" });
  }
  let records: string[][];
  try {
    records = parse(body, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (e) {
    throw new DataFileError(file, `not a readable CSV: ${(e as Error).message}`, { code: "BAD_BATCH", cause: e });
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const nameCol = header.indexOf((options.nameColumn ?? "name").toLowerCase());
  if (nameCol < 0) {
    throw new DataFileError(file, `no column ${options.nameColumn ?? "name"} (columns: ${header.join(", ") || "none"}); name it with --name-column`, {
      code: "BAD_BATCH",
      position: "line 1",
    });
  }
  const countryCol = header.indexOf((options.countryColumn ?? "country").toLowerCase());
  const idCol = header.indexOf("id");
  const rows: BatchRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    const line = i + 1;
    const id = idCol >= 0 ? (r[idCol] ?? null) : null;
    try {
      const result = screener.screen(r[nameCol] ?? "", {
        country: countryCol >= 0 ? r[countryCol] : undefined,
        minScore: options.minScore,
        limit: options.limit,
      });
      rows.push({ line, id, result, error: null });
    } catch (e) {
      if (!(e instanceof TariffscopeError)) throw e;
      rows.push({ line, id, result: null, error: { code: e.code, message: e.message } });
    }
  }
  const count = (s: ScreeningResult["status"]): number => rows.filter((r) => r.result?.status === s).length;
  return {
    file,
    rows,
    counts: {
      rows: rows.length,
      match: count("match"),
      noMatch: count("no-match"),
      unscreenable: count("unscreenable"),
      errors: rows.filter((r) => r.error).length,
    },
  };
}
