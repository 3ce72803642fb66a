/**
 * `npx tsx bench/origins.ts [coldDir]`: every origin (issue 13). Prints, never asserts:
 *
 * 1. Cold build of the ledger (a fresh compiled cache: catalog + lists + US ledger), wall time and peak RSS;
 * 2. the all-partner average (51 partner files) on the eight days, after load;
 * 3. one stack of a non-China origin (mean over 20,000 resolutions of a German car, a Mexican USMCA part, a Swiss watch).
 *
 * The daily all-origin series over 2025–2026 is not computed by the project (see docs/origins.md): the figure printed
 * for (2) is for the eight days.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveCacheDir } from "../src/data/cacheDir.js";
import { openTariffscope } from "../src/session.js";

const DAYS = ["2025-01-01", "2025-04-09", "2025-04-10", "2025-08-07", "2025-11-15", "2026-01-01", "2026-02-24", "2026-08-01"];
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`;
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);

const source = resolveCacheDir({});
// A copy of the data cache without its compiled forms: the build below is cold.
const cold = process.argv[2] ?? mkdtempSync(join(tmpdir(), "tariffscope-cold-"));
if (!process.argv[2]) {
  cpSync(source, cold, { recursive: true, filter: (src) => !src.includes(`${join(source, "compiled")}`) });
}
let t = performance.now();
const ts = await openTariffscope({ cacheDir: cold });
console.log(`cold build (catalog + lists + ledger, ${ts.ledger.measures.length} measures): ${((performance.now() - t) / 1000).toFixed(1)} s, peak RSS ${mb(peak)}`);

t = performance.now();
const all = await ts.averageAll({ dates: DAYS, cacheDir: cold });
console.log(`all-partner average, ${DAYS.length} days, ${all.days[0]!.byOrigin.length} partners: ${((performance.now() - t) / 1000).toFixed(1)} s, peak RSS ${mb(peak)}`);
for (const d of all.days) console.log(`  ${d.date}  ${d.totalPercent.toFixed(2)}%`);

const cases = [
  { hts: "8703.23.01.90", origin: "DE", date: "2025-08-01" },
  { hts: "8708.30.50.90", origin: "MX", date: "2026-03-01", facts: { usmcaQualifying: true } },
  { hts: "9102.11.45.00", origin: "CH", date: "2025-11-14" },
];
const N = 20_000;
t = performance.now();
for (let i = 0; i < N; i++) ts.stack(cases[i % cases.length]!);
console.log(`one stack (non-China origins): ${(((performance.now() - t) / N) * 1000).toFixed(1)} µs mean over ${N}`);
clearInterval(sampler);
if (!process.argv[2] && existsSync(cold)) rmSync(cold, { recursive: true, force: true });
