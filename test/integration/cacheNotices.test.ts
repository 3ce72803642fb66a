import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { announceRebuild, onCacheNotice, rebuildReason, type CacheNotice } from "../../src/data/cacheNotices.js";
import { resolveCacheDir } from "../../src/data/cacheDir.js";
import { loadManifest } from "../../src/data/manifest.js";
import { syncData } from "../../src/data/sync.js";
import { compiled } from "../../src/store/compiledCache.js";
import { mirrorDir, repoRoot } from "../support/mirror.js";

/**
 * Damaged or missing data is named: a corrupt cached file is fetched again with a notice naming it and both
 * checksums, and a compiled form that is rebuilt says why (missing, stale key, damaged copy) — in the library (a
 * diagnostics channel) and on the command line.
 */

const exec = promisify(execFile);
const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});
function tempDir(prefix: string, base = tmpdir()): string {
  const d = mkdtempSync(join(base, prefix));
  scratch.push(d);
  return d;
}

/** Collect the notices published while `fn` runs. */
async function noticesOf(fn: () => Promise<unknown>): Promise<CacheNotice[]> {
  const seen: CacheNotice[] = [];
  const stop = onCacheNotice((n) => seen.push(n));
  try {
    await fn();
  } finally {
    stop();
  }
  return seen;
}

describe("a damaged cached file", () => {
  it("is fetched again from the mirror, named in the sync result and in a notice", async () => {
    const cacheDir = tempDir("tariffscope-damaged-");
    const manifest = loadManifest();
    const entry = manifest.entries.find((e) => e.group === "reference")!;
    const first = await syncData({ cacheDir, mirror: mirrorDir(), only: entry.id, download: false });
    expect(first.entries[0]).toMatchObject({ status: "fetched", source: "mirror" });
    expect(first.entries[0]!.replaced).toBeUndefined();

    const file = join(cacheDir, ...entry.path.split("/"));
    writeFileSync(file, readFileSync(file).subarray(0, 10)); // truncated
    let report: Awaited<ReturnType<typeof syncData>> | undefined;
    const notices = await noticesOf(async () => {
      report = await syncData({ cacheDir, mirror: mirrorDir(), only: entry.id, download: false });
    });
    expect(report!.entries[0]).toMatchObject({
      status: "fetched",
      source: "mirror",
      replaced: { reason: "corrupt", expected: entry.sha256 },
    });
    expect(report!.entries[0]!.replaced!.actual).not.toBe(entry.sha256);
    expect(notices).toEqual([
      { kind: "refetched", path: entry.path, reason: "corrupt", expected: entry.sha256, actual: report!.entries[0]!.replaced!.actual, source: "mirror" },
    ]);
  });
});

describe("a rebuilt compiled form", () => {
  it("says why: missing, stale key, or a damaged copy", async () => {
    const cacheDir = tempDir("tariffscope-compiled-");
    const key = "0123456789abcdef01234567";
    expect(await rebuildReason(cacheDir, "thing", key)).toBe("missing");
    const build = () => compiled(cacheDir, "thing", key, async () => (await announceRebuild(cacheDir, "thing", key, "the thing"), { n: 1 }));

    const missing = await noticesOf(build);
    expect(missing).toEqual([{ kind: "rebuilt", name: "thing", reason: "missing", message: "the thing: building it (not in the compiled cache yet)" }]);
    expect(await noticesOf(build)).toEqual([]); // read from the cache: nothing to say

    writeFileSync(join(cacheDir, "compiled", `thing-${key}.v8`), "not a v8 serialization");
    const damaged = await noticesOf(build);
    expect(damaged.map((n) => n.kind === "rebuilt" && n.reason)).toEqual(["corrupt"]);

    renameSync(join(cacheDir, "compiled", `thing-${key}.v8`), join(cacheDir, "compiled", "thing-ffffffffffffffffffffffff.v8"));
    const stale = await noticesOf(build);
    expect(stale.map((n) => n.kind === "rebuilt" && n.message)).toEqual([
      "the thing: building it (its sources or format changed since it was compiled)",
    ]);
    expect(readdirSync(join(cacheDir, "compiled"))).toEqual([`thing-${key}.v8`]);
  });

  it("the CLI names a damaged source file it fetches again and a ledger it recompiles, and why", async () => {
    // A copy of the warm test cache (timestamps kept, so the verification record still describes its files).
    const base = join(repoRoot, ".cache");
    mkdirSync(base, { recursive: true });
    const cacheDir = join(tempDir("cli-notices-", base), "data");
    cpSync(resolveCacheDir({}), cacheDir, { recursive: true, preserveTimestamps: true });
    const entry = loadManifest().entries.find((e) => e.group === "legal-texts")!;
    const file = join(cacheDir, ...entry.path.split("/"));
    unlinkSync(file);
    writeFileSync(file, "damaged\n");
    const ledger = readdirSync(join(cacheDir, "compiled")).find((f) => f.startsWith("us-ledger-"))!;
    renameSync(join(cacheDir, "compiled", ledger), join(cacheDir, "compiled", "us-ledger-000000000000000000000000.v8"));

    const r = await exec(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "stack", "8703.80.00", "--origin", "CN", "--date", "2025-06-01", "--json"],
      { cwd: repoRoot, env: { ...process.env, TARIFFSCOPE_CACHE_DIR: cacheDir }, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(JSON.parse(r.stdout).totalPercent).toBe(147.5);
    expect(r.stderr).toContain(`${entry.path}: the cached copy was damaged (sha256 `);
    expect(r.stderr).toMatch(/fetched it again from the mirror/);
    expect(r.stderr).not.toMatch(/first run/);
    expect(r.stderr).toContain("compiled US ledger: building it (its sources or format changed since it was compiled)");
  });
});
