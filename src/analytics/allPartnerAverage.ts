import { InputError } from "../common/errors.js";
import { addDays, daysBetween, parseLegalDay, type LegalDay } from "../common/legalDate.js";
import { checkEntryFacts, type EntryFacts } from "../engine/entryFacts.js";
import { resolveLeafStack } from "../engine/resolveStack.js";
import type { LegalViewId } from "../engine/stackTypes.js";
import { legalView } from "../ledger/legalViews.js";
import { allPartnerPanel, panelPeriod, type PanelPartner, type PartnerStep } from "./allPartnerPanel.js";
import { allPartnerFiles, joinEditionFor, partnerPlans, type PartnerPlan } from "./allPartnerPlans.js";
import { MAX_SERIES_DAYS, type SeriesEngine } from "./averageSeries.js";
import type { LineHistoryCache } from "./lineHistoryCache.js";

/**
 * The all-partner average ("ALL"): every partner with a 2024 HS-10 import file (51), each resolved with its own
 * country measures and weighted by its 2024 imports, on given days or every day of a range, decomposed by origin and
 * by authority. The figures come from the all-partner panel (allPartnerPanel.ts: per-line interval histories swept
 * by their boundaries, shared by origin class, persisted); `resolveAllPartnerDays` resolves the same days line by
 * line, the reference the panel is tested against.
 *
 * - The EU aggregate (Census 0003) is counted once: member files of its own (Slovakia, 4359) are left out because the
 *   aggregate already holds their imports (CENSUS_AGGREGATES lists the members).
 * - A partner with a preference program of the ledger (preferences.yaml: USMCA for CA and MX) is split line by line
 *   into the share estimated to have claimed it (facts { usmcaQualifying: true }) and the rest (false), with the rule
 *   of preferenceShares.ts.
 * - Partners the project has no ISO code for are resolved with the country-blanket measures only (origin "ZZ"); each
 *   origin's coverage (full / partial and what is missing) is reported with it.
 * - Weights are joined to the basic edition of each day's year (allPartnerPlans.ts); days are those of the panel's
 *   period (from the first basic edition to the end of the ledger's coverage).
 */
export interface AllPartnerOrigin {
  /** Census partner code. */
  partner: string;
  /** ISO code (or aggregate name) the partner's goods were resolved as. */
  origin: string;
  name: string;
  /** Import value placed on lines of the edition (2024 USD). */
  value: number;
  /** The partner's own average total duty on the day (percent of value). */
  totalPercent: number;
  /** Its contribution to the all-partner total (percentage points). */
  contributionPercent: number;
  /** Share of its value estimated to claim a preference program (USMCA), when it has one. */
  preferenceShare?: number;
  coverage: "full" | "partial";
}

export interface AllPartnerDay {
  date: LegalDay;
  totalPercent: number;
  additionalPercent: number;
  /** Contribution of each authority to `totalPercent`. */
  byAuthority: Record<string, number>;
  /** Every partner, largest contribution first. */
  byOrigin: AllPartnerOrigin[];
  /** Value that could not be placed on a line of the edition (reported, never dropped silently). */
  unmatchedValue: number;
  totalValue: number;
  /** Lines whose stack carried an uncertain measure, and their value. */
  uncertainValue: number;
}

export interface AllPartnerAverage {
  origin: "ALL";
  weights: "census-2024";
  view: LegalViewId;
  days: AllPartnerDay[];
  /** Partner files left out because an aggregate holds them. */
  leftOut: { partner: string; name: string; heldBy: string }[];
  ledgerVersion: string;
}

export interface AllPartnerOptions {
  /** Days to answer; or a range with `from` and `to` (neither: the panel's whole period). */
  dates?: string[] | undefined;
  from?: string | undefined;
  /** Last day included. */
  to?: string | undefined;
  view?: LegalViewId | undefined;
  facts?: EntryFacts | undefined;
  cacheDir?: string | undefined;
  /** The series cache to keep line histories in (default: the data cache's). */
  histories?: LineHistoryCache | undefined;
}

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** One partner's sums on a day: value placed and resolved, Σ value × percent in all and by authority. */
interface PartnerDaySums {
  value: number;
  total: number;
  byAuthority: Record<string, number>;
  uncertainValue: number;
  /** Value of lines the engine could not resolve on the day (added to the unmatched value). */
  failedValue: number;
}

