import { CENSUS_AGGREGATES, KNOWN_ORIGINS } from "../common/country.js";
import { InputError } from "../common/errors.js";
import { parseLegalDay, type LegalDay } from "../common/legalDate.js";
import { checkEntryFacts, type EntryFacts } from "../engine/entryFacts.js";
import { resolveLeafStack } from "../engine/resolveStack.js";
import type { LegalViewId } from "../engine/stackTypes.js";
import { legalView } from "../ledger/legalViews.js";
import type { SeriesEngine } from "./averageSeries.js";
import { partnerPreferenceShare, preferenceShareOfLine } from "./preferenceShares.js";
import { joinWeightsToEdition, listImportPartners, loadWeightSet, type MatchedWeight } from "./weights.js";

/**
 * The all-partner average ("ALL"): every partner with a 2024 HS-10 import file (51), each resolved with its own
 * country measures and weighted by its 2024 imports, on given days, decomposed by origin and by authority.
 *
 * - The EU aggregate (Census 0003) is counted once: member files of its own (Slovakia, 4359) are left out because the
 *   aggregate already holds their imports (CENSUS_AGGREGATES lists the members).
 * - A partner with a preference program of the ledger (preferences.yaml: USMCA for CA and MX) is split line by line
 *   into the share estimated to have claimed it (facts { usmcaQualifying: true }) and the rest (false), with the rule
 *   of preferenceShares.ts.
 * - Partners the project has no ISO code for are resolved with the country-blanket measures only (origin "ZZ"); each
 *   origin's coverage (full / partial and what is missing) is reported with it.
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

interface PartnerPlan {
  partner: string;
  origin: string;
  name: string;
  parts: { facts: EntryFacts; matched: MatchedWeight[] }[];
  unmatchedValue: number;
  totalValue: number;
  preferenceShare?: number;
}

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function isoOfCensus(code: string): string | undefined {
  return Object.entries(KNOWN_ORIGINS).find(([, c]) => c.census === code)?.[0];
}

/** The basic edition of the day's year (weights are joined once per year, as the daily series does). */
function joinEditionFor(engine: SeriesEngine, day: LegalDay): number {
  const eds = engine.ledger.catalog.editions;
  const idx = eds.indexOf(`${day.slice(0, 4)}_basic`);
  return idx >= 0 ? idx : 0;
}

