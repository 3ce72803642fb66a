/**
 * One entries bench phase in its own process: `refunds` end to end on a file (read + check, panel, price, refund book,
 * interest, CAPE files, outputs written), printing {lines, seconds, peak RSS}. Run by bench/entries.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveCacheDir } from "../src/data/cacheDir.js";
import { openTariffscope } from "../src/session.js";
import { priceEntryFile } from "../src/entries/entryPricing.js";
import { writeRefundBook } from "../src/refunds/refundBook.js";
import type { StatementCost } from "../src/entries/statementTiming.js";

const file = process.argv[2]!;
// ENTRIES_TRACE=1: every SQL statement's wall and CPU seconds, the costliest printed to stderr after the run.
const statements: StatementCost[] = [];
const trace = process.env.ENTRIES_TRACE === "1";
const cacheDir = resolveCacheDir();
const ts = await openTariffscope();
const out = mkdtempSync(join(tmpdir(), "ts-bench-book-"));
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const stages: Record<string, number> = {};
const stagesCpu: Record<string, number> = {};
const cpuSecs = (since: NodeJS.CpuUsage): number => Math.round((process.cpuUsage(since).user + process.cpuUsage(since).system) / 1000) / 1000;
let last = t0;
let lastCpu = process.cpuUsage();
let stage = "";
const run = await priceEntryFile(ts, file, {
  cacheDir,
  ...(trace ? { onStatement: (c: StatementCost) => void statements.push(c) } : {}),
  onProgress: (s) => {
    if (s !== stage) {
      const now = performance.now();
      if (stage) {
        stages[stage] = Math.round(now - last) / 1000;
        stagesCpu[stage] = cpuSecs(lastCpu);
      }
      stage = s;
      last = now;
      lastCpu = process.cpuUsage();
    }
  },
});
const tPriced = performance.now();
stages[stage] = Math.round(tPriced - last) / 1000;
stagesCpu[stage] = cpuSecs(lastCpu);
const cpuPriced = process.cpuUsage();
// A failed book (e.g. DuckDB out of memory) still removes the run's work folder: its spill files reach tens of GB.
let summary: Awaited<ReturnType<typeof writeRefundBook>>;
let t1: number;
try {
  summary = await writeRefundBook(run, out, { asOf: "2026-06-01" });
  t1 = performance.now();
} finally {
  await run.dispose();
  rmSync(out, { recursive: true, force: true });
}
if (trace) {
  for (const c of [...statements].sort((a, b) => b.cpuSeconds - a.cpuSeconds).slice(0, 25)) {
    process.stderr.write(`${c.seconds.toFixed(2).padStart(7)} s ${c.cpuSeconds.toFixed(2).padStart(7)} CPU s  ${c.sql.replace(/\s+/g, " ").slice(0, 150)}\n`);
  }
}
process.stdout.write(
  JSON.stringify({
    lines: run.rows,
    priced: run.priced,
    rejected: run.rejected,
    entries: summary.entries,
    panelResolved: run.panel.resolved,
    panelReused: run.panel.reused,
    seconds: Math.round(t1 - t0) / 1000,
    cpuSeconds: Math.round((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000) / 1000,
    loadAverage: (await import("node:os")).loadavg()[0]!.toFixed(1),
    stages: { ...stages, "refund-book+write": Math.round(t1 - tPriced) / 1000 },
    stagesCpu: { ...stagesCpu, "refund-book+write": cpuSecs(cpuPriced) },
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    refund: summary.refund,
    interest: summary.interest,
  }) + "\n",
);
