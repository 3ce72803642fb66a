/**
 * Download one file of an HTS release the manifest does not list yet (`data update`), through the same machinery as
 * `data sync` (`downloadFile`: retries on network errors, truncation, 408/429/5xx, never on 4xx; `Range`
 * resumption; `formMismatch`: an HTML page is not JSON or a PDF). There is no manifest checksum for such a file, so
 * before anything is cached its body must be whole: the JSON must parse completely as an array of HTS rows, the PDF
 * must end with its `%%EOF` trailer. A file that fails is discarded and named with the reason; nothing of it is
 * cached under its final name or recorded. A file already held is checked against its record in `discovered.json`:
 * a changed checksum is named and the file fetched again.
 */
import { stagingPathFor } from "./stagingPath.js";
import { mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";
import {
  describe as describeError,
  discardDownload,
  downloadFile,
  DownloadError,
  type DownloadResult,
} from "./download.js";
import type { DiscoveredRecords } from "./discoveredRecord.js";
import { publisherUrl } from "./publisherUrl.js";
import { formMismatch } from "./recipes/index.js";
import type { ReleaseFile } from "./releaseFiles.js";
import { cachedPath, sha256File } from "./verify.js";

/** How to reach the publisher. */
export interface ReleaseDownloadContext {
  cacheDir: string;
  records: DiscoveredRecords;
  fetch: typeof globalThis.fetch;
  publisherBase: string | undefined;
  timeoutMs: number;
  attempts: number;
  retryDelayMs: number;
}

/** What became of one file. */
export type ReleaseFileOutcome =
  | { state: "held"; bytes: number }
  | {
      state: "downloaded";
      bytes: number;
      contentSha256: string;
      /** Set when a copy was already there whose checksum did not match its record (or had no record). */
      replaced?: { actual: string; recorded: string | null };
    }
  | { state: "failed"; reason: string };

const sha256 = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

/** Why a downloaded body is not a whole file of its form, or null when it is. */
export function incompleteBody(form: ReleaseFile["form"], body: Buffer): string | null {
  if (form === "pdf") {
    const tail = body.subarray(Math.max(0, body.length - 2048)).toString("latin1");
    return tail.includes("%%EOF") ? null : `a PDF without its %%EOF trailer (${body.length} bytes): a truncated body`;
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8").replace(/^\uFEFF/, ""));
  } catch (err) {
    return `JSON that does not parse (${(err as Error).message}; ${body.length} bytes): a truncated or damaged body`;
  }
  if (!Array.isArray(value) || value.length === 0) return "JSON that is not a non-empty array of HTS rows";
  const bad = value.findIndex(
    (r) => r === null || typeof r !== "object" || typeof (r as { htsno?: unknown }).htsno !== "string",
  );
  return bad >= 0 ? `JSON whose element ${bad} is not an HTS row (no string "htsno")` : null;
}

/** Fetch `file` of release `editionId` into the cache unless a copy matching its record is there; see the module comment. */
export async function fetchReleaseFile(
  file: ReleaseFile,
  editionId: string,
  releasedOn: string | undefined,
  ctx: ReleaseDownloadContext,
): Promise<ReleaseFileOutcome> {
  const outcome = await fetchOnce(file, editionId, releasedOn, ctx);
  if (outcome.state === "failed") {
    // A copy that no longer matches its record is not left to pass for the file.
    const finalPath = cachedPath(ctx.cacheDir, file.path);
    const record = ctx.records.get(file.path);
    const onDisk = await sha256File(finalPath).catch(() => null);
    if (onDisk !== null && record?.sha256 !== onDisk) {
      await unlink(finalPath).catch(() => undefined);
      ctx.records.delete(file.path);
      return {
        state: "failed",
        reason: `${outcome.reason}; the cached copy, whose sha256 ${onDisk} no longer matched its record, was removed`,
      };
    }
  }
  return outcome;
}

async function fetchOnce(
  file: ReleaseFile,
  editionId: string,
  releasedOn: string | undefined,
  ctx: ReleaseDownloadContext,
): Promise<ReleaseFileOutcome> {
  const finalPath = cachedPath(ctx.cacheDir, file.path);
  const record = ctx.records.get(file.path);
  const onDisk = await sha256File(finalPath).catch(() => null);
  if (onDisk !== null && record?.sha256 === onDisk) return { state: "held", bytes: record.bytes };
  const replaced = onDisk !== null ? { actual: onDisk, recorded: record?.sha256 ?? null } : undefined;

  const url = publisherUrl(file.url, ctx.publisherBase);
  const label = url === file.url ? file.url : `${file.url} (via ${url})`;
  const dest = path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.download`);
  await mkdir(path.dirname(finalPath), { recursive: true });
  // Two rounds at most: a resumed download whose body is not whole is fetched once more from zero.
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
      return {
        state: "failed",
        reason: `download ${label} failed: ${err instanceof DownloadError ? err.message : describeError(err)}; not cached`,
      };
    }
    const body = await readFile(dest);
    const problem = formMismatch(file.form, body.subarray(0, 512)) ?? incompleteBody(file.form, body);
    if (problem !== null) {
      await discardDownload(dest);
      if (dl.resumed && round === 1) continue;
      return { state: "failed", reason: `download ${label} served ${problem}; not cached` };
    }
    const stored = file.form === "json" ? gzipSync(body, { level: 6 }) : body;
    const temp = stagingPathFor(finalPath);
    try {
      await writeFile(temp, stored, { flag: "wx" });
      await rename(temp, finalPath);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      await discardDownload(dest);
      return { state: "failed", reason: `download ${label} could not be stored: ${describeError(err)}` };
    }
    await discardDownload(dest);
    const contentSha256 = sha256(body);
    const st = await stat(finalPath);
    ctx.records.set(file.path, {
      release: file.release,
      editionId,
      kind: file.kind,
      url: file.url,
      ...(url !== file.url ? { via: url } : {}),
      fetchedAt: new Date().toISOString(),
      ...(releasedOn !== undefined ? { releasedOn } : {}),
      bytes: st.size,
      sha256: file.form === "json" ? sha256(stored) : contentSha256,
      contentBytes: body.length,
      contentSha256,
      ...(dl.etag ? { etag: dl.etag } : {}),
      ...(dl.lastModified ? { lastModified: dl.lastModified } : {}),
      attempts: dl.attempts,
      resumed: dl.resumed,
    });
    return { state: "downloaded", bytes: st.size, contentSha256, ...(replaced ? { replaced } : {}) };
  }
  return { state: "failed", reason: `download ${label}: no whole body after a fresh attempt; not cached` };
}
