import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { DataFileError } from "../common/errors.js";

/** One footnote object of a USITC HTS JSON row. */
export interface HtsRawFootnote {
  columns: string[];
  value: string;
  type: string;
  marker?: string;
}

/** One row of a USITC HTS JSON export, with types checked. `index` is the row's position in the file (0-based). */
export interface HtsRawRow {
  index: number;
  htsno: string;
  indent: number;
  description: string;
  superior: boolean;
  units: string[];
  general: string;
  special: string;
  other: string;
  footnotes: HtsRawFootnote[];
}

/** Decompress a .gz buffer (or pass through plain bytes), naming the file when the stream is corrupt or truncated. */
export function gunzipNamed(file: string, bytes: Buffer): Buffer {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes);
    } catch (err) {
      const reason = (err as Error).message;
      const truncated = /unexpected end/i.test(reason);
      throw new DataFileError(file, truncated ? `gzip stream is truncated (${reason})` : `gzip stream is corrupt (${reason})`, {
        code: "CORRUPT_FILE",
        position: `compressed byte length ${bytes.length}`,
        cause: err,
      });
    }
  }
  return bytes;
}

/** Parse JSON text, turning a syntax error into a DataFileError with line and column. */
export function parseJsonNamed(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let position: string | undefined;
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split("\n").length;
      const col = offset - before.lastIndexOf("\n");
      position = `line ${line}, column ${col} (character ${offset})`;
    } else if (/end of (JSON )?input/i.test(msg)) {
      position = `end of file (character ${text.length})`;
    }
    throw new DataFileError(file, `invalid JSON: ${msg}`, { code: "INVALID_JSON", position, cause: err });
  }
}

function str(file: string, i: number, field: string, v: unknown, nullable = true): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) {
    if (nullable) return "";
  }
  throw new DataFileError(file, `field "${field}" should be a string, found ${JSON.stringify(v)}`, {
    code: "BAD_ROW",
    position: `row ${i}`,
  });
}

/** Check and normalise one raw JSON row. */
export function checkHtsRow(file: string, i: number, raw: unknown): HtsRawRow {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new DataFileError(file, `row should be an object, found ${JSON.stringify(raw)?.slice(0, 60)}`, {
      code: "BAD_ROW",
      position: `row ${i}`,
    });
  }
  const r = raw as Record<string, unknown>;
  const indentRaw = r.indent;
  let indent: number;
  if (typeof indentRaw === "number" && Number.isInteger(indentRaw)) indent = indentRaw;
  else if (typeof indentRaw === "string" && /^\d{1,2}$/.test(indentRaw.trim())) indent = Number(indentRaw.trim());
  else {
    throw new DataFileError(file, `field "indent" should be a small integer string, found ${JSON.stringify(indentRaw)}`, {
      code: "BAD_ROW",
      position: `row ${i}`,
    });
  }
  const units = r.units ?? [];
  if (!Array.isArray(units) || units.some((u) => typeof u !== "string")) {
    throw new DataFileError(file, `field "units" should be a list of strings`, { code: "BAD_ROW", position: `row ${i}` });
  }
  const fnRaw = r.footnotes ?? [];
  if (!Array.isArray(fnRaw)) {
    throw new DataFileError(file, `field "footnotes" should be a list`, { code: "BAD_ROW", position: `row ${i}` });
  }
  const footnotes: HtsRawFootnote[] = fnRaw.map((f, k) => {
    if (f === null || typeof f !== "object") {
      throw new DataFileError(file, `footnote ${k} should be an object`, { code: "BAD_ROW", position: `row ${i}` });
    }
    const fo = f as Record<string, unknown>;
    const cols = fo.columns ?? [];
    if (!Array.isArray(cols) || cols.some((c) => typeof c !== "string")) {
      throw new DataFileError(file, `footnote ${k} "columns" should be a list of strings`, {
        code: "BAD_ROW",
        position: `row ${i}`,
      });
    }
    const out: HtsRawFootnote = {
      columns: cols as string[],
      value: str(file, i, `footnotes[${k}].value`, fo.value),
      type: str(file, i, `footnotes[${k}].type`, fo.type),
    };
    if (typeof fo.marker === "string") out.marker = fo.marker;
    return out;
  });
  const sup = r.superior;
  if (sup !== null && sup !== undefined && sup !== "true" && sup !== "false" && typeof sup !== "boolean") {
    throw new DataFileError(file, `field "superior" should be "true" or null, found ${JSON.stringify(sup)}`, {
      code: "BAD_ROW",
      position: `row ${i}`,
    });
  }
  return {
    index: i,
    htsno: str(file, i, "htsno", r.htsno).trim(),
    indent,
    description: str(file, i, "description", r.description),
    superior: sup === "true" || sup === true,
    units: units as string[],
    general: str(file, i, "general", r.general),
    special: str(file, i, "special", r.special),
    other: str(file, i, "other", r.other),
    footnotes,
  };
}

/** Check the parsed JSON value of a whole archive: an array of rows. */
export function checkHtsArchive(file: string, value: unknown): HtsRawRow[] {
  if (!Array.isArray(value)) {
    throw new DataFileError(file, "an HTS archive should be a JSON array of rows", { code: "BAD_ROW", position: "top level" });
  }
  if (value.length === 0) throw new DataFileError(file, "the HTS archive has no rows", { code: "BAD_ROW" });
  return value.map((raw, i) => checkHtsRow(file, i, raw));
}

/** Read a USITC HTS JSON export (gzipped or plain) into checked rows. */
export async function readHtsArchive(file: string): Promise<HtsRawRow[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new DataFileError(file, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, {
      code: "MISSING_FILE",
      cause: err,
    });
  }
  const text = gunzipNamed(file, bytes).toString("utf8");
  return checkHtsArchive(file, parseJsonNamed(file, text));
}
