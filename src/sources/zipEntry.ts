import { inflateRawSync } from "node:zlib";
import { DataFileError } from "../common/errors.js";

/**
 * Read one named member of a ZIP archive (PKWARE APPNOTE: end-of-central-directory record → central directory →
 * local file header → stored or deflated data). Enough for the publishers' single-volume archives; ZIP64, encryption
 * and multi-disk archives are refused naming the file.
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

export interface ZipMember {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** The members listed in the archive's central directory. `file` names the archive in errors. */
export function zipMembers(file: string, bytes: Buffer): ZipMember[] {
  const bad = (message: string, position?: string): DataFileError =>
    new DataFileError(file, message, { code: "CORRUPT_FILE", ...(position ? { position } : {}) });
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad("not a ZIP archive (no end-of-central-directory record; truncated?)");
  const count = bytes.readUInt16LE(eocd + 10);
  const dirSize = bytes.readUInt32LE(eocd + 12);
  const dirOffset = bytes.readUInt32LE(eocd + 16);
  if (dirOffset === 0xffffffff || count === 0xffff) throw bad("ZIP64 archives are not supported");
  if (dirOffset + dirSize > eocd) throw bad("central directory runs past its end record (truncated?)", `byte ${dirOffset}`);
  const members: ZipMember[] = [];
  let p = dirOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw bad(`central directory entry ${k + 1} is damaged`, `byte ${p}`);
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const compressedSize = bytes.readUInt32LE(p + 20);
    const size = bytes.readUInt32LE(p + 24);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    const localHeaderOffset = bytes.readUInt32LE(p + 42);
    const name = bytes.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLen);
    if (flags & 0x1) throw bad(`member ${name} is encrypted`);
    members.push({ name, method, compressedSize, size, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return members;
}

/** The bytes of the member called `name` (stored or deflated), checked against the sizes the directory records. */
export function readZipMember(file: string, bytes: Buffer, name: string): Buffer {
  const members = zipMembers(file, bytes);
  const m = members.find((x) => x.name === name);
  if (!m) {
    throw new DataFileError(file, `the archive has no member "${name}" (it holds: ${members.map((x) => x.name).join(", ")})`, { code: "BAD_DATA_FILE" });
  }
  const at = m.localHeaderOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_SIGNATURE) {
    throw new DataFileError(file, `local header of ${name} is damaged`, { code: "CORRUPT_FILE", position: `byte ${at}` });
  }
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + m.compressedSize);
  if (data.length !== m.compressedSize) throw new DataFileError(file, `${name} is truncated`, { code: "CORRUPT_FILE", position: `byte ${start}` });
  let out: Buffer;
  if (m.method === 0) out = Buffer.from(data);
  else if (m.method === 8) {
    try {
      out = inflateRawSync(data);
    } catch (err) {
      throw new DataFileError(file, `${name}: deflate stream is corrupt (${(err as Error).message})`, { code: "CORRUPT_FILE", cause: err });
    }
  } else throw new DataFileError(file, `${name}: compression method ${m.method} is not supported (stored or deflate only)`, { code: "BAD_DATA_FILE" });
  if (out.length !== m.size) throw new DataFileError(file, `${name}: ${out.length} bytes after inflating, the directory records ${m.size}`, { code: "CORRUPT_FILE" });
  return out;
}
