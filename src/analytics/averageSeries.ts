import { legalView } from "../ledger/legalViews.js";
import { InputError } from "../common/errors.js";
import { addDays, daysBetween, parseLegalDay, type LegalDay } from "../common/legalDate.js";
import { CENSUS_AGGREGATES, KNOWN_ORIGINS, parseOrigin } from "../common/country.js";
import { checkEntryFacts } from "../engine/entryFacts.js";
import type { LedgerIndex } from "../engine/ledgerIndex.js";
import type { Ledger } from "../ledger/ledgerTypes.js";
import { AUTHORITIES } from "../ledger/measureSchema.js";
import type { AverageOptions, AverageRow, AverageSeries, AverageStep } from "./seriesTypes.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { factsKey, lineHistoryCacheFor, type LineHistoryCache } from "./lineHistoryCache.js";
import { joinWeightsToEdition, loadWeightSet, type EditionJoin } from "./weights.js";

/**
 * The trade-weighted average tariff, day by day, computed from the engine's interval timelines: every weighted line's
 * history is resolved once (its steps), and the daily series is the sum of those steps — no per-day re-resolution.
 */

/** The ledger and index to compute over (a scenario passes its edited ledger). */
export interface SeriesEngine {
  ledger: Ledger;
  index: LedgerIndex;
}

/** Longest series accepted (days): the whole ledger (2018 to the horizon), so a request cannot ask for a century of days. */
/** Lines resolved between two turns of the event loop (a series in process must not hold it for seconds). */
const YIELD_EVERY_LINES = 256;

export const MAX_SERIES_DAYS = 10 * 366 + 1;

interface Segment {
  from: LegalDay;
  /** Last day included. */
  to: LegalDay;
  join: EditionJoin;
}

/**
 * Import weights use 2024 codes; each product's facts come from the edition in force. The range is cut at the start
 * of each basic edition, and each part joins the weights to that part's first edition (2024 codes that were split
 * later go to their successors, value reported when nothing matches).
 */
function segmentsFor(engine: SeriesEngine, weights: Awaited<ReturnType<typeof loadWeightSet>>, from: LegalDay, to: LegalDay): Segment[] {
  const { ledger } = engine;
  const starts = ledger.editionStarts;
  const cuts: { day: LegalDay; edition: number }[] = [];
  for (let i = 0; i < ledger.catalog.editions.length; i++) {
    if (ledger.catalog.editions[i]!.endsWith("_basic")) cuts.push({ day: starts[i]!, edition: i });
  }
  const segments: Segment[] = [];
  for (let k = 0; k < cuts.length; k++) {
    const segFrom = k === 0 ? ledger.coverage.from : cuts[k]!.day;
    const segTo = k + 1 < cuts.length ? addDays(cuts[k + 1]!.day, -1) : ledger.coverage.to;
    const a = from > segFrom ? from : segFrom;
    const b = to < segTo ? to : segTo;
    if (a > b) continue;
    segments.push({ from: a, to: b, join: joinWeightsToEdition(weights, ledger.catalog, cuts[k]!.edition) });
  }
  return segments;
}

const KEYS = ["total", ...AUTHORITIES] as const;

const sumValues = (values: Iterable<number>): number => {
  let t = 0;
  for (const v of values) t += v;
  return t;
};

/** Values of statistical lines summed by their 8-digit line, largest first. */
function byHts8(values: Map<string, number>): [string, number][] {
  const out = new Map<string, number>();
  for (const [code, v] of values) out.set(code.slice(0, 8), (out.get(code.slice(0, 8)) ?? 0) + v);
  return [...out.entries()].sort((a, b) => b[1] - a[1]);
}

