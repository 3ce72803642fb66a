/**
 * `dataStatus`: what the local cache holds, dataset by dataset, without fetching anything.
 */
import path from "node:path";
import { loadManifest, selectEntries, type SourceManifest } from "./manifest.js";
import { checkCachedFile, VerifiedCache, type ChecksumState } from "./verify.js";

/** State of one dataset in the cache. */
export interface DatasetStatus {
  id: string;
  group: string;
  path: string;
  present: boolean;
  /** `ok` / `mismatch` against the manifest; `unknown` when absent or not verifiable (see `note`). */
  checksum: ChecksumState;
  /** Size on disk, or null when absent. */
  bytes: number | null;
  /** Size recorded in the manifest, when known. */
  expectedBytes: number | null;
  expected: string;
  /** SHA-256 on disk, or null when absent. */
  actual: string | null;
  note?: string;
}

/** Status of a cache folder. */
export interface StatusReport {
  cacheDir: string;
  entries: DatasetStatus[];
  counts: { total: number; present: number; absent: number; ok: number; mismatch: number; unknown: number };
}

/** Options of `dataStatus`. */
export interface StatusOptions {
  cacheDir: string;
  /** Group names and/or dataset ids; absent: everything. */
  only?: string | readonly string[];
  /** Manifest to check against; defaults to the committed one. */
  manifest?: SourceManifest;
}

/** Check every selected dataset in `cacheDir` (hashing only files that `.verified.json` does not describe). */
export async function dataStatus(options: StatusOptions): Promise<StatusReport> {
  const manifest = options.manifest ?? loadManifest();
  const cacheDir = path.resolve(options.cacheDir);
  const verified = await VerifiedCache.load(cacheDir);
  const entries: DatasetStatus[] = [];
  const selected = selectEntries(manifest, options.only);
  const batch = 8;
  for (let i = 0; i < selected.length; i += batch) {
    const checks = await Promise.all(selected.slice(i, i + batch).map((e) => checkCachedFile(cacheDir, e, verified)));
    checks.forEach((c, j) => {
      const e = selected[i + j];
      if (!e) return;
      entries.push({
        id: e.id,
        group: e.group,
        path: e.path,
        present: c.present,
        checksum: c.checksum,
        bytes: c.bytes,
        expectedBytes: e.bytes ?? null,
        expected: e.sha256,
        actual: c.actual,
        ...(c.note ? { note: c.note } : {}),
      });
    });
  }
  // Only keep the verification record when the cache folder already exists: status never creates a cache.
  if (entries.some((e) => e.present)) await verified.save();
  const present = entries.filter((e) => e.present).length;
  const count = (s: ChecksumState): number => entries.filter((e) => e.present && e.checksum === s).length;
  return {
    cacheDir,
    entries,
    counts: {
      total: entries.length,
      present,
      absent: entries.length - present,
      ok: count("ok"),
      mismatch: count("mismatch"),
      unknown: count("unknown"),
    },
  };
}
