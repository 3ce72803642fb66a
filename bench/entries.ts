/**
 * `npm run bench:entries -- [lines…]` (default 100000 1000000): synthetic entry files of each size (`entries synth`,
 * not timed), then `refunds` end to end twice in fresh processes — the first may resolve new interval-panel profiles
 * (cold), the second reuses them (warm) — printing time and peak memory per size. Figures are printed, never asserted.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { resolveCacheDir } from "../src/data/cacheDir.js";

const sizes = (process.argv.slice(2).length ? process.argv.slice(2) : ["100000", "1000000"]).map(Number);
const dir = join(resolveCacheDir(), "entries", "bench");
mkdirSync(dir, { recursive: true });
const tsx = ["--import", "tsx"];
const rows: Record<string, unknown>[] = [];
for (const n of sizes) {
  const file = join(dir, `synthetic-${n}.csv`);
  if (!existsSync(file)) {
    const s = spawnSync(process.execPath, [...tsx, join(import.meta.dirname, "..", "src", "cli", "main.ts"), "entries", "synth", "--lines", String(n), "--out", file, "--no-progress"], { encoding: "utf8", env: process.env });
    if (s.status !== 0) throw new Error(`synth ${n} failed: ${s.stderr}`);
  }
  for (const pass of ["first", "warm"]) {
    const r = spawnSync(process.execPath, [...tsx, join(import.meta.dirname, "entriesPhase.ts"), file], { encoding: "utf8", env: process.env, maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`refunds ${n} failed: ${r.stderr}`);
    const res = JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
    rows.push({ n, pass, ...res });
    process.stdout.write(`${String(n).padStart(9)} ${pass.padEnd(5)} ${JSON.stringify(res)}\n`);
  }
}
const warm = rows.filter((r) => r.pass === "warm");
if (warm.length >= 2) {
  const a = warm[warm.length - 2]!;
  const b = warm[warm.length - 1]!;
  const perLine = ((b.seconds as number) - (a.seconds as number)) / ((b.n as number) - (a.n as number));
  const fixed = (b.seconds as number) - perLine * (b.n as number);
  process.stdout.write(`marginal ${(perLine * 1e6).toFixed(2)} s per million lines (fixed ${fixed.toFixed(1)} s); 53M lines ≈ ${(fixed + perLine * 53e6).toFixed(0)} s on this machine\n`);
}
