import { channel, subscribe, unsubscribe } from "node:diagnostics_channel";
import { readdir } from "node:fs/promises";
import path from "node:path";

/**
 * What the cache did that a person should hear about although nothing failed: a damaged source file fetched again, a
 * compiled form (catalog, ledger) rebuilt, and why. Published on a Node diagnostics channel, so the library prints
 * nothing itself and any front end (CLI, server log, a program) subscribes to what it wants to show.
 */
export type CacheNotice =
  | { kind: "refetched"; path: string; reason: "corrupt"; expected: string; actual: string; source: string }
  | { kind: "rebuilt"; name: string; reason: RebuildReason; message: string };

/** Why a compiled entry was built rather than read. */
export type RebuildReason = "missing" | "stale" | "corrupt";

export const CACHE_NOTICE_CHANNEL = "tariffscope:cache";
const notices = channel(CACHE_NOTICE_CHANNEL);

export function publishCacheNotice(notice: CacheNotice): void {
  if (notices.hasSubscribers) notices.publish(notice);
}

/** Listen to the notices; returns the function that stops listening. */
export function onCacheNotice(listener: (notice: CacheNotice) => void): () => void {
  const handler = (message: unknown): void => listener(message as CacheNotice);
  subscribe(CACHE_NOTICE_CHANNEL, handler);
  return () => unsubscribe(CACHE_NOTICE_CHANNEL, handler);
}

/**
 * Why the compiled entry `name` with `key` is being built, to be asked from inside the build callback of the compiled
 * cache (so only on a miss): its file is there but could not be read (corrupt), an entry of another key is there
 * (stale: a source file or the format changed), or there is none (missing). Follows the compiled cache's file naming,
 * `<cacheDir>/compiled/<name>-<key>.v8`.
 */
export async function rebuildReason(cacheDir: string, name: string, key: string): Promise<RebuildReason> {
  let files: string[];
  try {
    files = await readdir(path.join(cacheDir, "compiled"));
  } catch {
    return "missing";
  }
  if (files.includes(`${name}-${key}.v8`)) return "corrupt";
  const others = files.filter((f) => f.endsWith(".v8") && f.startsWith(`${name}-`) && /^[0-9a-f]+$/.test(f.slice(name.length + 1, -3)));
  return others.length > 0 ? "stale" : "missing";
}

const REASON_TEXT: Record<RebuildReason, string> = {
  missing: "not in the compiled cache yet",
  stale: "its sources or format changed since it was compiled",
  corrupt: "the compiled copy could not be read (damaged)",
};

/** Ask why `name` is rebuilt and publish it: "compiled HTS catalog rebuilt: its sources or format changed…". */
export async function announceRebuild(cacheDir: string, name: string, key: string, what: string): Promise<RebuildReason> {
  const reason = await rebuildReason(cacheDir, name, key);
  publishCacheNotice({ kind: "rebuilt", name, reason, message: `${what}: building it (${REASON_TEXT[reason]})` });
  return reason;
}
