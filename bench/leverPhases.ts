/**
 * Benchmark phases of the levers (one per process, one JSON line): screening one name (median and p99 over 2,000
 * names) and a batch of 10,000 counterparties against the Entity List. Budgets (issue 15): one name ≤ 20 ms,
 * 10,000 ≤ 5 s. Printed, never asserted. CPU time is printed beside wall time: on a shared machine wall time also
 * measures the neighbours.
 * Usage: tsx bench/leverPhases.ts <screen-one|screen-10k>
 */
import { loadCachedEntityList } from "../src/controls/entityList.js";
import { Screener } from "../src/controls/screening.js";

const phase = process.argv[2];
const t0 = performance.now();
const result: Record<string, unknown> = { phase };

const list = loadCachedEntityList();
const screener = new Screener(list);
result.buildMs = Math.round(performance.now() - t0);

/** A deterministic mix: a third listed names as printed, a third with one letter changed, a third invented firms. */
function counterparties(n: number): string[] {
  const words = ["Global", "Pacific", "Harbor", "Sunrise", "Delta", "Northern", "Precision", "Trading", "Logistics", "Components", "Foods", "Textile"];
  const forms = ["Co., Ltd.", "LLC", "GmbH", "Limited", "Inc."];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = list.parties[(i * 7919) % list.parties.length]!;
    if (i % 3 === 0) out.push(p.entry.name);
    else if (i % 3 === 1) {
      const s = p.entry.name;
      const k = Math.min(s.length - 1, 3 + (i % 7));
      out.push(s.slice(0, k) + (s[k] === "e" ? "a" : "e") + s.slice(k + 1));
    } else out.push(`${words[i % words.length]} ${words[(i * 5) % words.length]} ${i} ${forms[i % forms.length]}`);
  }
  return out;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

if (phase === "screen-one") {
  const names = counterparties(2000);
  for (const n of names.slice(0, 200)) screener.screen(n); // warm-up
  const times: number[] = [];
  for (const n of names) {
    const t = performance.now();
    screener.screen(n);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  Object.assign(result, { names: names.length, medianMs: +percentile(times, 50).toFixed(3), p99Ms: +percentile(times, 99).toFixed(3), maxMs: +times[times.length - 1]!.toFixed(2) });
} else if (phase === "screen-10k") {
  const names = counterparties(10_000);
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  let matched = 0;
  for (const n of names) if (screener.screen(n).status === "match") matched++;
  const cpu = process.cpuUsage(cpu0);
  Object.assign(result, { names: names.length, matched, batchWallMs: Math.round(performance.now() - t), batchCpuMs: Math.round((cpu.user + cpu.system) / 1000) });
} else {
  throw new Error(`unknown phase ${phase} (screen-one, screen-10k)`);
}
result.wallMs = Math.round(performance.now() - t0);
result.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(result)}\n`);
