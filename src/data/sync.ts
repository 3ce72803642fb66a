/**
 * `syncData`: bring the local cache in line with the manifest, from a mirror folder or the official addresses.
 *
 * For each selected dataset: a cached copy with the right checksum is kept; otherwise the file is copied from the
 * mirror, or downloaded from its publisher and turned into the stored file by its recipe (`official` in the
 * manifest, `src/data/recipes/`), into a temporary file in the destination folder while being hashed, verified, and
 * only then renamed onto its final name. A file that fails verification never appears under its final name;
 * temporary files are removed on every failure. Running it twice does nothing the second time.
 *
 * Order: mirror first, publisher second (default), or publisher first (`prefer: "official"`, `data sync --official`)
 * with the mirror for what no implemented recipe can produce. Downloads are retried and resumed (`./download.ts`),
 * checked for the form the publisher should serve (an HTML error page is not a PDF), and recorded in `.fetched.json`.
 */
import { PARTIAL_SUFFIX, stagingPathFor } from "./stagingPath.js";
import { createHash } from "node:crypto";
import { open as openFile } from "node:fs/promises";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { loadManifest, officialRecipe, selectEntries, type SourceEntry, type SourceManifest } from "./manifest.js";
import { cachedPath, checkCachedFile, sha256File, VerifiedCache } from "./verify.js";
import { publishCacheNotice } from "./cacheNotices.js";
import {
  describe as describeError,
  discardDownload,
  downloadFile,
  DownloadError,
  type DownloadResult,
} from "./download.js";
import { FetchRecords } from "./fetchRecord.js";
import { publisherUrl, resolvePublisherBase } from "./publisherUrl.js";
import { countOfficialClasses, type OfficialCounts } from "./officialClasses.js";
import { formMismatch, getRecipe, type Conversion, type Extraction } from "./recipes/index.js";

/** Outcome of one dataset. */
export type SyncStatus = "ok" | "fetched" | "missing" | "corrupt";

/** Result of syncing one dataset. */
export interface SyncEntryResult {
  id: string;
  path: string;
  group: string;
  /**
   * `ok`: already cached with the right checksum; `fetched`: copied or downloaded now and verified;
   * `missing`: not in the mirror and not downloadable, or the download failed (see `reason`);
   * `corrupt`: the only copy found has the wrong checksum (see `expected`, `actual`); nothing was placed in the cache.
   */
  status: SyncStatus;
  /** Where the cached bytes came from. */
  source?: "cache" | "mirror" | "download";
  /** Why a dataset is missing or corrupt (every source tried). */
  reason?: string;
  /** Expected checksum (corrupt only). */
  expected?: string;
  /** Checksum found (corrupt only). */
  actual?: string;
  /** Size of the cached file, when there is one. */
  bytes?: number;
  /** Something worth knowing although the dataset is usable (e.g. publisher's file changed). */
  warning?: string;
  /**
   * Set when a cached copy was there but damaged (wrong checksum: truncated, edited, corrupt) and has been fetched
   * again: what the damaged copy's checksum was, against the expected one.
   */
  replaced?: { reason: "corrupt"; expected: string; actual: string };
}

/** Result of a sync run. */
export interface SyncReport {
  cacheDir: string;
  mirror: string | null;
  entries: SyncEntryResult[];
  counts: Record<SyncStatus, number>;
  /** The selected datasets by official class: with a recipe (per recipe) or `official: none`. */
  official: OfficialCounts;
  elapsedMs: number;
}

/** Progress events, in completion order. */
export type SyncProgress =
  { kind: "start"; total: number } | { kind: "entry"; done: number; total: number; result: SyncEntryResult };