/** The day's answer from each partner's sums (the same arithmetic for the panel and for day-by-day resolution). */
function dayOf(
  date: LegalDay,
  partners: { plan: Pick<PanelPartner, "partner" | "origin" | "name" | "coverage" | "preferenceShare" | "totalValue" | "unmatchedValue">; sums: PartnerDaySums }[],
): AllPartnerDay {
  let grandValue = 0;
  let grandTotal = 0;
  let unmatched = 0;
  let totalValue = 0;
  let uncertainValue = 0;
  const byAuthority: Record<string, number> = {};
  const byOrigin: AllPartnerOrigin[] = [];
  for (const { plan, sums } of partners) {
    unmatched += plan.unmatchedValue + sums.failedValue;
    totalValue += plan.totalValue;
    uncertainValue += sums.uncertainValue;
    for (const [a, v] of Object.entries(sums.byAuthority)) byAuthority[a] = (byAuthority[a] ?? 0) + v;
    grandValue += sums.value;
    grandTotal += sums.total;
    const o: AllPartnerOrigin = {
      partner: plan.partner,
      origin: plan.origin,
      name: plan.name,
      value: sums.value,
      totalPercent: sums.value > 0 ? r6(sums.total / sums.value) : 0,
      contributionPercent: sums.total,
      coverage: plan.coverage,
    };
    if (plan.preferenceShare !== undefined) o.preferenceShare = r6(plan.preferenceShare);
    byOrigin.push(o);
  }
  const w = grandValue > 0 ? grandValue : 1;
  for (const o of byOrigin) o.contributionPercent = r6(o.contributionPercent / w);
  byOrigin.sort((a, b) => b.contributionPercent - a.contributionPercent);
  const auth: Record<string, number> = {};
  for (const [a, v] of Object.entries(byAuthority)) if (Math.abs(v / w) > 1e-9) auth[a] = r6(v / w);
  const totalPercent = r6(grandTotal / w);
  return { date, totalPercent, additionalPercent: r6(totalPercent - (auth.base ?? 0)), byAuthority: auth, byOrigin, unmatchedValue: unmatched, totalValue, uncertainValue };
}

/** The days asked: a list, or every day of [from, to] (each end defaults to the panel period's); inside the panel's period. */
function daysAsked(engine: SeriesEngine, opts: AllPartnerOptions): LegalDay[] {
  const period = panelPeriod(engine);
  const outside = (d: LegalDay): boolean => d < period.from || d > period.to;
  const why = `the all-partner average covers ${period.from} to ${period.to} (its 2024 weights are joined to the basic edition of each year, the first from ${period.from})`;
  const hasRange = opts.from !== undefined || opts.to !== undefined;
  if (opts.dates !== undefined && opts.dates.length > 0) {
    if (hasRange) throw new InputError("BAD_RANGE", "dates", "give either dates or a range (from, to), not both");
    const dates = opts.dates.map((d) => parseLegalDay(d, "dates"));
    for (const d of dates) if (outside(d)) throw new InputError("DATE_OUT_OF_COVERAGE", "dates", `${d}: ${why}`);
    return dates;
  }
  const from = parseLegalDay(opts.from ?? period.from, "from");
  const to = parseLegalDay(opts.to ?? period.to, "to");
  if (from > to) throw new InputError("BAD_RANGE", "from", `${from} is after ${to}`);
  if (outside(from)) throw new InputError("DATE_OUT_OF_COVERAGE", "from", `${from}: ${why}`);
  if (outside(to)) throw new InputError("DATE_OUT_OF_COVERAGE", "to", `${to}: ${why}`);
  const n = daysBetween(from, to) + 1;
  if (n > MAX_SERIES_DAYS) throw new InputError("RANGE_TOO_LONG", "to", `${n} days requested; at most ${MAX_SERIES_DAYS} per series`);
  return Array.from({ length: n }, (_, i) => addDays(from, i));
}

const ZERO: PartnerDaySums = { value: 0, total: 0, byAuthority: {}, uncertainValue: 0, failedValue: 0 };

