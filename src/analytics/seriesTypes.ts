import type { LegalDay } from "../common/legalDate.js";
import type { LegalViewId } from "../engine/stackTypes.js";

/** Options of the trade-weighted average series (`tariffscope average`, GET /api/average). */
export interface AverageOptions {
  /** Origin (ISO code), e.g. "CN". */
  origin: string;
  from: LegalDay;
  /** Last day included. */
  to: LegalDay;
  /** Weight set name: "census-2024" (default), "approx-2017" or "comtrade-<year>" (2015–2025). See `WEIGHT_SETS`. */
  weights?: string;
  view?: LegalViewId;
  /**
   * Entry facts assumed for every line (documented defaults otherwise, see src/engine/entryFacts.ts): e.g.
   * `{ steelShare: 0.5 }` charges content-based 232 duties on half the value instead of all of it.
   */
  facts?: import("../engine/entryFacts.js").EntryFacts;
}

/** One day of the series. Percentages are of customs value. `byAuthority` sums to `additionalPercent` + base. */
export interface AverageRow {
  date: LegalDay;
  /** Trade-weighted average total duty (base + every layer). */
  totalPercent: number;
  /** Total minus the base (MFN). */
  additionalPercent: number;
  /** Contribution of each authority to `totalPercent` ("base", "s301", "s232", "ieepa-fentanyl", …). */
  byAuthority: Record<string, number>;
  /** Share of import value facing any additional duty. */
  coveragePercent: number;
  /** Unweighted mean of the line totals. */
  simplePercent: number;
  /** Lines whose stack needs entry facts / rests on an uncertain fact, on that day. */
  needsFactsLines: number;
  uncertainLines: number;
}

/** A day on which the average changes, with the instruments that changed it. */
export interface AverageStep {
  date: LegalDay;
  totalPercent: number;
  deltaPercent: number;
  byAuthorityDelta: Record<string, number>;
  instruments: { id: string; title: string; url: string }[];
}

export interface AverageSeries {
  origin: string;
  weights: string;
  view: LegalViewId;
  rows: AverageRow[];
  steps: AverageStep[];
  /** Import value the weights could not place on a line of the edition (reported, never dropped silently). */
  unmatchedValue: number;
  totalValue: number;
  /**
   * HS-6 weight sets (`comtrade-<year>`) only: the year's import value that could not be placed on any 2024 line before
   * the edition join (Comtrade's 999999, codes the concordance does not carry), with the largest codes. Not in
   * `totalValue`.
   */
  weightsUnplaced?: {
    value: number;
    /** value ÷ the year's file total. */
    share: number;
    codes: { hs6: string; value: number; reason: string }[];
  };
  /**
   * When the range has days whose base rate is read from an earlier tariff database (ledger/us/base-schedules.yaml):
   * the import value on lines the concordance cannot place on a line of that schedule (no base rate on those days:
   * reported here and as uncertain lines, never counted as free), and on lines placed with differing candidate rates.
   * Values are of the weight set, summed once per line over the segments that overlap those days.
   */
  priorBase?: {
    periods: { from: LegalDay; to: LegalDay; dataset: string }[];
    unplacedValue: number;
    unplacedLines: number;
    uncertainValue: number;
    codes: { hts8: string; value: number; reason: string }[];
  };
  ledgerVersion: string;
  /** Names of the scenarios applied to the ledger the series was computed on (empty for the baseline). */
  scenarios: string[];
  /** The issuer's authorities (issuer.yaml) in stacking order, with the label and colour every front end uses. */
  authorities: { id: string; label: string; colour: string }[];
}