/** Options of `syncData`. */
export interface SyncOptions {
  /** Cache folder (see `resolveCacheDir`). */
  cacheDir: string;
  /** Mirror folder (see `resolveMirror`); null or absent: official addresses only. */
  mirror?: string | null;
  /** Group names and/or dataset ids (array or comma-separated); absent: everything. */
  only?: string | readonly string[];
  onProgress?: (event: SyncProgress) => void;
  /** Manifest to follow; defaults to the committed one. */
  manifest?: SourceManifest;
  /** Allow downloads from official addresses (default true). */
  download?: boolean;
  /** `fetch` implementation (default: the global one). */
  fetch?: typeof globalThis.fetch;
  /** Files processed at once (default 8). */
  concurrency?: number;
  /** Time limit of one download attempt, in milliseconds (default 300 000). */
  downloadTimeoutMs?: number;
  /** `mirror` (default): mirror first, publisher second; `official`: publisher first, mirror for the rest. */
  prefer?: "mirror" | "official";
  /**
   * Reach every publisher through this base URL (see `publisherUrl`); default `$TARIFFSCOPE_PUBLISHER_BASE`, else
   * the official addresses themselves.
   */
  publisherBase?: string;
  /** HTTP attempts per download (default 4). */
  downloadAttempts?: number;
  /** Wait before the second attempt, doubled for each later one (default 1000 ms). */
  retryDelayMs?: number;
  /**
   * Testing hook: called when a temporary file is complete and verified, just before it is renamed onto its final
   * name. Throwing from it aborts that dataset like any write failure.
   * @internal
   */
  beforeCommit?: (tempPath: string, finalPath: string) => void | Promise<void>;
}

const STALE_PARTIAL_MS = 60 * 60 * 1000;

interface Written {
  temp: string;
  rawSha: string;
  storedSha: string;
  bytes: number;
}

interface Ctx {
  cacheDir: string;
  mirror: string | null;
  verified: VerifiedCache;
  download: boolean;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  beforeCommit: SyncOptions["beforeCommit"];
  prefer: "mirror" | "official";
  publisherBase: string | undefined;
  attempts: number;
  retryDelayMs: number;
  fetched: FetchRecords;
}

/** Sync the selected datasets into `cacheDir`; see the module comment. */
export async function syncData(options: SyncOptions): Promise<SyncReport> {
  const started = performance.now();
  const manifest = options.manifest ?? loadManifest();
  const entries = selectEntries(manifest, options.only);
  const cacheDir = path.resolve(options.cacheDir);
  await mkdir(cacheDir, { recursive: true });
  const ctx: Ctx = {
    cacheDir,
    mirror: options.mirror ? path.resolve(options.mirror) : null,
    verified: await VerifiedCache.load(cacheDir),
    download: options.download ?? true,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.downloadTimeoutMs ?? 300_000,
    beforeCommit: options.beforeCommit,
    prefer: options.prefer ?? "mirror",
    publisherBase: resolvePublisherBase(options.publisherBase),
    attempts: options.downloadAttempts ?? 4,
    retryDelayMs: options.retryDelayMs ?? 1000,
    fetched: await FetchRecords.load(cacheDir),
  };
  const total = entries.length;
  options.onProgress?.({ kind: "start", total });
  const results: SyncEntryResult[] = new Array<SyncEntryResult>(total);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const entry = entries[i] as SourceEntry;
      const result = await syncEntry(entry, ctx);
      if (result.replaced && result.source)
        publishCacheNotice({ kind: "refetched", path: result.path, ...result.replaced, source: result.source });
      results[i] = result;
      done++;
      options.onProgress?.({ kind: "entry", done, total, result });
    }
  };
  try {
    const n = Math.max(1, Math.min(options.concurrency ?? 8, total));
    await Promise.all(Array.from({ length: n }, worker));
  } finally {
    await ctx.verified.save();
    await ctx.fetched.save();
  }
  const counts: Record<SyncStatus, number> = { ok: 0, fetched: 0, missing: 0, corrupt: 0 };
  for (const r of results) counts[r.status]++;
  return {
    cacheDir,
    mirror: ctx.mirror,
    entries: results,
    counts,
    official: countOfficialClasses(entries),
    elapsedMs: Math.round(performance.now() - started),
  };
}

