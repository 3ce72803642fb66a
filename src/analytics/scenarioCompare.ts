import type { LegalDay } from "../common/legalDate.js";
import { computeAverageSeries, type SeriesEngine } from "./averageSeries.js";
import type { Scenario } from "./scenarios.js";
import { applyScenarios } from "./scenarios.js";
import type { AverageOptions, AverageSeries } from "./seriesTypes.js";

/** Baseline vs scenario on one day, with the difference decomposed by authority. */
export interface ComparisonRow {
  date: LegalDay;
  baselinePercent: number;
  scenarioPercent: number;
  deltaPercent: number;
  byAuthorityDelta: Record<string, number>;
}

/** The days a comparison covers (both ends included) and the ledger's review date. */
export interface ComparisonWindow {
  from: LegalDay;
  to: LegalDay;
  days: number;
  /** Last day the ledger's measures were reviewed: later measures are as announced. */
  reviewedThrough: LegalDay;
}

export interface ScenarioComparison {
  scenarios: { name: string; file: string; description: string; source: Scenario["source"] }[];
  /** The window every figure below is computed over (the mean, the largest difference, the steps). */
  window: ComparisonWindow;
  baseline: AverageSeries;
  scenario: AverageSeries;
  /** Days on which either series changes (the first day included), with the difference on that day. */
  steps: ComparisonRow[];
  /** The day of the largest absolute difference. */
  largest: ComparisonRow | undefined;
  /** Mean difference over the window, in points. */
  meanDeltaPercent: number;
}

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Options of a comparison: as for a series, the window defaulting to the ledger's whole coverage. */
export type CompareOptions = Omit<AverageOptions, "from" | "to"> & {
  from?: LegalDay | undefined;
  to?: LegalDay | undefined;
  cacheDir?: string | undefined;
};

/** "2025-01-01 → 2026-12-31 (730 days)": how the CLI and the dashboard name a comparison's window. */
export function windowText(w: ComparisonWindow): string {
  return `${w.from} → ${w.to} (${w.days} day${w.days === 1 ? "" : "s"})`;
}

/**
 * Compute the series under the baseline ledger and under the scenarios, and their difference by authority, over
 * `from`–`to` (default: the ledger's coverage, the same default as the API's).
 */
export async function compareScenarios(
  base: SeriesEngine,
  scenarios: Scenario[],
  options: CompareOptions,
): Promise<ScenarioComparison> {
  const { coverage, reviewedThrough } = base.ledger;
  const opts: AverageOptions & { cacheDir?: string | undefined } = {
    ...options,
    from: options.from ?? coverage.from,
    to: options.to ?? coverage.to,
  };
  const applied = applyScenarios(base.ledger, scenarios);
  const baseline = await computeAverageSeries(base, opts);
  const scenario = await computeAverageSeries(applied, { ...opts, ...(applied.view ? { view: applied.view } : {}) });
  const rowOf = (i: number): ComparisonRow => {
    const b = baseline.rows[i]!;
    const s = scenario.rows[i]!;
    const byAuthorityDelta: Record<string, number> = {};
    for (const a of new Set([...Object.keys(b.byAuthority), ...Object.keys(s.byAuthority)])) {
      const d = r6((s.byAuthority[a] ?? 0) - (b.byAuthority[a] ?? 0));
      if (Math.abs(d) > 1e-6) byAuthorityDelta[a] = d;
    }
    return {
      date: b.date,
      baselinePercent: b.totalPercent,
      scenarioPercent: s.totalPercent,
      deltaPercent: r6(s.totalPercent - b.totalPercent),
      byAuthorityDelta,
    };
  };
  const changeDays = new Set<string>([
    baseline.rows[0]?.date ?? "",
    ...baseline.steps.map((s) => s.date),
    ...scenario.steps.map((s) => s.date),
  ]);
  const steps: ComparisonRow[] = [];
  let largest: ComparisonRow | undefined;
  let sum = 0;
  for (let i = 0; i < baseline.rows.length; i++) {
    const row = rowOf(i);
    sum += row.deltaPercent;
    if (changeDays.has(row.date)) steps.push(row);
    if (!largest || Math.abs(row.deltaPercent) > Math.abs(largest.deltaPercent)) largest = row;
  }
  return {
    scenarios: scenarios.map((s) => ({ name: s.name, file: s.file, description: s.description, source: s.source })),
    window: {
      from: baseline.rows[0]?.date ?? opts.from,
      to: baseline.rows[baseline.rows.length - 1]?.date ?? opts.to,
      days: baseline.rows.length,
      reviewedThrough,
    },
    baseline,
    scenario,
    steps,
    largest,
    meanDeltaPercent: r6(sum / Math.max(1, baseline.rows.length)),
  };
}
