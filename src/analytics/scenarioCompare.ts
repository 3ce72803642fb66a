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

export interface ScenarioComparison {
  scenarios: { name: string; file: string; description: string; source: Scenario["source"] }[];
  baseline: AverageSeries;
  scenario: AverageSeries;
  /** Days on which either series changes (the first day included), with the difference on that day. */
  steps: ComparisonRow[];
  /** The day of the largest absolute difference. */
  largest: ComparisonRow | undefined;
  /** Mean difference over the range, in points. */
  meanDeltaPercent: number;
}

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Compute the series under the baseline ledger and under the scenarios, and their difference by authority. */
export async function compareScenarios(base: SeriesEngine, scenarios: Scenario[], opts: Omit<AverageOptions, "scenarios"> & { cacheDir?: string }): Promise<ScenarioComparison> {
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
    return { date: b.date, baselinePercent: b.totalPercent, scenarioPercent: s.totalPercent, deltaPercent: r6(s.totalPercent - b.totalPercent), byAuthorityDelta };
  };
  const changeDays = new Set<string>([baseline.rows[0]?.date ?? "", ...baseline.steps.map((s) => s.date), ...scenario.steps.map((s) => s.date)]);
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
    baseline,
    scenario,
    steps,
    largest,
    meanDeltaPercent: r6(sum / Math.max(1, baseline.rows.length)),
  };
}