async function syncEntry(entry: SourceEntry, ctx: Ctx): Promise<SyncEntryResult> {
  const base = { id: entry.id, path: entry.path, group: entry.group };
  const cached = await checkCachedFile(ctx.cacheDir, entry, ctx.verified);
  if (cached.present && cached.checksum !== "mismatch") {
    return {
      ...base,
      status: "ok",
      source: "cache",
      bytes: cached.bytes ?? 0,
      ...(cached.note ? { warning: cached.note } : {}),
    };
  }

  const tried: string[] = [];
  let corrupt: { expected: string; actual: string } | undefined;
  // A damaged cached copy that the fetch below replaces is named in the result (never silently refetched).
  const replaced =
    cached.present && cached.actual !== null
      ? { replaced: { reason: "corrupt" as const, expected: entry.sha256, actual: cached.actual } }
      : {};

  type Step = () => Promise<SyncEntryResult | undefined>;
  const fromMirror: Step = async () => {
    if (ctx.mirror === null) {
      tried.push("no mirror folder");
      return undefined;
    }
    const src = cachedPath(ctx.mirror, entry.path);
    const exists = await stat(src).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!exists) {
      tried.push(`not in mirror ${ctx.mirror}`);
      return undefined;
    }
    const outcome = await install(entry, ctx, () => createReadStream(src), false, false);
    if (outcome.kind === "installed") {
      ctx.fetched.set(entry.path, {
        source: "mirror",
        from: src,
        fetchedAt: new Date().toISOString(),
        receivedBytes: outcome.bytes,
        receivedSha256: outcome.rawSha,
        storedSha256: outcome.storedSha,
      });
      // A partial download left by an earlier run is of no use any more.
      await discardDownload(downloadPathOf(ctx.cacheDir, entry));
      return { ...base, status: "fetched", source: "mirror", bytes: outcome.bytes, ...replaced };
    }
    if (outcome.kind === "mismatch") {
      corrupt ??= { expected: outcome.expected, actual: outcome.actual };
      tried.push(`mirror copy ${src} has sha256 ${outcome.actual}, expected ${outcome.expected}`);
    } else {
      tried.push(`mirror copy failed: ${outcome.message}`);
    }
    return undefined;
  };
  const fromPublisher: Step = async () => {
    const result = await downloadEntry(entry, ctx, tried);
    if (result === undefined) return undefined;
    if ("mismatch" in result) {
      corrupt ??= result.mismatch;
      return undefined;
    }
    return { ...base, ...result, ...replaced };
  };
  for (const step of ctx.prefer === "official" ? [fromPublisher, fromMirror] : [fromMirror, fromPublisher]) {
    const done = await step();
    if (done) return done;
  }

  if (corrupt) return { ...base, status: "corrupt", ...corrupt, reason: `checksum mismatch: ${tried.join("; ")}` };
  if (cached.present && cached.actual !== null) {
    return {
      ...base,
      status: "corrupt",
      expected: entry.sha256,
      actual: cached.actual,
      bytes: cached.bytes ?? 0,
      reason: `cached copy has the wrong checksum and no replacement was found: ${tried.join("; ")}`,
    };
  }
  return { ...base, status: "missing", reason: tried.join("; ") };
}

type InstallOutcome =
  | { kind: "installed"; bytes: number; rawSha: string; storedSha: string; warning?: string }
  | { kind: "mismatch"; expected: string; actual: string }
  | { kind: "failed"; message: string };

