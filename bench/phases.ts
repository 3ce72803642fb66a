/**
 * One benchmark phase per process, so peak memory (maxRSS) belongs to that phase alone. Prints one JSON line.
 * Usage: tsx bench/phases.ts <phase>
 */
import { buildHtsCatalog, loadHtsCatalog } from "../src/schedule/scheduleCatalog.js";
import { openTariffscope } from "../src/session.js";
import { EDITIONS } from "../src/schedule/editionRegister.js";

const phase = process.argv[2];
const t0 = performance.now();
const result: Record<string, unknown> = { phase };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

if (phase === "catalog-cold") {
  const c = await buildHtsCatalog();
  Object.assign(result, { editions: c.editions.length, lines: c.lines.size, headings: c.headings.size });
} else if (phase === "catalog-warm") {
  await loadHtsCatalog();
  const t1 = performance.now();
  const { fromCache } = await loadHtsCatalog();
  Object.assign(result, { fromCache, secondLoadMs: Math.round(performance.now() - t1) });
} else if (phase === "ledger-cold") {
  // bench/run.ts removes the compiled ledger before this phase; the catalog stays warm
  const ts = await openTariffscope();
  Object.assign(result, { measures: ts.ledger.measures.length, fromCache: ts.fromCache });
} else if (phase === "ledger-warm") {
  const ts = await openTariffscope();
  Object.assign(result, { measures: ts.ledger.measures.length, fromCache: ts.fromCache });
} else if (phase === "stack") {
  const ts = await openTariffscope();
  const loadMs = performance.now() - t0;
  const codes = [...ts.ledger.catalog.lines.keys()];
  const from = Date.parse(`${ts.ledger.coverage.from}T00:00:00Z`);
  const days = Math.round((Date.parse("2026-11-22T00:00:00Z") - from) / 86_400_000);
  let seed = 42;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const n = 100_000;
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const code = codes[Math.floor(rand() * codes.length)]!;
    const date = new Date(from + Math.floor(rand() * days) * 86_400_000).toISOString().slice(0, 10);
    const s = performance.now();
    try {
      ts.stack({ hts: code, origin: "CN", date });
    } catch {
      errors++;
    }
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  Object.assign(result, { lookups: n, errors, loadMs: Math.round(loadMs), medianMs: +percentile(times, 50).toFixed(4), p99Ms: +percentile(times, 99).toFixed(3) });
} else if (phase === "history") {
  const ts = await openTariffscope();
  const codes = [...ts.ledger.catalog.lines.keys()];
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const code = codes[(i * 7919) % codes.length]!;
    const s = performance.now();
    ts.history({ hts: code, origin: "CN" });
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  Object.assign(result, { histories: times.length, medianMs: +percentile(times, 50).toFixed(3), p99Ms: +percentile(times, 99).toFixed(3) });
} else if (phase === "series-cn" || phase === "series-cn-persisted" || phase === "series-51" || phase === "scenario-compare") {
  const { computeAverageSeries } = await import("../src/analytics/averageSeries.js");
  const { listImportPartners, preloadImports2024 } = await import("../src/analytics/weights.js");
  const ts = await openTariffscope();
  await preloadImports2024();
  const t1 = performance.now();
  if (phase === "series-cn" || phase === "series-cn-persisted") {
    const s = await computeAverageSeries(ts, { origin: "CN", from: "2025-01-01", to: "2026-12-31" });
    const t2 = performance.now();
    await computeAverageSeries(ts, { origin: "CN", from: "2025-01-01", to: "2026-12-31" });
    Object.assign(result, { days: s.rows.length, firstMs: Math.round(t2 - t1), repeatMs: Math.round(performance.now() - t2) });
  } else if (phase === "series-51") {
    const partners = listImportPartners();
    for (const p of partners) await computeAverageSeries(ts, { origin: p.code, from: "2025-01-01", to: "2026-12-31" });
    Object.assign(result, { partners: partners.length, allMs: Math.round(performance.now() - t1) });
  } else {
    const { compareScenarios } = await import("../src/analytics/scenarioCompare.js");
    const { loadScenario } = await import("../src/analytics/scenarios.js");
    await computeAverageSeries(ts, { origin: "CN", from: "2025-01-01", to: "2026-12-31" });
    const t2 = performance.now();
    const c = await compareScenarios(ts, [loadScenario("threat-100-2025-11-01")], { origin: "CN", from: "2025-01-01", to: "2026-12-31" });
    Object.assign(result, { baselineMs: Math.round(t2 - t1), compareMs: Math.round(performance.now() - t2), largestDelta: c.largest?.deltaPercent });
  }
} else if (phase === "cold-all") {
  // bench/run.ts removes the compiled catalog, ledger and persisted histories first: everything 2018-2026 from the files.
  const { computeAverageSeries } = await import("../src/analytics/averageSeries.js");
  const ts = await openTariffscope();
  const tLedger = performance.now();
  const s = await computeAverageSeries(ts, { origin: "CN", from: ts.ledger.coverage.from, to: "2026-12-31" });
  Object.assign(result, {
    catalogAndLedgerMs: Math.round(tLedger - t0),
    seriesMs: Math.round(performance.now() - tLedger),
    days: s.rows.length,
    priorBaseLines: Object.keys(ts.ledger.priorBase?.lines ?? {}).length,
    priorBaseUnplaced: Object.keys(ts.ledger.priorBase?.unplaced ?? {}).length,
  });
} else if (phase === "series-cn-2018") {
  // the daily China series over the whole coverage from 2018, ledger loaded (histories persisted by cold-all)
  const { computeAverageSeries } = await import("../src/analytics/averageSeries.js");
  const { preloadImports2024 } = await import("../src/analytics/weights.js");
  const ts = await openTariffscope();
  await preloadImports2024();
  const t1 = performance.now();
  const s = await computeAverageSeries(ts, { origin: "CN", from: "2018-01-01", to: "2026-12-31" });
  const t2 = performance.now();
  await computeAverageSeries(ts, { origin: "CN", from: "2018-01-01", to: "2026-12-31" });
  Object.assign(result, { days: s.rows.length, loadMs: Math.round(t1 - t0), firstMs: Math.round(t2 - t1), repeatMs: Math.round(performance.now() - t2) });
} else if (phase === "series-ranges") {
  // 200 distinct ranges in one process, the series cache cold at the start (its own folder): memory and disk must
  // stay flat once the histories are resolved, whatever the ranges.
  const { computeAverageSeries } = await import("../src/analytics/averageSeries.js");
  const { LineHistoryCache } = await import("../src/analytics/lineHistoryCache.js");
  const { preloadImports2024 } = await import("../src/analytics/weights.js");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const ts = await openTariffscope();
  await preloadImports2024();
  const dir = mkdtempSync(join(tmpdir(), "tariffscope-bench-series-"));
  const histories = new LineHistoryCache({ dir });
  const coverageFrom = Date.parse(`${ts.ledger.coverage.from}T00:00:00Z`);
  const coverageDays = Math.round((Date.parse(`${ts.ledger.coverage.to}T00:00:00Z`) - coverageFrom) / 86_400_000);
  const day = (n: number): string => new Date(coverageFrom + n * 86_400_000).toISOString().slice(0, 10);
  const samples: Record<string, number>[] = [];
  const times: number[] = [];
  const n = 200;
  for (let i = 0; i < n; i++) {
    // distinct ranges: start and length both vary (deterministic)
    const start = (i * 37) % (coverageDays - 30);
    const length = 30 + ((i * 53) % Math.max(1, coverageDays - start - 30));
    const s = performance.now();
    await computeAverageSeries(ts, { origin: "CN", from: day(start), to: day(Math.min(coverageDays, start + length)), histories });
    times.push(performance.now() - s);
    if (i === 0 || (i + 1) % 50 === 0) {
      global.gc?.();
      const st = histories.stats();
      samples.push({
        ranges: i + 1,
        heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
        rssMB: Math.round(process.memoryUsage().rss / 1e6),
        cacheMB: +(st.memoryBytes / 1e6).toFixed(1),
        diskMB: +(st.diskBytes / 1e6).toFixed(1),
        resolved: st.resolved,
      });
    }
  }
  histories.close();
  rmSync(dir, { recursive: true, force: true });
  const later = times.slice(1).sort((a, b) => a - b);
  Object.assign(result, { ranges: n, firstMs: Math.round(times[0]!), laterMedianMs: Math.round(percentile(later, 50)), laterP99Ms: Math.round(percentile(later, 99)), samples });
} else {
  throw new Error(`unknown phase ${phase}; editions known: ${EDITIONS.length}`);
}
result.wallMs = Math.round(performance.now() - t0);
result.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(result)}\n`);
