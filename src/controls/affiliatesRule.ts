import { InputError } from "../common/errors.js";
import { checkDay, inWindow, type ControlLedger, type ControlMeasure } from "./controlLedger.js";
import { knownFirm, round, type OwnershipGraph } from "./ownership.js";
import type { Screener } from "./screening.js";

/**
 * The BIS Affiliates Rule (90 FR 47201) applied to a user's ownership file, for a date. The rule's states (in force,
 * suspended, after the suspension) are measures of `ledger/us/controls/affiliates-rule.yaml`; nothing here knows a date.
 *
 * The ownership test implemented: a firm is reached when parties on the Entity List own 50% or more of it
 * "individually or in the aggregate, directly or indirectly". Aggregation follows the way OFAC applies its 50% rule,
 * which BIS took as its model: the shares of every listed owner are added; a firm that meets the test is itself treated
 * as a listed party, so its own holdings count in full toward the firms it owns (indirect ownership through a chain);
 * a holding by a firm that does not meet the test counts for nothing (shares are not multiplied along a chain).
 * Computed as a fixed point, so cross-holdings (cycles) terminate and the order of rows does not matter.
 *
 * Whether an owner is listed: a screening match of score ≥ `LISTED_SCORE` against the Entity List on the date (the
 * entry's start date on or before it), or the file's own `listed` column.
 */

/** Lowest screening score taken as "this owner is the listed party". */
export const LISTED_SCORE = 0.95;

export const AGGREGATION_RULE =
  "OFAC-style: shares of all listed owners added; a firm meeting the test counts as listed for the firms it owns; holdings of firms below the test do not count; no multiplication along chains";

export interface ListingEvidence {
  how: "screened" | "stated";
  entry: string | null;
  score: number | null;
  federalRegisterNotices: string[];
  startDate: string | null;
  note: string | null;
}

export interface Contribution {
  owner: string;
  share: number;
  as: "listed" | "affiliate";
  line: number;
}

export interface FirmAssessment {
  firm: string;
  listed: ListingEvidence | null;
  /** Percent owned by listed parties and by firms that meet the test themselves. */
  aggregateListedShare: number;
  largestSingleShare: number;
  contributions: Contribution[];
  ownershipTestMet: boolean;
  /** The test is met only by adding owners (no single listed or affiliate owner holds the threshold). */
  onlyInAggregate: boolean;
  /** The rule reaches the firm on the date (in force, test met, not listed itself). */
  reached: boolean;
  why: string;
}

export interface AffiliatesAssessment {
  date: string;
  rule: {
    state: string | null;
    status: ControlMeasure["status"] | "not-yet-in-force";
    instrument: string | null;
    threshold: number;
    uncertain: string | null;
  };
  ruleApplies: boolean;
  aggregation: string;
  ownershipFile: string;
  firms: FirmAssessment[];
  warnings: string[];
}

/** The rule's measures, in date order; an error if the ledger has none. */
export function affiliatesRuleStates(ledger: ControlLedger): ControlMeasure[] {
  const states = ledger.measures.filter((m) => m.issuer === "US" && m.kind === "ownership-rule").sort((a, b) => a.window.from.localeCompare(b.window.from));
  if (states.length === 0) throw new InputError("NO_RULE", "ledger", "ledger/us/controls/ has no ownership-rule measure (the Affiliates Rule)");
  return states;
}

function listingOf(graph: OwnershipGraph, firm: string, screener: Screener, date: string): ListingEvidence | null {
  if (graph.statedListed.has(firm)) {
    return { how: "stated", entry: null, score: null, federalRegisterNotices: [], startDate: null, note: "the ownership file says this owner is listed" };
  }
  let result;
  try {
    result = screener.screen(firm, { minScore: LISTED_SCORE, limit: 1 });
  } catch {
    return null;
  }
  const m = result.matches[0];
  if (!m) return null;
  const dated = /^\d{4}-\d{2}-\d{2}$/.test(m.startDate);
  if (dated && m.startDate > date) return null;
  return {
    how: "screened",
    entry: m.name,
    score: m.score,
    federalRegisterNotices: m.federalRegisterNotices,
    startDate: m.startDate,
    note: dated ? null : `the entry's start date is "${m.startDate}": taken as listed on ${date}`,
  };
}

