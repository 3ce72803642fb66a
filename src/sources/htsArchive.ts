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

/** A character a Latin-1 reading of UTF-8 bytes gives for a byte of a multi-byte sequence. */
const HIGH_BYTE = /[\x80-\xff]/;

/** A string read as Latin-1 back to the UTF-8 text its bytes are (only strings with bytes of multi-byte sequences). */
function utf8Again(v: unknown): unknown {
  if (typeof v === "string") return HIGH_BYTE.test(v) ? Buffer.from(v, "latin1").toString("utf8") : v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === "string" ? HIGH_BYTE.test(x) : x !== null && typeof x === "object") v[i] = utf8Again(x);
    }
  } else if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    let keysToo = false;
    for (const k in o) {
      if (HIGH_BYTE.test(k)) keysToo = true;
      const x = o[k];
      if (typeof x === "string" ? HIGH_BYTE.test(x) : x !== null && typeof x === "object") o[k] = utf8Again(x);
    }
    // A key with such bytes: the object again, in the same key order, with its keys decoded.
    if (keysToo) return Object.fromEntries(Object.entries(o).map(([k, x]) => [utf8Again(k) as string, x]));
  }
  return v;
}

/**
 * Parse UTF-8 JSON bytes (an HTS edition: 13 MB, a few thousand bytes outside ASCII). Decoding all of it as UTF-8 makes
 * V8 transcode the whole text, and one character above U+00FF makes every string of it two-byte; instead the bytes are
 * read as Latin-1 (one character per byte), parsed — JSON's structure is ASCII and every byte of a multi-byte UTF-8
 * sequence is 0x80 or above, so such bytes only occur inside strings and pass through unchanged — and the few strings
 * holding such bytes are decoded as UTF-8 again: the same values as `JSON.parse(bytes.toString("utf8"))`. A `\u`
 * escape (whose character a second decoding would garble) or a syntax error sends the bytes through the plain UTF-8
 * reading instead, whose error names the position.
 */
export function parseUtf8JsonNamed(file: string, bytes: Buffer): unknown {
  const text = bytes.toString("latin1");
  if (text.includes("\\u")) return parseJsonNamed(file, bytes.toString("utf8"));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseJsonNamed(file, bytes.toString("utf8"));
  }
  return utf8Again(value);
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
  return checkHtsArchive(file, parseUtf8JsonNamed(file, gunzipNamed(file, bytes)));
}
