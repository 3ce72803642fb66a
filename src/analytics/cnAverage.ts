import type { CnLedger } from "../ledger/compileCnLedger.js";
import { checkCnDate, checkCnOrigin, cnLayers, cnLineProfile, cnLiveMeasures } from "../engine/cnStack.js";
import { cnBreakpoints } from "../engine/cnHistory.js";
import { loadCnWeights, type CnWeights } from "./cnWeights.js";

/**
 * China's trade-weighted average tariff on US goods as a step series: one step per day on which a measure of the
 * China ledger starts or ends, each with the total, the MFN part and each retaliation authority's part (they add up),
 * the simple average, and the weight set's placed share. Computed from the same layers as `stack`.
 */

export interface CnAverageOptions {
  origin?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** `piie-2017` (default) or `comtrade-<year>`. */
  weights?: string | undefined;
  cacheDir?: string | undefined;
}

export interface CnAverageStep {
  from: string;
  /** Last day (inclusive). */
  to: string;
  totalPercent: number;
  additionalPercent: number;
  byAuthority: Record<string, number>;
  simplePercent: number;
  /** Measures whose window opened or closed on `from`. */
  changedBy: string[];
  /** Weight share of lines whose stack carries an uncertain fact that day. */
  uncertainWeightPercent: number;
}

/** Lines without an ad valorem MFN rate in the workbook (specific or compound duties): left out, with their weight. */
export interface CnUnratedLines {
  lines: string[];
  weightPercent: number;
}

export interface CnAverageSeries {
  issuer: "CN";
  origin: string;
  from: string;
  to: string;
  weights: Omit<CnWeights, "perLine" | "unplaced"> & { unplacedCount: number; unplacedTop: { code: string; value: number }[] };
  steps: CnAverageStep[];
  /** Left out of every step: no ad valorem MFN rate to average (never counted as 0%). */
  unrated: CnUnratedLines;
  ledgerVersion: string;
}

function dayBefore(day: string): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

export async function computeCnAverage(ledger: CnLedger, opts: CnAverageOptions): Promise<CnAverageSeries> {
  const origin = checkCnOrigin(ledger, opts.origin);
  const from = opts.from ?? ledger.coverage.from;
  const to = opts.to ?? ledger.coverage.through;
  checkCnDate(ledger, from, "from");
  checkCnDate(ledger, to, "to");
  const w = await loadCnWeights(ledger, opts.weights ?? "piie-2017", opts.cacheDir);
  const n = ledger.catalog.lines.length;
  // A line with no ad valorem MFN rate (the workbook's empty cell) cannot be averaged: out, and reported.
  const base = ledger.measures.filter((m) => m.authority === "base" && "list" in m.products && m.rates && m.window.from === ledger.coverage.from);
  const rated = Array.from({ length: n }, (_, i) => base.some((m) => m.rates!.has(i)));
  let wsum = 0;
  let unratedW = 0;
  for (let i = 0; i < n; i++) {
    if (rated[i]) wsum += w.perLine[i]!;
    else unratedW += w.perLine[i]!;
  }
  let rn = 0;
  for (let i = 0; i < n; i++) if (rated[i]) rn++;
  const points = cnBreakpoints(ledger, from, to);
  // Lines with one profile have one stack every day: each profile is resolved once per step, with its lines' weight
  // and count (the simple average counts lines).
  const profiles = new Map<string, { line: number; weight: number; count: number }>();
  for (let i = 0; i < n; i++) {
    if (!rated[i]) continue;
    const key = cnLineProfile(ledger, i);
    const p = profiles.get(key);
    if (p) {
      p.weight += w.perLine[i]!;
      p.count++;
    } else profiles.set(key, { line: i, weight: w.perLine[i]!, count: 1 });
  }
  const steps: CnAverageStep[] = [];
  points.forEach((day, k) => {
    const live = cnLiveMeasures(ledger, day);
    const by: Record<string, number> = {};
    let simple = 0;
    let uncertainW = 0;
    for (const p of profiles.values()) {
      const i = p.line;
      const wi = p.weight / wsum;
      let lineTotal = 0;
      let unsure = false;
      for (const l of cnLayers(live, i)) {
        lineTotal += l.effective;
        if (wi > 0) by[l.measure.authority] = (by[l.measure.authority] ?? 0) + wi * l.effective;
        if (l.measure.uncertain || l.measure.mapped?.has(i) || (l.measure.uncertainAfter && day >= l.measure.uncertainAfter.date)) unsure = true;
      }
      simple += (lineTotal * p.count) / rn;
      if (unsure) uncertainW += wi;
    }
    for (const key of Object.keys(by)) by[key] = r6(by[key]!);
    const total = r6(Object.values(by).reduce((s, v) => s + v, 0));
    steps.push({
      from: day,
      to: k + 1 < points.length ? dayBefore(points[k + 1]!) : to,
      totalPercent: total,
      additionalPercent: r6(total - (by["base"] ?? 0)),
      byAuthority: by,
      simplePercent: r6(simple),
      changedBy: k === 0 ? [] : ledger.measures.filter((m) => m.window.from === day || m.window.to === day).map((m) => m.id),
      uncertainWeightPercent: r6(uncertainW * 100),
    });
  });
  const { perLine: _perLine, unplaced, ...meta } = w;
  void _perLine;
  return {
    issuer: "CN",
    origin,
    from,
    to,
    weights: { ...meta, unplacedCount: unplaced.length, unplacedTop: unplaced.slice(0, 10) },
    steps,
    unrated: { lines: ledger.catalog.lines.filter((_, i) => !rated[i]).map((l) => l.code), weightPercent: r6((unratedW / (wsum + unratedW)) * 100) },
    ledgerVersion: ledger.version,
  };
}

/** The step in force on a day. */
export function cnAverageAt(series: CnAverageSeries, day: string): CnAverageStep | undefined {
  return series.steps.find((s) => s.from <= day && day <= s.to);
}