/** The all-partner average on each day asked (a list of days, or every day of a range), from the all-partner panel. */
export async function computeAllPartnerAverage(engine: SeriesEngine, opts: AllPartnerOptions): Promise<AllPartnerAverage> {
  const { ledger } = engine;
  const dates = daysAsked(engine, opts);
  const view = legalView(ledger, opts.view).id;
  const facts = checkEntryFacts({ ...(opts.facts ?? {}) });
  if (facts.value !== undefined) throw new InputError("BAD_FACT", "facts.value", "an average has no single customs value; give shares only");
  const panel = await allPartnerPanel(engine, { view, facts, cacheDir: opts.cacheDir, histories: opts.histories });
  // A cursor per partner of each segment: days asked in order move forward through the steps.
  const cursors = new Map<string, number>();
  const stepOn = (key: string, steps: PartnerStep[], day: LegalDay): PartnerStep | undefined => {
    let i = cursors.get(key) ?? 0;
    if (i >= steps.length || steps[i]!.from > day) i = 0;
    while (i < steps.length && steps[i]!.to <= day) i++;
    cursors.set(key, i);
    return i < steps.length && steps[i]!.from <= day ? steps[i] : undefined;
  };
  const days = dates.map((date) => {
    const segment = panel.segments.find((s) => s.from <= date && date <= s.to)!;
    return dayOf(
      date,
      segment.partners.map((p) => ({ plan: p, sums: stepOn(`${segment.from}|${p.partner}`, p.steps, date) ?? ZERO })),
    );
  });
  return { origin: "ALL", weights: "census-2024", view, days, leftOut: panel.leftOut, ledgerVersion: ledger.version };
}

/**
 * The same days resolved line by line (every weighted line of every partner, each day): slow, kept as the reference
 * the panel is checked against (test/integration/allPartnerSeries.test.ts).
 */
export async function resolveAllPartnerDays(engine: SeriesEngine, opts: AllPartnerOptions): Promise<AllPartnerAverage> {
  const { ledger, index } = engine;
  const dates = daysAsked(engine, opts);
  const view = legalView(ledger, opts.view).id;
  const baseFacts = checkEntryFacts({ ...(opts.facts ?? {}) });
  const plans = new Map<number, PartnerPlan[]>();
  for (const ed of new Set(dates.map((d) => joinEditionFor(engine, d)))) plans.set(ed, await partnerPlans(engine, ed, baseFacts, opts.cacheDir));
  // Day by day, partner by partner, yielding to the event loop between partners: resolving every weighted line of a
  // day takes seconds, and a caller's other work (a server's requests, a test runner's messages) must not wait on it.
  const days: AllPartnerDay[] = [];
  for (const date of dates) {
    const partners: { plan: PartnerPlan & { coverage: "full" | "partial" }; sums: PartnerDaySums }[] = [];
    for (const plan of plans.get(joinEditionFor(engine, date))!) {
      const sums: PartnerDaySums = { value: 0, total: 0, byAuthority: {}, uncertainValue: 0, failedValue: 0 };
      for (const part of plan.parts) {
        for (const m of part.matched) {
          if (m.value <= 0) continue;
          let stack;
          try {
            stack = resolveLeafStack(ledger, index, m.hts10, plan.origin, date, part.facts, view);
          } catch {
            // A 2024 line joined to the year's basic edition but absent on the day: reported as unmatched.
            sums.failedValue += m.value;
            continue;
          }
          sums.value += m.value;
          sums.total += m.value * stack.totalPercent;
          if (stack.uncertain.length > 0) sums.uncertainValue += m.value;
          for (const l of stack.lines) {
            if (l.refundable) continue;
            sums.byAuthority[l.authority] = (sums.byAuthority[l.authority] ?? 0) + m.value * l.effectivePercent;
          }
        }
      }
      const coverage: "full" | "partial" = ledger.origins.full.includes(plan.origin) ? "full" : "partial";
      partners.push({ plan: { ...plan, coverage }, sums });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    days.push(dayOf(date, partners));
  }
  return { origin: "ALL", weights: "census-2024", view, days, leftOut: allPartnerFiles().leftOut, ledgerVersion: ledger.version };
}
