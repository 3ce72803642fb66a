/**
 * Checksums of cached files, and the small `.verified.json` record that makes repeated checks fast.
 *
 * `.verified.json` maps a cache-relative path to the size, mtime and SHA-256 seen when the file was last hashed.
 * A record is used only while the file's size and mtime are unchanged; otherwise the file is hashed again.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { CacheRecordFile } from "./cacheRecordFile.js";
import { officialRecipe, type SourceEntry } from "./manifest.js";
import { getRecipe, type Conversion } from "./recipes/index.js";

/** The conversion of the entry's recipe, when it is a `convert` recipe. */
function conversionOf(entry: SourceEntry): Conversion | undefined {
  const official = officialRecipe(entry);
  const status = official ? getRecipe(official.recipe)?.status : undefined;
  return status?.implemented && status.stored === "convert" ? status : undefined;
}

/** File name of the verification record inside the cache folder. */
export const VERIFIED_FILE = ".verified.json";

/** What is known of one cached file's bytes. */
export interface VerifiedRecord {
  size: number;
  mtimeMs: number;
  sha256: string;
  /** SHA-256 of the uncompressed content (gzip-stored entries only), when computed. */
  contentSha256?: string;
  /** Set when a file not matching the manifest was kept because its publisher's file is not byte-stable. */
  acceptedUnstable?: true;
  /**
   * Set when the file is text extracted by an `extract` recipe: the recipe and the SHA-256 of the publisher's document
   * it was extracted from.
   */
  extracted?: { recipe: string; sourceSha256: string };
}

const isVerifiedRecord = (r: unknown): r is VerifiedRecord => {
  const v = r as VerifiedRecord | undefined;
  return typeof v?.size === "number" && typeof v.mtimeMs === "number" && typeof v.sha256 === "string";
};

/** The `.verified.json` record of one cache folder. */
export class VerifiedCache {
  private constructor(private readonly file: CacheRecordFile<VerifiedRecord>) {}

  /** Load the record (an unreadable or malformed record counts as empty: it is only a cache). */
  static async load(cacheDir: string): Promise<VerifiedCache> {
    return new VerifiedCache(await CacheRecordFile.load(cacheDir, VERIFIED_FILE, isVerifiedRecord));
  }

  /** The record of `rel` if it still describes a file of this size and mtime. */
  get(rel: string, size: number, mtimeMs: number): VerifiedRecord | undefined {
    const r = this.file.get(rel);
    return r && r.size === size && r.mtimeMs === mtimeMs ? r : undefined;
  }

  /** Record what was just seen of `rel`. */
  set(rel: string, record: VerifiedRecord): void {
    this.file.set(rel, record);
  }

  /** Forget `rel` (the file is gone). */
  delete(rel: string): void {
    this.file.delete(rel);
  }

  /** Write the record atomically (temp file + rename) when it changed. Failures are ignored: it is only a cache. */
  save(): Promise<void> {
    return this.file.save();
  }
}

/** SHA-256 (hex) of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), async function (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) hash.update(chunk);
  });
  return hash.digest("hex");
}

/** SHA-256 (hex) of a gzip file's uncompressed content, or `null` when it is not a valid gzip stream. */
export async function sha256GunzipFile(file: string): Promise<string | null> {
  const hash = createHash("sha256");
  try {
    await pipeline(createReadStream(file), createGunzip(), async function (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) hash.update(chunk);
    });
  } catch {
    return null;
  }
  return hash.digest("hex");
}

/** Checksum state of a cached file against the manifest. */
export type ChecksumState = "ok" | "mismatch" | "unknown";

/** Result of checking one cached file. */
export interface CachedFileCheck {
  present: boolean;
  /** Size on disk, when present. */
  bytes: number | null;
  /**
   * `ok`: matches the manifest (`sha256`, or `contentSha256` for a re-compressed download); `mismatch`: differs;
   * `unknown`: absent, or kept from a publisher whose file is not byte-stable and differs from the manifest.
   */
  checksum: ChecksumState;
  /** SHA-256 of the file on disk, when present. */
  actual: string | null;
  note?: string;
}

