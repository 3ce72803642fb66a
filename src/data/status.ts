/**
 * `dataStatus`: what the local cache holds, dataset by dataset, without fetching anything.
 */
import path from "node:path";
import { loadManifest, selectEntries, type SourceManifest } from "./manifest.js";
import { checkCachedFile, VerifiedCache, type ChecksumState } from "./verify.js";
import { FetchRecords, type FetchRecord } from "./fetchRecord.js";
import { resolvePublisherBase } from "./publisherUrl.js";
import { checkUpstream, type UpstreamCheck, type UpstreamOptions } from "./upstream.js";
import { countOfficialClasses, officialClassOf, type OfficialCounts } from "./officialClasses.js";

/** State of one dataset in the cache. */
export interface DatasetStatus {
  id: string;
  group: string;
  path: string;
  /** How it is obtained from its publisher: the recipe's id, or "none" (`official: none`: a mirror folder only). */
  official: string;
  /** What it feeds, i.e. what a user loses without it (from the manifest). */
  feeds: string;
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
  /** Where and when the cached copy was fetched (from `.fetched.json`), when recorded. */
  fetched?: Pick<FetchRecord, "source" | "from" | "fetchedAt">;
  /** Whether the publisher's file changed since (only with the `upstream` option). */
  upstream?: UpstreamCheck;
}

/** Status of a cache folder. */
export interface StatusReport {
  cacheDir: string;
  entries: DatasetStatus[];
  counts: { total: number; present: number; absent: number; ok: number; mismatch: number; unknown: number };
  /** The selected datasets by official class: with a recipe (per recipe) or `official: none`. */
  official: OfficialCounts;
  /** Counts of the upstream verdicts (only with the `upstream` option). */
  upstream?: Record<UpstreamCheck["state"], number>;
}

/** Options of `dataStatus`. */
export interface StatusOptions {
  cacheDir: string;
  /** Group names and/or dataset ids; absent: everything. */
  only?: string | readonly string[];
  /** Manifest to check against; defaults to the committed one. */
  manifest?: SourceManifest;
  /**
   * Also ask each publisher whether its file changed (one HEAD request per dataset with an official recipe); `true`
   * for the defaults (global fetch, `$TARIFFSCOPE_PUBLISHER_BASE`).
   */
  upstream?: boolean | UpstreamOptions;
}

/** Check every selected dataset in `cacheDir` (hashing only files that `.verified.json` does not describe). */
export async function dataStatus(options: StatusOptions): Promise<StatusReport> {
  const manifest = options.manifest ?? loadManifest();
  const cacheDir = path.resolve(options.cacheDir);
  const verified = await VerifiedCache.load(cacheDir);
  const records = await FetchRecords.load(cacheDir);
  const upstream: UpstreamOptions | undefined =
    options.upstream === true ? {} : options.upstream === false ? undefined : options.upstream;
  const publisherBase = upstream ? resolvePublisherBase(upstream.publisherBase) : undefined;
  const entries: DatasetStatus[] = [];
  const selected = selectEntries(manifest, options.only);
  const batch = 8;
  for (let i = 0; i < selected.length; i += batch) {
    const slice = selected.slice(i, i + batch);
    const checks = await Promise.all(slice.map((e) => checkCachedFile(cacheDir, e, verified)));
    const asked = upstream
      ? await Promise.all(slice.map((e) => checkUpstream(e, records.get(e.path), { ...upstream, publisherBase })))
      : [];
    checks.forEach((c, j) => {
      const e = selected[i + j];
      if (!e) return;
      const rec = c.present ? records.get(e.path) : undefined;
      const up = asked[j];
      entries.push({
        id: e.id,
        group: e.group,
        path: e.path,
        official: officialClassOf(e),
        feeds: e.feeds,
        present: c.present,
        checksum: c.checksum,
        bytes: c.bytes,
        expectedBytes: e.bytes ?? null,
        expected: e.sha256,
        actual: c.actual,
        ...(c.note ? { note: c.note } : {}),
        ...(rec ? { fetched: { source: rec.source, from: rec.from, fetchedAt: rec.fetchedAt } } : {}),
        ...(up ? { upstream: up } : {}),
      });
    });
  }
  // Only keep the verification record when the cache folder already exists: status never creates a cache.
  if (entries.some((e) => e.present)) await verified.save();
  const present = entries.filter((e) => e.present).length;
  const count = (s: ChecksumState): number => entries.filter((e) => e.present && e.checksum === s).length;
  const upstreamCounts = upstream
    ? entries.reduce<Record<UpstreamCheck["state"], number>>(
        (acc, e) => {
          if (e.upstream) acc[e.upstream.state]++;
          return acc;
        },
        { unchanged: 0, changed: 0, unknown: 0, unreachable: 0, "no-recipe": 0 },
      )
    : undefined;
  return {
    cacheDir,
    entries,
    official: countOfficialClasses(selected),
    ...(upstreamCounts ? { upstream: upstreamCounts } : {}),
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