/** Write a source to a temp file beside the final path, verify it, and rename it into place. */
async function install(
  entry: SourceEntry,
  ctx: Ctx,
  open: () => Readable | Promise<Readable>,
  gzip: boolean,
  fromPublisher: boolean,
): Promise<InstallOutcome> {
  const finalPath = cachedPath(ctx.cacheDir, entry.path);
  let written: Written | undefined;
  try {
    await mkdir(path.dirname(finalPath), { recursive: true });
    await removeStalePartials(finalPath);
    written = await writeTemp(finalPath, await open(), gzip);
    let warning: string | undefined;
    let accepted = false;
    // A re-compressed download is checked on its content; a byte copy on its bytes.
    const [expected, actual] = gzip
      ? [entry.contentSha256 ?? entry.sha256, written.rawSha]
      : [entry.sha256, written.storedSha];
    if (expected !== actual) {
      // A publisher's file that is not byte-stable is kept with a warning (its form was checked before).
      if (!fromPublisher || entry.checksumStable) return { kind: "mismatch", expected, actual };
      accepted = true;
      warning = `publisher's file differs from the manifest (content sha256 ${actual}, manifest ${expected}); kept because its checksum is not stable`;
    }
    await ctx.beforeCommit?.(written.temp, finalPath);
    await rename(written.temp, finalPath);
    const st = await stat(finalPath);
    ctx.verified.set(entry.path, {
      size: st.size,
      mtimeMs: st.mtimeMs,
      sha256: written.storedSha,
      ...(gzip ? { contentSha256: written.rawSha } : {}),
      ...(accepted ? { acceptedUnstable: true as const } : {}),
    });
    const shas = { rawSha: written.rawSha, storedSha: written.storedSha };
    written = undefined; // committed: nothing to clean up
    return { kind: "installed", bytes: st.size, ...shas, ...(warning ? { warning } : {}) };
  } catch (err) {
    return { kind: "failed", message: describeError(err) };
  } finally {
    if (written) await unlink(written.temp).catch(() => undefined);
  }
}

/** Stream `source` into a new temp file beside `finalPath` (optionally gzipping), hashing before and after. */
async function writeTemp(finalPath: string, source: Readable, gzip: boolean): Promise<Written> {
  const temp = stagingPathFor(finalPath);
  const raw = createHash("sha256");
  const stored = createHash("sha256");
  const tapRaw = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of src) {
      raw.update(chunk);
      yield chunk;
    }
  };
  let bytes = 0;
  const tapStored = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of src) {
      stored.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  };
  const out = createWriteStream(temp, { flags: "wx", flush: true });
  try {
    if (gzip) await pipeline(source, tapRaw, createGzip({ level: 6 }), tapStored, out);
    else await pipeline(source, tapRaw, tapStored, out);
  } catch (err) {
    source.destroy();
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  const rawSha = raw.digest("hex");
  return { temp, rawSha, storedSha: gzip ? stored.digest("hex") : rawSha, bytes };
}