/** Absolute path of an entry in a cache folder. */
export function cachedPath(cacheDir: string, rel: string): string {
  return path.join(cacheDir, ...rel.split("/"));
}

/**
 * Check the cached copy of `entry` against the manifest, hashing only when `.verified.json` does not already
 * describe the file at its current size and mtime. Updates `verified`.
 */
export async function checkCachedFile(
  cacheDir: string,
  entry: SourceEntry,
  verified: VerifiedCache,
): Promise<CachedFileCheck> {
  const file = cachedPath(cacheDir, entry.path);
  let st;
  try {
    st = await stat(file);
  } catch {
    verified.delete(entry.path);
    return { present: false, bytes: null, checksum: "unknown", actual: null };
  }
  if (!st.isFile())
    return { present: false, bytes: null, checksum: "unknown", actual: null, note: "not a regular file" };
  let record = verified.get(entry.path, st.size, st.mtimeMs);
  if (!record) {
    record = { size: st.size, mtimeMs: st.mtimeMs, sha256: await sha256File(file) };
    verified.set(entry.path, record);
  }
  const base = { present: true, bytes: st.size, actual: record.sha256 };
  if (record.sha256 === entry.sha256) return { ...base, checksum: "ok" };
  if (entry.contentSha256 !== undefined) {
    const conversion = conversionOf(entry);
    if (record.contentSha256 === undefined) {
      const content = conversion ? await conversion.contentDigest(file) : await sha256GunzipFile(file);
      if (content !== null) {
        record = { ...record, contentSha256: content };
        verified.set(entry.path, record);
      }
    }
    if (record.contentSha256 === entry.contentSha256) {
      return {
        ...base,
        checksum: "ok",
        note: conversion
          ? "converted from the publisher's answer; content matches"
          : "downloaded from the publisher and gzipped locally; content matches",
      };
    }
  }
  const extracted = extractedState(entry, record);
  if (extracted) return { ...base, ...extracted };
  if (record.acceptedUnstable && !entry.checksumStable) {
    return { ...base, checksum: "unknown", note: "publisher's file differs from the manifest (not byte-stable); kept" };
  }
  return { ...base, checksum: "mismatch" };
}

/**
 * The state of a file that an `extract` recipe produced from the publisher's document: `ok` when the document's
 * checksum is the one the manifest pins (`official.sha256`), `unknown` when the manifest pins none; undefined when the
 * file is not such an extraction (or was extracted from another document: then it is a mismatch).
 */
function extractedState(
  entry: SourceEntry,
  record: VerifiedRecord,
): Pick<CachedFileCheck, "checksum" | "note"> | undefined {
  const official = officialRecipe(entry);
  const status = official ? getRecipe(official.recipe)?.status : undefined;
  if (!official || !record.extracted || !status?.implemented || status.stored !== "extract") return undefined;
  if (record.extracted.recipe !== official.recipe) return undefined;
  const from = `text extracted by ${official.recipe} from the publisher's document (sha256 ${record.extracted.sourceSha256.slice(0, 12)}…)`;
  if (official.sha256 === undefined)
    return { checksum: "unknown", note: `${from}; the manifest pins no checksum for that document` };
  if (official.sha256 === record.extracted.sourceSha256)
    return { checksum: "ok", note: `${from}, the document the manifest pins` };
  return undefined;
}

/**
 * SHA-256 of cached files (manifest paths), taken from `.verified.json` when it still describes the file at its size
 * and mtime, else computed and recorded. Compiled-cache keys use this, so a warm start does not rehash the sources.
 */
export async function cachedChecksums(cacheDir: string, rels: readonly string[]): Promise<string[]> {
  const verified = await VerifiedCache.load(cacheDir);
  const out: string[] = [];
  for (const rel of rels) {
    const file = cachedPath(cacheDir, rel);
    const st = await stat(file);
    let record = verified.get(rel, st.size, st.mtimeMs);
    if (!record) {
      record = { size: st.size, mtimeMs: st.mtimeMs, sha256: await sha256File(file) };
      verified.set(rel, record);
    }
    out.push(record.sha256);
  }
  await verified.save();
  return out;
}
