/**
 * One HTTP download into a file, with retries and resumption: the bytes go to `dest` (a `.download` file beside the
 * cached file), which is kept when a transfer breaks, so the next attempt — in this run or the next — asks only for
 * the rest (`Range: bytes=<have>-`, with `If-Range` naming the validator of the bytes already there). A publisher that
 * ignores the range answers 200 and the file restarts from zero. Which answers are worth another attempt:
 * network errors, a body shorter than its Content-Length, 408, 425, 429 and 5xx; not 4xx (a missing document stays
 * missing). Verification of the bytes is the caller's job (`src/data/sync.ts`).
 */
import { createWriteStream } from "node:fs";
import { readFile, stat, unlink, writeFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { setTimeout as sleep } from "node:timers/promises";

/** Options of `downloadFile`. */
export interface DownloadOptions {
  fetch: typeof globalThis.fetch;
  /** Time limit of one attempt, in milliseconds. */
  timeoutMs: number;
  /** Attempts in all (default 4). */
  attempts?: number;
  /** Wait before the second attempt, doubled for each later one (default 1000 ms). */
  retryDelayMs?: number;
  /** Address to name in messages when `url` is a stand-in for it (publisher base). */
  label?: string;
}

/** A finished download. */
export interface DownloadResult {
  dest: string;
  bytes: number;
  attempts: number;
  /** True when the final attempt continued bytes already on disk (206). */
  resumed: boolean;
  etag?: string;
  lastModified?: string;
}

/**
 * A download that failed for good; `url` names the address, `message` what went wrong; `retryable` says whether the
 * last failure was of a transient kind.
 */
export class DownloadError extends Error {
  constructor(
    readonly url: string,
    message: string,
    readonly retryable: boolean,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = "DownloadError";
  }
}

interface Sidecar {
  url: string;
  etag?: string;
  lastModified?: string;
}

const sidecarOf = (dest: string): string => `${dest}.json`;

async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

async function readSidecar(dest: string, url: string): Promise<Sidecar | undefined> {
  try {
    const s = JSON.parse(await readFile(sidecarOf(dest), "utf8")) as Sidecar;
    return s.url === url ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Remove a download file and its sidecar. */
export async function discardDownload(dest: string): Promise<void> {
  await unlink(dest).catch(() => undefined);
  await unlink(sidecarOf(dest)).catch(() => undefined);
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Download `url` into `dest` (resuming bytes already there); see the module comment. */
export async function downloadFile(url: string, dest: string, options: DownloadOptions): Promise<DownloadResult> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const label = options.label ?? url;
  let lastError: DownloadError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep((options.retryDelayMs ?? 1000) * 2 ** (attempt - 2));
    try {
      return { ...(await attemptOnce(url, dest, options, label)), attempts: attempt };
    } catch (err) {
      lastError = err instanceof DownloadError ? err : new DownloadError(label, describe(err), true, undefined);
      if (!lastError.retryable) break;
    }
  }
  const e = lastError ?? new DownloadError(label, "no attempt made", false);
  throw new DownloadError(
    e.url,
    `${e.message} (after ${attempts > 1 && e.retryable ? `${attempts} attempts` : "1 attempt"})`,
    e.retryable,
    e.httpStatus,
  );
}

async function attemptOnce(
  url: string,
  dest: string,
  options: DownloadOptions,
  label: string,
): Promise<Omit<DownloadResult, "attempts">> {
  let have = await sizeOf(dest);
  const side = have > 0 ? await readSidecar(dest, url) : undefined;
  if (have > 0 && side === undefined) {
    // Bytes of unknown origin: start again rather than append to them.
    await discardDownload(dest);
    have = 0;
  }
  const headers: Record<string, string> = { "accept-encoding": "identity" };
  if (have > 0) {
    headers.range = `bytes=${have}-`;
    const validator = side?.etag ?? side?.lastModified;
    if (validator !== undefined) headers["if-range"] = validator;
  }
  const res = await options.fetch(url, { headers, redirect: "follow", signal: AbortSignal.timeout(options.timeoutMs) });
  const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
  if (res.status === 416 && have > 0) {
    await res.body?.cancel().catch(() => undefined);
    await discardDownload(dest);
    throw new DownloadError(label, `${status} for the rest of a partial download; starting again`, true, 416);
  }
  if (!res.ok || res.body === null) {
    await res.body?.cancel().catch(() => undefined);
    throw new DownloadError(label, status, RETRYABLE_STATUS.has(res.status) || res.status >= 500, res.status);
  }
  let append = false;
  let expectedTotal: number | undefined;
  // fetch decodes a content-encoded body (gzip, br): its Content-Length then counts the encoded bytes, not the ones
  // written, so the length check applies only to an unencoded body.
  const encoding = res.headers.get("content-encoding");
  const encoded = encoding !== null && encoding.toLowerCase() !== "identity";
  const length = encoded ? Number.NaN : Number(res.headers.get("content-length") ?? Number.NaN);
  if (res.status === 206) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
    if (!m || Number(m[1]) !== have) {
      await res.body.cancel().catch(() => undefined);
      await discardDownload(dest);
      throw new DownloadError(
        label,
        `a partial answer that does not continue the ${have} bytes held (Content-Range ${res.headers.get("content-range") ?? "absent"}); starting again`,
        true,
        206,
      );
    }
    append = true;
    if (m[3] !== "*" && !encoded) expectedTotal = Number(m[3]);
  } else if (Number.isFinite(length)) {
    expectedTotal = length;
  }
  const etag = res.headers.get("etag") ?? undefined;
  const lastModified = res.headers.get("last-modified") ?? undefined;
  if (!append) await writeFile(dest, "");
  await writeFile(
    sidecarOf(dest),
    JSON.stringify({ url, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) }),
  );
  try {
    await pipeline(
      Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
      createWriteStream(dest, { flags: append ? "a" : "w" }),
    );
  } catch (err) {
    const got = await sizeOf(dest);
    throw new DownloadError(label, `transfer broken after ${got} bytes (${describe(err)})`, true);
  }
  const bytes = await sizeOf(dest);
  if (expectedTotal !== undefined && bytes !== expectedTotal) {
    if (bytes > expectedTotal) await discardDownload(dest);
    throw new DownloadError(label, `truncated download: ${bytes} of ${expectedTotal} bytes received`, true);
  }
  return {
    dest,
    bytes,
    resumed: append,
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
  };
}

/** An error's message with its causes (fetch reports "fetch failed" and puts the reason in `cause`). */
export function describe(err: unknown): string {
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