/** Compute the all-partner average on each of `dates`. */
export async function computeAllPartnerAverage(
  engine: SeriesEngine,
  opts: { dates: string[]; view?: LegalViewId | undefined; facts?: EntryFacts | undefined; cacheDir?: string | undefined },
): Promise<AllPartnerAverage> {
  const { ledger, index } = engine;
  if (opts.dates.length === 0) throw new InputError("BAD_RANGE", "dates", "give at least one day for the all-partner average");
  const dates = opts.dates.map((d) => parseLegalDay(d, "dates"));
  for (const d of dates) {
    if (d < ledger.coverage.from || d > ledger.coverage.to) {
      throw new InputError("DATE_OUT_OF_COVERAGE", "dates", `${d}: the ledger covers ${ledger.coverage.from} to ${ledger.coverage.to}`);
    }
  }
  const view = legalView(ledger, opts.view).id;
  const baseFacts = checkEntryFacts({ ...(opts.facts ?? {}) });
  const partners = listImportPartners();
  const codes = new Set(partners.map((p) => p.code));
  const leftOut: AllPartnerAverage["leftOut"] = [];
  const kept = partners.filter((p) => {
    for (const [agg, a] of Object.entries(CENSUS_AGGREGATES)) {
      const iso = isoOfCensus(p.code);
      if (codes.has(agg) && iso !== undefined && a.members.includes(iso)) {
        leftOut.push({ partner: p.code, name: p.name ?? p.code, heldBy: `${agg} (${a.name})` });
        return false;
      }
    }
    return true;
  });

  // Plans per join edition (one per year of the dates).
  const years = [...new Set(dates.map((d) => joinEditionFor(engine, d)))];
  const plans = new Map<number, PartnerPlan[]>();
  for (const ed of years) {
    const list: PartnerPlan[] = [];
    for (const p of kept) {
      const weights = await loadWeightSet("census-2024", { partner: p.code, cacheDir: opts.cacheDir });
      const agg = CENSUS_AGGREGATES[p.code];
      const origin = agg ? agg.resolveAs : (isoOfCensus(p.code) ?? "ZZ");
      const name = agg ? agg.name : (KNOWN_ORIGINS[origin]?.name ?? p.name ?? p.code);
      const join = joinWeightsToEdition(weights, ledger.catalog, ed);
      const program = ledger.preferences.find((pr) => pr.origins.includes(origin));
      const plan: PartnerPlan = { partner: p.code, origin, name: name, parts: [], unmatchedValue: join.unmatchedValue, totalValue: join.totalValue };
      if (!program || baseFacts[program.fact] !== undefined) {
        plan.parts.push({ facts: baseFacts, matched: join.matched });
      } else {
        const lineOf = (code: string): { general: string; special: string } | undefined => {
          const v = ledger.catalog.lines.get(code)?.find((x) => x.from <= ed && ed <= x.to);
          return v ? { general: v.general, special: v.special } : undefined;
        };
        const withLines = join.matched.map((m) => ({ m, line: lineOf(m.hts10) }));
        const fallback = partnerPreferenceShare(withLines.map((x) => ({ value: x.m.value, duty: x.m.duty, line: x.line })), program.indicators);
        const claimed: MatchedWeight[] = [];
        const rest: MatchedWeight[] = [];
        let claimedValue = 0;
        for (const { m, line } of withLines) {
          const s = line ? preferenceShareOfLine(m, line, program.indicators, fallback).share : 0;
          if (s > 0) claimed.push({ ...m, value: m.value * s, duty: m.duty * s });
          if (s < 1) rest.push({ ...m, value: m.value * (1 - s), duty: m.duty * (1 - s) });
          claimedValue += m.value * s;
        }
        plan.preferenceShare = join.totalValue > 0 ? claimedValue / (join.totalValue - join.unmatchedValue) : 0;
        plan.parts.push({ facts: { ...baseFacts, [program.fact]: true }, matched: claimed });
        plan.parts.push({ facts: { ...baseFacts, [program.fact]: false }, matched: rest });
      }
      list.push(plan);
    }
    plans.set(ed, list);
  }

  const days: AllPartnerDay[] = [];
  for (const date of dates) {
    const list = plans.get(joinEditionFor(engine, date))!;
    let grandValue = 0;
    let grandTotal = 0;
    let unmatched = 0;
    let totalValue = 0;
    let uncertainValue = 0;
    const byAuthority: Record<string, number> = {};
    const byOrigin: AllPartnerOrigin[] = [];
    for (const plan of list) {
      let value = 0;
      let total = 0;
      let coverage: "full" | "partial" = ledger.origins.full.includes(plan.origin) ? "full" : "partial";
      unmatched += plan.unmatchedValue;
      totalValue += plan.totalValue;
      for (const part of plan.parts) {
        for (const m of part.matched) {
          if (m.value <= 0) continue;
          let stack;
          try {
            stack = resolveLeafStack(ledger, index, m.hts10, plan.origin, date, part.facts, view);
          } catch {
            // A 2024 line joined to the year's basic edition but absent on the day: reported as unmatched.
            unmatched += m.value;
            continue;
          }
          value += m.value;
          total += m.value * stack.totalPercent;
          if (stack.uncertain.length > 0) uncertainValue += m.value;
          if (stack.coverage.level !== "full") coverage = "partial";
          for (const l of stack.lines) {
            if (l.refundable) continue;
            byAuthority[l.authority] = (byAuthority[l.authority] ?? 0) + m.value * l.effectivePercent;
          }
        }
      }
      grandValue += value;
      grandTotal += total;
      const o: AllPartnerOrigin = { partner: plan.partner, origin: plan.origin, name: plan.name, value, totalPercent: value > 0 ? r6(total / value) : 0, contributionPercent: total, coverage };
      if (plan.preferenceShare !== undefined) o.preferenceShare = r6(plan.preferenceShare);
      byOrigin.push(o);
    }
    const w = grandValue > 0 ? grandValue : 1;
    for (const o of byOrigin) o.contributionPercent = r6(o.contributionPercent / w);
    byOrigin.sort((a, b) => b.contributionPercent - a.contributionPercent);
    const auth: Record<string, number> = {};
    for (const [a, v] of Object.entries(byAuthority)) if (Math.abs(v / w) > 1e-9) auth[a] = r6(v / w);
    const totalPercent = r6(grandTotal / w);
    days.push({ date, totalPercent, additionalPercent: r6(totalPercent - (auth.base ?? 0)), byAuthority: auth, byOrigin, unmatchedValue: unmatched, totalValue, uncertainValue });
  }
  return { origin: "ALL", weights: "census-2024", view, days, leftOut, ledgerVersion: ledger.version };
}
