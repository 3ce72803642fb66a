/**
 * Finding source files in the cache, for the readers in `src/sources/` and the commands that use them.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { DataFileError } from "../common/errors.js";
import { resolveCacheDir, resolveMirror } from "./cacheDir.js";
import { loadManifest, type SourceManifest } from "./manifest.js";
import { syncData, type SyncProgress, type SyncReport } from "./sync.js";

/** Where to look: an explicit cache folder, or the default resolution (`$TARIFFSCOPE_CACHE_DIR`, user cache). */
export interface LocateOptions {
  cacheDir?: string | undefined;
  /** Manifest used to name the group in the hint; defaults to the committed one. */
  manifest?: SourceManifest;
}

/**
 * Absolute path of the cached copy of `relPath` (a manifest path such as `us/hts/hts_2026_rev_10.json.gz`).
 * Throws a `DataFileError` with code `MISSING_DATASET` when it is not in the cache, telling to run
 * `tariffscope data sync`. Existence only: checksums are verified by sync and status.
 */
export function sourcePath(relPath: string, options: LocateOptions = {}): string {
  const cacheDir = resolveCacheDir({ dir: options.cacheDir });
  const segments = relPath.split("/");
  if (path.isAbsolute(relPath) || relPath.includes("\\") || segments.some((s) => s === "" || s === "." || s === "..")) {
    throw new DataFileError(
      relPath,
      "not a dataset path (expected a relative path such as us/hts/hts_2026_rev_10.json.gz)",
      {
        code: "BAD_DATASET_PATH",
      },
    );
  }
  const file = path.join(cacheDir, ...segments);
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    let hint = "";
    try {
      const entry = (options.manifest ?? loadManifest()).entries.find((e) => e.path === relPath);
      hint = entry ? ` --only ${entry.group}` : "";
    } catch {
      hint = "";
    }
    const dirOption = options.cacheDir !== undefined ? ` --dir ${cacheDir}` : "";
    throw new DataFileError(
      relPath,
      `not in the data cache (${cacheDir}); run \`tariffscope data sync${hint}${dirOption}\``,
      {
        code: "MISSING_DATASET",
      },
    );
  }
  return file;
}

/** Options of `ensureData`. */
export interface EnsureDataOptions {
  /** Cache folder; default resolution when absent. */
  cacheDir?: string | undefined;
  /** Mirror folder; `false` disables; default resolution (`$TARIFFSCOPE_MIRROR`, `../shared/data`) when absent. */
  mirror?: string | false | null | undefined;
  manifest?: SourceManifest;
  onProgress?: (event: SyncProgress) => void;
  fetch?: typeof globalThis.fetch;
  download?: boolean;
  /** `official`: publishers first, the mirror for the rest (see `syncData`). */
  prefer?: "mirror" | "official";
  /** Base URL standing in for the publishers (default `$TARIFFSCOPE_PUBLISHER_BASE`). */
  publisherBase?: string;
  /** HTTP attempts per download and the first retry delay (see `syncData`). */
  downloadAttempts?: number;
  retryDelayMs?: number;
}

/**
 * Make sure every dataset of `groups` (group names or dataset ids) is in the cache with the right checksum,
 * syncing what is missing. Returns the sync report; throws a `DataFileError` (`MISSING_DATASET`) naming every file
 * that is still missing or corrupt.
 */
export async function ensureData(
  groups: string | readonly string[],
  options: EnsureDataOptions = {},
): Promise<SyncReport> {
  const cacheDir = resolveCacheDir({ dir: options.cacheDir });
  const mirror = options.mirror === null ? null : resolveMirror({ mirror: options.mirror });
  const report = await syncData({
    cacheDir,
    mirror,
    only: groups,
    ...(options.manifest ? { manifest: options.manifest } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.download !== undefined ? { download: options.download } : {}),
    ...(options.prefer !== undefined ? { prefer: options.prefer } : {}),
    ...(options.publisherBase !== undefined ? { publisherBase: options.publisherBase } : {}),
    ...(options.downloadAttempts !== undefined ? { downloadAttempts: options.downloadAttempts } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
  });
  const bad = report.entries.filter((e) => e.status === "missing" || e.status === "corrupt");
  if (bad.length > 0) {
    const first = bad[0];
    const list = bad
      .slice(0, 10)
      .map(
        (e) =>
          `${e.path} (${e.status}: ${e.status === "corrupt" ? `expected ${e.expected}, got ${e.actual}` : e.reason})`,
      )
      .join("; ");
    throw new DataFileError(
      first?.path ?? String(groups),
      `${bad.length} dataset(s) unavailable in ${cacheDir}: ${list}${bad.length > 10 ? "; …" : ""}`,
      {
        code: "MISSING_DATASET",
      },
    );
  }
  return report;
}
