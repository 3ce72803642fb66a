import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { crc32 } from "node:zlib";

/**
 * Append-only key → value logs on disk, one folder per namespace, the records spread over a fixed number of shard
 * files by a hash of the key. A value is written once (one `write` of one whole record on an O_APPEND descriptor), never
 * rewritten; readers index each shard lazily and pick up records other threads or processes appended since (the
 * shard's size grew). A record is `magic | key length | value length | crc32 | key | value (v8 serialization)`; a
 * truncated tail is ignored until it is complete, a corrupt record makes the shard be dropped (it is a cache).
 *
 * Disk use is bounded twice: a namespace stops accepting records past `maxBytes`, and `trimNamespaces` removes the
 * least recently used namespaces of a root until the root fits its cap.
 */
export interface ShardedLogOptions {
  /** Shard files per namespace (default 16). */
  shards?: number;
  /** The namespace accepts no more records past this size (bytes). */
  maxBytes: number;
}

const MAGIC = 0x54534c31; // "TSL1"
const HEADER = 16;
const USED_MARK = "last-used";

interface Location {
  shard: number;
  offset: number;
  length: number;
}

interface Shard {
  file: string;
  fd: number | undefined;
  /** Bytes indexed so far (records before this offset are in the index). */
  scanned: number;
}

export class ShardedLog<V> {
  private readonly shards: Shard[];
  private readonly index = new Map<string, Location>();
  private readonly maxBytes: number;
  private knownBytes: number | undefined;
  private appends = 0;

  constructor(
    readonly dir: string,
    options: ShardedLogOptions,
  ) {
    const n = options.shards ?? 16;
    this.maxBytes = options.maxBytes;
    mkdirSync(dir, { recursive: true });
    markUsed(dir);
    this.shards = Array.from({ length: n }, (_, i) => ({
      file: join(dir, `shard-${String(i).padStart(3, "0")}.log`),
      fd: undefined,
      scanned: 0,
    }));
  }

  private shardOf(key: string): number {
    return crc32(key) % this.shards.length;
  }

  /** The value stored under `key`, or undefined (never stored, or its shard was dropped). */
  get(key: string): V | undefined {
    let at = this.index.get(key);
    if (!at) {
      this.catchUp(this.shardOf(key));
      at = this.index.get(key);
      if (!at) return undefined;
    }
    const shard = this.shards[at.shard]!;
    const bytes = Buffer.allocUnsafe(at.length);
    if (shard.fd === undefined || readSync(shard.fd, bytes, 0, at.length, at.offset) !== at.length) return undefined;
    try {
      return deserialize(bytes) as V;
    } catch {
      return undefined;
    }
  }

  /** Append `key` → `value`; false when the namespace is at its size cap (nothing written). */
  append(key: string, value: V): boolean {
    // The size on disk is re-read every so often (other writers append too); in between, this writer's bytes count.
    if (this.knownBytes === undefined || this.appends++ % 256 === 0) this.knownBytes = this.bytes();
    if (this.knownBytes >= this.maxBytes) return false;
    const k = Buffer.from(key, "utf8");
    const v = serialize(value);
    const record = Buffer.allocUnsafe(HEADER + k.length + v.length);
    record.writeUInt32LE(MAGIC, 0);
    record.writeUInt32LE(k.length, 4);
    record.writeUInt32LE(v.length, 8);
    k.copy(record, HEADER);
    v.copy(record, HEADER + k.length);
    record.writeUInt32LE(crc32(record.subarray(HEADER)), 12);
    const shard = this.shards[this.shardOf(key)]!;
    try {
      const fd = openSync(shard.file, "a");
      try {
        writeSync(fd, record);
      } finally {
        closeSync(fd);
      }
    } catch {
      return false; // the namespace was removed (trimmed by another process) or the disk refused: not persisted
    }
    this.knownBytes += record.length;
    return true;
  }

  /** Bytes on disk in this namespace (as of the last look at each shard). */
  bytes(): number {
    let total = 0;
    for (const s of this.shards) {
      try {
        total += statSync(s.file).size;
      } catch {
        // shard not written yet
      }
    }
    return total;
  }

  /** Records indexed so far (this process's view). */
  get size(): number {
    return this.index.size;
  }

  /** Index the records appended to a shard since it was last read (by anyone). */
  private catchUp(i: number): void {
    const shard = this.shards[i]!;
    if (shard.fd === undefined) {
      try {
        shard.fd = openSync(shard.file, "r");
      } catch {
        return; // not written yet
      }
    }
    const size = fstatSync(shard.fd).size;
    if (size <= shard.scanned) return;
    const bytes = Buffer.allocUnsafe(size - shard.scanned);
    const got = readSync(shard.fd, bytes, 0, bytes.length, shard.scanned);
    let pos = 0;
    while (pos + HEADER <= got) {
      const keyLength = bytes.readUInt32LE(pos + 4);
      const valueLength = bytes.readUInt32LE(pos + 8);
      const end = pos + HEADER + keyLength + valueLength;
      if (bytes.readUInt32LE(pos) !== MAGIC) return this.drop(i);
      if (end > got) break; // a record still being written
      if (crc32(bytes.subarray(pos + HEADER, end)) !== bytes.readUInt32LE(pos + 12)) return this.drop(i);
      const key = bytes.toString("utf8", pos + HEADER, pos + HEADER + keyLength);
      this.index.set(key, { shard: i, offset: shard.scanned + pos + HEADER + keyLength, length: valueLength });
      pos = end;
    }
    shard.scanned += pos;
  }

  /** A corrupt shard is removed with its index entries (its values are recomputed by the caller). */
  private drop(i: number): void {
    const shard = this.shards[i]!;
    if (shard.fd !== undefined) closeSync(shard.fd);
    shard.fd = undefined;
    shard.scanned = 0;
    rmSync(shard.file, { force: true });
    for (const [k, at] of this.index) if (at.shard === i) this.index.delete(k);
  }

  close(): void {
    for (const s of this.shards) {
      if (s.fd !== undefined) closeSync(s.fd);
      s.fd = undefined;
    }
  }
}

function markUsed(dir: string): void {
  const mark = join(dir, USED_MARK);
  const now = new Date();
  try {
    utimesSync(mark, now, now);
  } catch {
    writeFileSync(mark, "");
  }
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const f of readdirSync(dir)) {
    try {
      total += statSync(join(dir, f)).size;
    } catch {
      // removed meanwhile
    }
  }
  return total;
}

/**
 * Keep the namespaces under `root` within `maxBytes` in all: remove the least recently opened ones (never those in
 * `keep`) until the rest fits. Returns the bytes left.
 */
export function trimNamespaces(root: string, maxBytes: number, keep: readonly string[] = []): number {
  let entries: { dir: string; bytes: number; used: number }[];
  try {
    entries = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => {
        const dir = join(root, d.name);
        let used = 0;
        try {
          used = statSync(join(dir, USED_MARK)).mtimeMs;
        } catch {
          // never marked: oldest
        }
        return { dir, bytes: folderBytes(dir), used };
      });
  } catch {
    return 0; // no root yet
  }
  let total = entries.reduce((s, e) => s + e.bytes, 0);
  for (const e of entries.sort((a, b) => a.used - b.used)) {
    if (total <= maxBytes) break;
    if (keep.includes(e.dir)) continue;
    rmSync(e.dir, { recursive: true, force: true });
    total -= e.bytes;
  }
  return total;
}