/** Assess every firm of the ownership file (or the ones named) on `date`. */
export function assessAffiliates(
  graph: OwnershipGraph,
  screener: Screener,
  ledger: ControlLedger,
  date: string,
  firms?: readonly string[],
): AffiliatesAssessment {
  checkDay(date, "date");
  const wanted = firms?.map((f) => knownFirm(graph, f));
  const states = affiliatesRuleStates(ledger);
  const state = states.find((s) => inWindow(s, date)) ?? null;
  const threshold = (state?.threshold ?? states.find((s) => s.threshold !== undefined)?.threshold) ?? 50;
  const ruleApplies = state?.status === "in-force";

  const listed = new Map<string, ListingEvidence>();
  for (const f of graph.firms) {
    const ev = listingOf(graph, f, screener, date);
    if (ev) listed.set(f, ev);
  }
  const owners = new Map<string, typeof graph.holdings>();
  for (const h of graph.holdings) owners.set(h.owned, [...(owners.get(h.owned) ?? []), h]);
  const affiliate = new Set<string>();
  const share = (firm: string): number =>
    (owners.get(firm) ?? []).filter((h) => listed.has(h.owner) || affiliate.has(h.owner)).reduce((s, h) => s + h.share, 0);
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of graph.firms) {
      if (listed.has(f) || affiliate.has(f)) continue;
      if (share(f) >= threshold - 1e-9) {
        affiliate.add(f);
        changed = true;
      }
    }
  }
  const assessed = (wanted ?? graph.firms).map((firm): FirmAssessment => {
    const contributions: Contribution[] = (owners.get(firm) ?? [])
      .filter((h) => listed.has(h.owner) || affiliate.has(h.owner))
      .map((h) => ({ owner: h.owner, share: round(h.share), as: listed.has(h.owner) ? ("listed" as const) : ("affiliate" as const), line: h.line }))
      .sort((a, b) => b.share - a.share);
    const agg = round(contributions.reduce((s, c) => s + c.share, 0));
    const largest = contributions[0]?.share ?? 0;
    const met = agg >= threshold;
    const isListed = listed.get(firm) ?? null;
    const reached = ruleApplies && met && !isListed;
    let why: string;
    if (isListed) why = `listed itself${isListed.entry ? ` (${isListed.entry})` : ""}: the Entity List entry applies, not the Affiliates Rule`;
    else if (!met) why = `${agg}% owned by listed parties and their affiliates, under ${threshold}%`;
    else if (!ruleApplies) {
      why = `${agg}% owned by listed parties${largest < threshold ? " in the aggregate" : ""}, but on ${date} the rule is ${state ? `${state.status} (${state.instrument.split(" (")[0]})` : "not yet in force"}`;
    } else why = `${agg}% owned by listed parties${largest < threshold ? ` in the aggregate (largest single holding ${largest}%)` : ""}: reached (${state!.instrument.split(" (")[0]})`;
    return {
      firm,
      listed: isListed,
      aggregateListedShare: agg,
      largestSingleShare: largest,
      contributions,
      ownershipTestMet: met,
      onlyInAggregate: met && largest < threshold,
      reached,
      why,
    };
  });
  return {
    date,
    rule: {
      state: state?.id ?? null,
      status: state?.status ?? "not-yet-in-force",
      instrument: state?.instrument ?? null,
      threshold,
      uncertain: state?.uncertain ?? null,
    },
    ruleApplies,
    aggregation: AGGREGATION_RULE,
    ownershipFile: graph.file,
    firms: assessed,
    warnings: graph.warnings,
  };
}
