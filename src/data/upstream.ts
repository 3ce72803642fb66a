/**
 * Has a publisher's file changed since it was fetched (or since the manifest was made)? One HEAD request per dataset
 * (a one-byte ranged GET when HEAD is refused), compared with the fetch record (`.fetched.json`: ETag, Last-Modified,
 * length received) or, for a file copied from a mirror, with the manifest's length of the publisher's form.
 */
import { type FetchRecord } from "./fetchRecord.js";
import { describe } from "./download.js";
import { officialRecipe, type SourceEntry } from "./manifest.js";
import { publisherUrl } from "./publisherUrl.js";
import { getRecipe } from "./recipes/index.js";

/** The verdict on one dataset. */
export interface UpstreamCheck {
  /**
   * `unchanged`: every validator compared agrees; `changed`: one differs (see `detail`); `unknown`: nothing to compare
   * (no validator sent, nothing recorded); `unreachable`: the request failed or the publisher answered an error;
   * `no-recipe`: no official recipe, nothing to ask.
   */
  state: "unchanged" | "changed" | "unknown" | "unreachable" | "no-recipe";
  /** The official address asked. */
  url?: string;
  detail: string;
}

/** Options of `checkUpstream`. */
export interface UpstreamOptions {
  fetch?: typeof globalThis.fetch;
  publisherBase?: string | undefined;
  timeoutMs?: number;
}

/** Ask the publisher of `entry` about its file and compare with what is known of the cached copy. */
export async function checkUpstream(
  entry: SourceEntry,
  record: FetchRecord | undefined,
  options: UpstreamOptions = {},
): Promise<UpstreamCheck> {
  const official = officialRecipe(entry);
  if (official === undefined) return { state: "no-recipe", detail: "no official recipe: nothing to ask a publisher" };
  const recipe = getRecipe(official.recipe);
  const url = publisherUrl(official.url, options.publisherBase);
  const fetch = options.fetch ?? globalThis.fetch;
  const timeout = (): AbortSignal => AbortSignal.timeout(options.timeoutMs ?? 30_000);
  let res: Response;
  try {
    res = await fetch(url, { method: "HEAD", redirect: "follow", signal: timeout() });
    if (res.status === 405 || res.status === 501) {
      res = await fetch(url, { headers: { range: "bytes=0-0" }, redirect: "follow", signal: timeout() });
      await res.body?.cancel().catch(() => undefined);
    }
  } catch (err) {
    return { state: "unreachable", url: official.url, detail: describe(err) };
  }
  if (!res.ok) {
    return {
      state: "unreachable",
      url: official.url,
      detail: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
    };
  }
  const etag = res.headers.get("etag") ?? undefined;
  const lastModified = res.headers.get("last-modified") ?? undefined;
  const range = /\/(\d+)$/.exec(res.headers.get("content-range") ?? "");
  const lengthHeader = range?.[1] ?? res.headers.get("content-length");
  const length = lengthHeader !== null && lengthHeader !== undefined ? Number(lengthHeader) : undefined;

  const downloaded = record?.source === "download" && record.from === official.url ? record : undefined;
  const expectedLength =
    downloaded?.receivedBytes ??
    (recipe?.status.implemented && recipe.status.stored === "gzip" ? entry.contentBytes : undefined) ??
    (recipe?.status.implemented && recipe.status.stored === "bytes" ? entry.bytes : undefined);
  const compared: string[] = [];
  if (downloaded?.etag !== undefined && etag !== undefined) {
    if (downloaded.etag !== etag) return changed(official.url, `ETag ${etag}, fetched ${downloaded.etag}`);
    compared.push("ETag");
  }
  if (downloaded?.lastModified !== undefined && lastModified !== undefined) {
    if (downloaded.lastModified !== lastModified)
      return changed(official.url, `Last-Modified ${lastModified}, fetched ${downloaded.lastModified}`);
    compared.push("Last-Modified");
  }
  if (expectedLength !== undefined && length !== undefined && Number.isFinite(length)) {
    if (length !== expectedLength)
      return changed(
        official.url,
        `${length} bytes now, ${expectedLength} ${downloaded ? "when fetched" : "in the manifest"}`,
      );
    compared.push("length");
  }
  return compared.length > 0
    ? { state: "unchanged", url: official.url, detail: `same ${compared.join(", ")}` }
    : { state: "unknown", url: official.url, detail: "nothing to compare (no validators sent or recorded)" };
}

function changed(url: string, detail: string): UpstreamCheck {
  return { state: "changed", url, detail: `changed upstream: ${detail}` };
}
