/**
 * `npm run bench`: runs each phase in its own process (so each peak-memory figure is that phase's) and prints a table.
 * Figures are printed, never asserted. The data cache must be synced (`tariffscope data sync`).
 */
import { spawnSync } from "node:child_process";
import { rmSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { resolveCacheDir } from "../src/data/cacheDir.js";

const phases = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ["cold-all", "series-cn-2018", "catalog-cold", "catalog-warm", "ledger-cold", "ledger-warm", "stack", "history", "series-cn", "series-cn-persisted", "series-51", "scenario-compare", "series-ranges", "start-cli", "start-server", "stack-under-series", "screen-one", "screen-10k", "cn-ledger-cold", "cn-ledger-warm", "cn-stack", "cn-series"];
/** Phases that run the CLI or the server as child processes (bench/serverPhases.ts); the others run in-process. */
const SERVER_PHASES = new Set(["start-cli", "start-server", "stack-under-series"]);
/** Phases of the levers (screening; bench/leverPhases.ts). */
const LEVER_PHASES = new Set(["screen-one", "screen-10k"]);
/** China-side phases (issuer CN): bench/chinaPhases.ts. */
const CN_PHASES = new Set(["cn-ledger-cold", "cn-ledger-warm", "cn-stack", "cn-series"]);
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
  if (phase === "cold-all") {
    clearCompiled("hts-catalog");
    clearCompiled("us-ledger-");
    rmSync(join(cacheDir, "compiled", "series-lines"), { recursive: true, force: true });
  }
  // the series from no persisted histories; "series-cn-persisted" then reads them in a new process
  if (phase === "series-cn") rmSync(join(cacheDir, "compiled", "series-lines"), { recursive: true, force: true });
  if (phase === "cn-ledger-cold") clearCompiled("cn-ledger-");
  const script = SERVER_PHASES.has(phase) ? "serverPhases.ts" : LEVER_PHASES.has(phase) ? "leverPhases.ts" : CN_PHASES.has(phase) ? "chinaPhases.ts" : "phases.ts";
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", join(import.meta.dirname, script), phase], { encoding: "utf8", env: process.env });
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`bench phase ${phase} failed`);
  }
  const line = r.stdout.trim().split("\n").pop()!;
  const parsed = JSON.parse(line) as Record<string, unknown>;
  rows.push(parsed);
  process.stdout.write(`${phase.padEnd(14)} ${JSON.stringify(parsed)}\n`);
}
