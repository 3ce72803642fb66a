/**
 * `npx tsx bench/officialSync.ts [groups]`: sync time from the publishers' official forms, through a loopback server
 * that serves them at their official paths (test/support/publisherServer.ts, from the data mirror), into an empty
 * cache; then the same groups copied from the mirror, for comparison. Default groups: hts-editions,change-records
 * (every implemented recipe). Figures are printed, never asserted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadManifest } from "../src/data/manifest.js";
import { syncData, type SyncReport } from "../src/data/sync.js";
import { mirrorDir } from "../test/support/mirror.js";
import { startPublisherServer } from "../test/support/publisherServer.js";

const only = process.argv[2] ?? "hts-editions,change-records";
const manifest = loadManifest();
const mirror = mirrorDir();
const server = await startPublisherServer({ manifest, mirror });

function line(label: string, r: SyncReport): string {
  const from = (s: string): number => r.entries.filter((e) => e.source === s).length;
  const mb = r.entries.reduce((n, e) => n + (e.bytes ?? 0), 0) / 1024 / 1024;
  return `${label.padEnd(34)} ${(r.elapsedMs / 1000).toFixed(1).padStart(6)} s  ${String(r.entries.length).padStart(4)} datasets (${from("download")} downloaded, ${from("mirror")} from mirror, ${r.counts.missing} missing)  ${mb.toFixed(1)} MiB stored`;
}

try {
  for (const [label, options] of [
    ["official (loopback publishers)", { prefer: "official" as const, mirror: null, publisherBase: server.base }],
    ["official first, mirror for the rest", { prefer: "official" as const, mirror, publisherBase: server.base }],
    ["mirror copy", { mirror, download: false }],
  ] as const) {
    const cache = mkdtempSync(path.join(tmpdir(), "tariffscope-bench-sync-"));
    try {
      const report = await syncData({ cacheDir: cache, only, ...options });
      console.log(line(label, report));
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }
} finally {
  await server.close();
}