/** Remove temp files of `finalPath` left by a crashed run (older than an hour, so a concurrent run is not hit). */
async function removeStalePartials(finalPath: string): Promise<void> {
  const dir = path.dirname(finalPath);
  const prefix = `.${path.basename(finalPath)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(PARTIAL_SUFFIX)) continue;
    const p = path.join(dir, name);
    const st = await stat(p).catch(() => null);
    if (st && now - st.mtimeMs > STALE_PARTIAL_MS) await unlink(p).catch(() => undefined);
  }
}

type DownloadOutcome =
  Pick<SyncEntryResult, "status" | "source" | "bytes" | "warning"> | { mismatch: { expected: string; actual: string } };

/**
 * Fetch `entry` from its publisher through its recipe. Returns the result when installed, a checksum mismatch, or
 * undefined with the reason pushed on `tried`. Nothing that fails a check is left in the cache: a body of the wrong
 * form (an HTML page for a PDF) or with the wrong checksum is discarded; only a broken transfer keeps its partial
 * bytes, for the next attempt to resume.
 */
async function downloadEntry(entry: SourceEntry, ctx: Ctx, tried: string[]): Promise<DownloadOutcome | undefined> {
  const official = officialRecipe(entry);
  if (official === undefined) {
    const none = entry.official as { publisher: string; why: string };
    tried.push(`no official recipe (${none.publisher}: ${none.why}); obtain it through a mirror folder`);
    return undefined;
  }
  const recipe = getRecipe(official.recipe);
  if (recipe === undefined || !recipe.status.implemented) {
    const missing = recipe && !recipe.status.implemented ? recipe.status.missing : "unknown recipe";
    tried.push(`recipe ${official.recipe} not implemented yet (${missing}); official source ${official.url}`);
    return undefined;
  }
  if (!ctx.download) {
    tried.push(`downloads disabled (${official.url})`);
    return undefined;
  }
  const url = publisherUrl(official.url, ctx.publisherBase);
  const label = url === official.url ? official.url : `${official.url} (via ${url})`;
  const gzip = recipe.status.stored === "gzip";
  const finalPath = cachedPath(ctx.cacheDir, entry.path);
  const dest = downloadPathOf(ctx.cacheDir, entry);
  await mkdir(path.dirname(finalPath), { recursive: true });
  // Two rounds at most: a resumed download that fails its checksum is fetched once more from zero.
  for (let round = 1; round <= 2; round++) {
    let dl: DownloadResult;
    try {
      dl = await downloadFile(url, dest, {
        fetch: ctx.fetch,
        timeoutMs: ctx.timeoutMs,
        attempts: ctx.attempts,
        retryDelayMs: ctx.retryDelayMs,
        label,
      });
    } catch (err) {
      const msg = err instanceof DownloadError ? err.message : describeError(err);
      tried.push(`download ${label} failed: ${msg}`);
      return undefined;
    }
    const wrongForm = formMismatch(official.form, await readHead(dest));
    if (wrongForm !== null) {
      await discardDownload(dest);
      tried.push(`download ${label} served ${wrongForm}; not cached`);
      return undefined;
    }
    const outcome =
      recipe.status.stored === "convert"
        ? await installConverted(entry, ctx, dest, recipe.status, label)
        : recipe.status.stored === "extract"
          ? await installExtracted(
              entry,
              ctx,
              dest,
              { ...recipe.status, id: recipe.id, pinned: official.sha256 },
              label,
            )
          : await install(entry, ctx, () => createReadStream(dest), gzip, true);
    if (outcome.kind === "installed") {
      await discardDownload(dest);
      ctx.fetched.set(entry.path, {
        source: "download",
        from: official.url,
        ...(url !== official.url ? { via: url } : {}),
        fetchedAt: new Date().toISOString(),
        recipe: recipe.id,
        receivedBytes: dl.bytes,
        receivedSha256: outcome.rawSha,
        storedSha256: outcome.storedSha,
        ...(dl.etag ? { etag: dl.etag } : {}),
        ...(dl.lastModified ? { lastModified: dl.lastModified } : {}),
        attempts: dl.attempts,
        resumed: dl.resumed,
      });
      return {
        status: "fetched",
        source: "download",
        bytes: outcome.bytes,
        ...(outcome.warning ? { warning: outcome.warning } : {}),
      };
    }
    await discardDownload(dest);
    if (outcome.kind === "mismatch") {
      if (dl.resumed && round === 1) continue;
      const what = gzip ? "content sha256" : recipe.status.stored === "extract" ? "document sha256" : "sha256";
      tried.push(`download ${label} has ${what} ${outcome.actual}, expected ${outcome.expected}; not cached`);
      return { mismatch: { expected: outcome.expected, actual: outcome.actual } };
    }
    tried.push(`download ${label} could not be stored: ${outcome.message}`);
    return undefined;
  }
  return undefined;
}

/**
 * Convert a downloaded file into the stored one (a `convert` recipe), verify the converted content's digest against
 * the manifest's `contentSha256`, and rename it into place.
 */
async function installConverted(
  entry: SourceEntry,
  ctx: Ctx,
  input: string,
  conversion: Conversion,
  label: string,
): Promise<InstallOutcome> {
  const finalPath = cachedPath(ctx.cacheDir, entry.path);
  const temp = stagingPathFor(finalPath);
  let committed = false;
  try {
    await conversion.convert(input, temp, label);
    const digest = await conversion.contentDigest(temp);
    const expected = entry.contentSha256 ?? entry.sha256;
    let warning: string | undefined;
    if (digest !== expected) {
      if (digest === null || entry.checksumStable)
        return { kind: "mismatch", expected, actual: digest ?? "(unreadable)" };
      warning = `publisher's content differs from the manifest (content digest ${digest}, manifest ${expected}); kept because its checksum is not stable`;
    }
    await ctx.beforeCommit?.(temp, finalPath);
    await rename(temp, finalPath);
    committed = true;
    const st = await stat(finalPath);
    const storedSha = await sha256File(finalPath);
    ctx.verified.set(entry.path, {
      size: st.size,
      mtimeMs: st.mtimeMs,
      sha256: storedSha,
      contentSha256: digest,
      ...(warning ? { acceptedUnstable: true as const } : {}),
    });
    return {
      kind: "installed",
      bytes: st.size,
      rawSha: await sha256File(input),
      storedSha,
      ...(warning ? { warning } : {}),
    };
  } catch (err) {
    return { kind: "failed", message: describeError(err) };
  } finally {
    if (!committed) await unlink(temp).catch(() => undefined);
  }
}