/** Compute the daily series for an origin over [from, to]. */
export async function computeAverageSeries(
  engine: SeriesEngine,
  opts: AverageOptions & { cacheDir?: string; histories?: LineHistoryCache },
): Promise<AverageSeries> {
  // An origin is an ISO code, or a Census partner code of the weight files; partners the project has no ISO code for
  // with no ISO code and no aggregate entry are resolved with the country-blanket measures only ("ZZ": no country measures).
  const censusCode = /^\d{4}$/.test(opts.origin.trim()) ? opts.origin.trim() : undefined;
  const iso = censusCode ? Object.entries(KNOWN_ORIGINS).find(([, c]) => c.census === censusCode)?.[0] : undefined;
  // An aggregate (0003, the EU) is resolved as one of its members (CENSUS_AGGREGATES): its measures name them all.
  const origin = censusCode ? (iso ?? CENSUS_AGGREGATES[censusCode]?.resolveAs ?? "ZZ") : parseOrigin(opts.origin);
  const partner = censusCode ?? origin;
  const from = parseLegalDay(opts.from, "from");
  const to = parseLegalDay(opts.to, "to");
  const view = legalView(engine.ledger, opts.view).id;
  if (from > to) throw new InputError("BAD_RANGE", "from", `${from} is after ${to}`);
  const nDays = daysBetween(from, to) + 1;
  if (nDays > MAX_SERIES_DAYS) throw new InputError("RANGE_TOO_LONG", "to", `${nDays} days requested; at most ${MAX_SERIES_DAYS} per series`);
  const { ledger } = engine;
  if (from < ledger.coverage.from || to > ledger.coverage.to) {
    throw new InputError("DATE_OUT_OF_COVERAGE", from < ledger.coverage.from ? "from" : "to", `the ledger covers ${ledger.coverage.from} to ${ledger.coverage.to}`);
  }
  const cacheDir = resolveCacheDir({ dir: opts.cacheDir });
  const histories = opts.histories ?? lineHistoryCacheFor(cacheDir);
  const resolvedBefore = histories.stats().resolved;
  const weightsName = opts.weights ?? "census-2024";
  const facts = checkEntryFacts({ ...(opts.facts ?? {}) });
  const factsSignature = factsKey(facts);
  if (facts.value !== undefined) throw new InputError("BAD_FACT", "facts.value", "a series has no single customs value; give shares only");
  const weights = await loadWeightSet(weightsName, { partner, cacheDir: opts.cacheDir });

  // Difference arrays: value-weighted contribution of each key, plain (unweighted) totals, coverage, flags.
  const diff: Record<string, Float64Array> = {};
  for (const k of KEYS) diff[k] = new Float64Array(nDays + 1);
  const simple = new Float64Array(nDays + 1);
  const covered = new Float64Array(nDays + 1);
  const needs = new Float64Array(nDays + 1);
  const uncertain = new Float64Array(nDays + 1);
  const weightDiff = new Float64Array(nDays + 1);
  const countDiff = new Float64Array(nDays + 1);
  // instruments that moved the average on a day, with the import value × points they moved (to rank them)
  const instrumentsByDay = new Map<number, Map<string, { instrument: { id: string; title: string; url: string }; weight: number }>>();
  let unmatchedValue = 0;
  let totalValue = 0;
  // Lines whose base rate on days read from an earlier tariff database cannot be placed, or is placed with doubt.
  const priorPeriods = (ledger.baseSchedules ?? []).filter((p) => p.schedule === "tariff-database" && p.from <= to && (p.to === undefined || p.to > from));
  // per statistical line, the largest value any overlapping segment's join gives it (a line counts once)
  const priorUnplaced = new Map<string, number>();
  const priorUncertain = new Map<string, number>();

  for (const seg of segmentsFor(engine, weights, from, to)) {
    unmatchedValue = Math.max(unmatchedValue, seg.join.unmatchedValue);
    totalValue = seg.join.totalValue;
    const s0 = daysBetween(from, seg.from);
    const s1 = daysBetween(from, seg.to) + 1;
    weightDiff[s0]! += seg.join.totalValue - seg.join.unmatchedValue;
    weightDiff[s1]! -= seg.join.totalValue - seg.join.unmatchedValue;
    // aggregate duplicate codes (several 2024 rows split onto one line)
    const byCode = new Map<string, number>();
    for (const m of seg.join.matched) byCode.set(m.hts10, (byCode.get(m.hts10) ?? 0) + m.value);
    if (ledger.priorBase && priorPeriods.some((p) => p.from <= seg.to && (p.to === undefined || p.to > seg.from))) {
      for (const [code, value] of byCode) {
        const code8 = code.slice(0, 8);
        const into = ledger.priorBase.unplaced[code8] !== undefined ? priorUnplaced : ledger.priorBase.lines[code8]?.uncertain ? priorUncertain : undefined;
        into?.set(code, Math.max(into.get(code) ?? 0, value));
      }
    }
    countDiff[s0]! += byCode.size;
    countDiff[s1]! -= byCode.size;
    let sinceYield = 0;
    for (const [code, value] of byCode) {
      // Resolving thousands of histories takes seconds on a cold cache: let the caller's other work in now and then.
      if (++sinceYield === YIELD_EVERY_LINES) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      // Each line's history covers the whole ledger; the segment takes its slice, so no figure depends on the range.
      for (const iv of histories.history(engine, code, origin, view, facts, factsSignature)) {
        const start = daysBetween(from, iv.from);
        const a = Math.max(start, s0);
        const b = Math.min(daysBetween(from, iv.to), s1);
        if (b <= a) continue;
        diff.total![a]! += value * iv.totalPercent;
        diff.total![b]! -= value * iv.totalPercent;
        for (const [auth, pct] of Object.entries(iv.byAuthority)) {
          diff[auth]![a]! += value * pct;
          diff[auth]![b]! -= value * pct;
        }
        simple[a]! += iv.totalPercent;
        simple[b]! -= iv.totalPercent;
        if (iv.additionalPercent > 1e-9) {
          covered[a]! += value;
          covered[b]! -= value;
        }
        if (iv.needsFacts) {
          needs[a]! += 1;
          needs[b]! -= 1;
        }
        if (iv.uncertain) {
          uncertain[a]! += 1;
          uncertain[b]! -= 1;
        }
        // Instruments are credited on the day the line's stack changed, when that day is in the range.
        if (iv.changes.length && a === start && a > 0) {
          let map = instrumentsByDay.get(a);
          if (!map) instrumentsByDay.set(a, (map = new Map()));
          for (const c of iv.changes) {
            const entry = map.get(c.instrument.id) ?? { instrument: c.instrument, weight: 0 };
            entry.weight += value * c.delta;
            map.set(c.instrument.id, entry);
          }
        }
      }
    }
  }

  if (histories.stats().resolved > resolvedBefore) histories.trimDisk();

  const rows: AverageRow[] = [];
  const run: Record<string, number> = Object.fromEntries(KEYS.map((k) => [k, 0]));
  let runSimple = 0;
  let runCovered = 0;
  let runNeeds = 0;
  let runUncertain = 0;
  let runWeight = 0;
  let runCount = 0;
  const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;
  for (let d = 0; d < nDays; d++) {
    for (const k of KEYS) run[k]! += diff[k]![d]!;
    runSimple += simple[d]!;
    runCovered += covered[d]!;
    runNeeds += needs[d]!;
    runUncertain += uncertain[d]!;
    runWeight += weightDiff[d]!;
    runCount += countDiff[d]!;
    const w = runWeight > 0 ? runWeight : 1;
    const byAuthority: Record<string, number> = {};
    for (const a of AUTHORITIES) {
      const v = r6(run[a]! / w);
      if (Math.abs(v) > 1e-9) byAuthority[a] = v;
    }
    const total = r6(run.total! / w);
    rows.push({
      date: addDays(from, d),
      totalPercent: total,
      additionalPercent: r6(total - (byAuthority.base ?? 0)),
      byAuthority,
      coveragePercent: r6((100 * runCovered) / w),
      simplePercent: r6(runSimple / Math.max(1, runCount)),
      needsFactsLines: Math.round(runNeeds),
      uncertainLines: Math.round(runUncertain),
    });
  }
  const steps: AverageStep[] = [];
  for (let d = 1; d < rows.length; d++) {
    const prev = rows[d - 1]!;
    const cur = rows[d]!;
    const delta = cur.totalPercent - prev.totalPercent;
    if (Math.abs(delta) < 1e-6) continue;
    const byAuthorityDelta: Record<string, number> = {};
    for (const a of new Set([...Object.keys(prev.byAuthority), ...Object.keys(cur.byAuthority)])) {
      const dd = r6((cur.byAuthority[a] ?? 0) - (prev.byAuthority[a] ?? 0));
      if (Math.abs(dd) > 1e-6) byAuthorityDelta[a] = dd;
    }
    steps.push({ date: cur.date, totalPercent: cur.totalPercent, deltaPercent: r6(delta), byAuthorityDelta, instruments: [...(instrumentsByDay.get(d)?.values() ?? [])].sort((x, y) => y.weight - x.weight).map((x) => x.instrument) });
  }
  return {
    origin: censusCode && !iso ? censusCode : origin,
    weights: weightsName,
    view,
    rows,
    steps,
    unmatchedValue,
    totalValue,
    ...(weights.hs6
      ? {
          weightsUnplaced: {
            value: weights.hs6.unplacedValue,
            share: weights.hs6.totalValue > 0 ? weights.hs6.unplacedValue / weights.hs6.totalValue : 0,
            codes: weights.hs6.unplaced.slice(0, 10).map((u) => ({ hs6: u.hs6, value: u.value, reason: u.reason })),
          },
        }
      : {}),
    ...(ledger.priorBase && priorPeriods.length > 0
      ? {
          priorBase: {
            periods: priorPeriods.map((p) => ({ from: p.from, to: p.to ?? ledger.coverage.to, dataset: ledger.priorBase!.dataset })),
            unplacedValue: sumValues(priorUnplaced.values()),
            unplacedLines: priorUnplaced.size,
            uncertainValue: sumValues(priorUncertain.values()),
            codes: byHts8(priorUnplaced)
              .slice(0, 10)
              .map(([hts8, value]) => ({ hts8, value, reason: ledger.priorBase!.unplaced[hts8]! })),
          },
        }
      : {}),
    ledgerVersion: ledger.version,
    scenarios: ledger.scenarios ?? [],
    authorities: ledger.authorities.map((a) => ({ id: a.id, label: a.label, colour: a.colour })),
  };
}
