/**
 * `npm run bench`: runs each phase in its own process (so each peak-memory figure is that phase's) and prints a table.
 * Figures are printed, never asserted. The data cache must be synced (`tariffscope data sync`).
 */
import { spawnSync } from "node:child_process";
import { rmSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { resolveCacheDir } from "../src/data/cacheDir.js";

const phases = process.argv.slice(2).length ? process.argv.slice(2) : ["catalog-cold", "catalog-warm", "ledger-cold", "ledger-warm", "stack", "history", "series-cn", "series-51", "scenario-compare"];
const cacheDir = resolveCacheDir();

function clearCompiled(prefix: string): void {
  const dir = join(cacheDir, "compiled");
  try {
    for (const f of readdirSync(dir)) if (f.startsWith(prefix)) rmSync(join(dir, f));
  } catch {
    // nothing compiled yet
  }
}

const rows: Record<string, unknown>[] = [];
for (const phase of phases) {
  if (phase === "ledger-cold") clearCompiled("us-ledger-");
  const r = spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "phases.ts"), phase], { encoding: "utf8", env: process.env });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`bench phase ${phase} failed`);
  }
  const line = r.stdout.trim().split("\n").pop()!;
  const parsed = JSON.parse(line) as Record<string, unknown>;
  rows.push(parsed);
  process.stdout.write(`${phase.padEnd(14)} ${JSON.stringify(parsed)}\n`);
}