/**
 * Extract the text of a downloaded document into the stored file (an `extract` recipe). The document is checked first
 * against the checksum the manifest pins for it (`official.sha256`): a different document is a mismatch and nothing
 * is extracted, unless the publisher's file is not byte-stable (then it is kept with a warning). The extracted text
 * is recorded with the document's checksum, which is what `data status` verifies it by.
 */
async function installExtracted(
  entry: SourceEntry,
  ctx: Ctx,
  input: string,
  recipe: Extraction & { id: string; pinned: string | undefined },
  label: string,
): Promise<InstallOutcome> {
  const finalPath = cachedPath(ctx.cacheDir, entry.path);
  const temp = stagingPathFor(finalPath);
  let committed = false;
  try {
    const sourceSha = await sha256File(input);
    let warning: string | undefined;
    if (recipe.pinned === undefined) {
      warning = `text extracted by ${recipe.id} from the publisher's document (sha256 ${sourceSha}); the manifest pins no checksum for that document`;
    } else if (recipe.pinned !== sourceSha) {
      if (entry.checksumStable) return { kind: "mismatch", expected: recipe.pinned, actual: sourceSha };
      warning = `publisher's document differs from the manifest (sha256 ${sourceSha}, manifest ${recipe.pinned}); kept because its checksum is not stable`;
    }
    await recipe.extract(input, temp, `${entry.id} (${label})`);
    await ctx.beforeCommit?.(temp, finalPath);
    await rename(temp, finalPath);
    committed = true;
    const st = await stat(finalPath);
    const storedSha = await sha256File(finalPath);
    ctx.verified.set(entry.path, {
      size: st.size,
      mtimeMs: st.mtimeMs,
      sha256: storedSha,
      extracted: { recipe: recipe.id, sourceSha256: sourceSha },
      ...(warning && recipe.pinned !== undefined ? { acceptedUnstable: true as const } : {}),
    });
    return { kind: "installed", bytes: st.size, rawSha: sourceSha, storedSha, ...(warning ? { warning } : {}) };
  } catch (err) {
    return { kind: "failed", message: describeError(err) };
  } finally {
    if (!committed) await unlink(temp).catch(() => undefined);
  }
}

/** Where the bytes of a download in progress are kept (beside the final name, hidden), for resumption. */
function downloadPathOf(cacheDir: string, entry: SourceEntry): string {
  const finalPath = cachedPath(cacheDir, entry.path);
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.download`);
}

/** The first 512 bytes of a file. */
async function readHead(file: string): Promise<Buffer> {
  const fh = await openFile(file, "r");
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
