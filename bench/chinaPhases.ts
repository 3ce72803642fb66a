/**
 * China-side benchmark phases (issuer CN), one per process; prints one JSON line. Usage: tsx bench/chinaPhases.ts <phase>
 * - cn-ledger-cold / cn-ledger-warm: open the China session (bench/run.ts removes the compiled China ledger first for
 *   the cold one);
 * - cn-stack: 100,000 random (line, day) stacks of China's duties on US goods, in process;
 * - cn-series: the daily China-side series 2018-01-01 → end of coverage (piie-2017 weights), ledger loaded.
 */
import { openChinaTariffs } from "../src/cnSession.js";
import { cnLineStack } from "../src/engine/cnStack.js";

const phase = process.argv[2];
const t0 = performance.now();
const result: Record<string, unknown> = { phase };
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const cn = await openChinaTariffs();
const loadMs = performance.now() - t0;
if (phase === "cn-ledger-cold" || phase === "cn-ledger-warm") {
  Object.assign(result, { fromCache: cn.fromCache, measures: cn.ledger.measures.length, lines: cn.ledger.catalog.lines.length, openMs: Math.round(loadMs) });
} else if (phase === "cn-stack") {
  const n = cn.ledger.catalog.lines.length;
  const from = Date.parse(`${cn.ledger.coverage.from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${cn.ledger.coverage.through}T00:00:00Z`) - from) / 86_400_000);
  let seed = 42;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const times: number[] = [];
  let errors = 0;
  // Through the public stack() (code look-up, checks, grouping) on a line's full code.
  for (let i = 0; i < 100_000; i++) {
    const line = cn.ledger.catalog.lines[Math.floor(rand() * n)]!;
    const date = new Date(from + Math.floor(rand() * days) * 86_400_000).toISOString().slice(0, 10);
    const s = performance.now();
    try {
      cn.stack({ hts: line.code, origin: "US", date });
    } catch {
      errors++;
    }
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  // The engine's own per-line function, for the line-level figure.
  const t = performance.now();
  let unrated = 0;
  for (let i = 0; i < 100_000; i++) {
    try {
      cnLineStack(cn.ledger, i % n, "2025-04-15", "US");
    } catch {
      unrated++; // a line with no ad valorem MFN rate: an error by design
    }
  }
  result["unratedLineCalls"] = unrated;
  Object.assign(result, { lookups: times.length, errors, loadMs: Math.round(loadMs), medianMs: +percentile(times, 50).toFixed(4), p99Ms: +percentile(times, 99).toFixed(3), lineStackMeanMs: +((performance.now() - t) / 100_000).toFixed(4) });
} else if (phase === "cn-series") {
  const s0 = performance.now();
  const s = await cn.average({ origin: "US", weights: "piie-2017" });
  const firstMs = performance.now() - s0;
  const s1 = performance.now();
  await cn.average({ origin: "US", weights: "piie-2017" });
  Object.assign(result, { steps: s.steps.length, from: s.from, to: s.to, loadMs: Math.round(loadMs), seriesMs: Math.round(firstMs), repeatMs: Math.round(performance.now() - s1) });
}
const mem = process.memoryUsage();
result["rssMB"] = Math.round(mem.rss / 1e6);
process.stdout.write(`${JSON.stringify(result)}\n`);
