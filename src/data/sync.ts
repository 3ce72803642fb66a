/**
 * `syncData`: bring the local cache in line with the manifest, from a mirror folder or the official addresses.
 *
 * For each selected dataset: a cached copy with the right checksum is kept; otherwise the file is copied from the
 * mirror, or downloaded, into a temporary file in the destination folder while being hashed, verified, and only
 * then renamed onto its final name. A file that fails verification never appears under its final name; temporary
 * files are removed on every failure. Running it twice does nothing the second time.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createGzip } from "node:zlib";
import { loadManifest, selectEntries, type SourceEntry, type SourceManifest } from "./manifest.js";
import { cachedPath, checkCachedFile, VerifiedCache } from "./verify.js";
import { publishCacheNotice } from "./cacheNotices.js";

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
  /** Time limit of one download, in milliseconds (default 300 000). */
  downloadTimeoutMs?: number;
  /**
   * Testing hook: called when a temporary file is complete and verified, just before it is renamed onto its final
   * name. Throwing from it aborts that dataset like any write failure.
   * @internal
   */
  beforeCommit?: (tempPath: string, finalPath: string) => void | Promise<void>;
}

const PARTIAL_SUFFIX = ".partial";
const STALE_PARTIAL_MS = 60 * 60 * 1000;

interface Written {
  temp: string;
  rawSha: string;
  storedSha: string;
  bytes: number;
  head: string;
}

interface Ctx {
  cacheDir: string;
  mirror: string | null;
  verified: VerifiedCache;
  download: boolean;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  beforeCommit: SyncOptions["beforeCommit"];
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
  }
  const counts: Record<SyncStatus, number> = { ok: 0, fetched: 0, missing: 0, corrupt: 0 };
  for (const r of results) counts[r.status]++;
  return { cacheDir, mirror: ctx.mirror, entries: results, counts, elapsedMs: Math.round(performance.now() - started) };
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

  if (ctx.mirror !== null) {
    const src = cachedPath(ctx.mirror, entry.path);
    const exists = await stat(src).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!exists) {
      tried.push(`not in mirror ${ctx.mirror}`);
    } else {
      const outcome = await install(entry, ctx, () => createReadStream(src), false);
      if (outcome.kind === "installed")
        return { ...base, status: "fetched", source: "mirror", bytes: outcome.bytes, ...replaced };
      if (outcome.kind === "mismatch") {
        corrupt ??= { expected: outcome.expected, actual: outcome.actual };
        tried.push(`mirror copy ${src} has sha256 ${outcome.actual}, expected ${outcome.expected}`);
      } else {
        tried.push(`mirror copy failed: ${outcome.message}`);
      }
    }
  } else {
    tried.push("no mirror folder");
  }

  if (!entry.downloadable || entry.officialUrl === null) {
    tried.push(
      entry.officialUrl === null
        ? "no official download address (obtain it through a mirror folder)"
        : `no direct download: derived file (${entry.derivation ?? "not the published bytes"}) of ${entry.officialUrl}`,
    );
  } else if (!ctx.download) {
    tried.push(`downloads disabled (${entry.officialUrl})`);
  } else {
    const url = entry.officialUrl;
    const gzip = entry.storedFormat === "gzip" && entry.officialFormat !== undefined;
    const outcome = await install(entry, ctx, () => openDownload(url, ctx), gzip);
    if (outcome.kind === "installed") {
      return {
        ...base,
        status: "fetched",
        source: "download",
        bytes: outcome.bytes,
        ...(outcome.warning ? { warning: outcome.warning } : {}),
        ...replaced,
      };
    }
    if (outcome.kind === "mismatch") {
      corrupt ??= { expected: outcome.expected, actual: outcome.actual };
      tried.push(`download ${url} has ${gzip ? "content " : ""}sha256 ${outcome.actual}, expected ${outcome.expected}`);
    } else {
      tried.push(`download ${url} failed: ${outcome.message}`);
    }
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
  | { kind: "installed"; bytes: number; warning?: string }
  | { kind: "mismatch"; expected: string; actual: string }
  | { kind: "failed"; message: string };

/** Write a source to a temp file beside the final path, verify it, and rename it into place. */
async function install(
  entry: SourceEntry,
  ctx: Ctx,
  open: () => Readable | Promise<Readable>,
  gzip: boolean,
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
      const looksRight = entry.officialFormat !== "json" || /^\s*[[{]/.test(written.head);
      if (!gzip || entry.checksumStable || !looksRight) return { kind: "mismatch", expected, actual };
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
    written = undefined; // committed: nothing to clean up
    return warning ? { kind: "installed", bytes: st.size, warning } : { kind: "installed", bytes: st.size };
  } catch (err) {
    return { kind: "failed", message: describeError(err) };
  } finally {
    if (written) await unlink(written.temp).catch(() => undefined);
  }
}

/** Stream `source` into a new temp file beside `finalPath` (optionally gzipping), hashing before and after. */
async function writeTemp(finalPath: string, source: Readable, gzip: boolean): Promise<Written> {
  const temp = path.join(
    path.dirname(finalPath),
    `.${path.basename(finalPath)}.${process.pid}.${randomBytes(6).toString("hex")}${PARTIAL_SUFFIX}`,
  );
  const raw = createHash("sha256");
  const stored = createHash("sha256");
  let head = "";
  const tapRaw = async function* (src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of src) {
      if (head.length < 64) head += chunk.subarray(0, 64).toString("latin1");
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
    if (gzip) await pipeline(source, tapRaw, createGzip({ level: 9 }), tapStored, out);
    else await pipeline(source, tapRaw, tapStored, out);
  } catch (err) {
    source.destroy();
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  const rawSha = raw.digest("hex");
  return { temp, rawSha, storedSha: gzip ? stored.digest("hex") : rawSha, bytes, head };
}

async function openDownload(url: string, ctx: Ctx): Promise<Readable> {
  const res = await ctx.fetch(url, { redirect: "follow", signal: AbortSignal.timeout(ctx.timeoutMs) });
  if (!res.ok || res.body === null) {
    await res.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`);
  }
  return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
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

/** An error's message with its causes (fetch reports "fetch failed" and puts the reason in `cause`). */
function describeError(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    if (e instanceof Error) {
      const code = (e as NodeJS.ErrnoException).code;
      parts.push(code && !e.message.includes(code) ? `${e.message} (${code})` : e.message);
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join(": ");
}
