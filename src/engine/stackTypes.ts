import type { LegalDay } from "../common/legalDate.js";
import type { Authority, SourceRef } from "../ledger/measureSchema.js";
import type { EntryFacts } from "./entryFacts.js";

/** The id of a legal view of the ledger (views.yaml), e.g. "collected" or "adjudicated". */
export type LegalViewId = string;

/** What part of the customs value a line's rate is charged on. */
export type ValueBase = "full" | "metal-content" | "non-metal-content" | "non-us-content";

/** One line of a duty stack: a base rate, a duty layer or a 0% exemption heading a filer declares. */
export interface StackLine {
  /** The heading to declare (dotted Chapter 99 heading) or, for the base line, the legal rate line. */
  heading: string;
  authority: Authority;
  /** Finer label: "mfn", "232-autos", "301-list-3", "fentanyl-china"… */
  program: string;
  role: "base" | "duty" | "exemption";
  /** The rate as stated (e.g. 50 for "+50%"), in percent; null when the stated rate is not ad valorem. */
  ratePercent: number | null;
  /** The rate as printed or curated, human readable. */
  rateText: string;
  valueBase: ValueBase;
  /** Share of the customs value the rate is charged on (1 = full value). */
  valueShare: number;
  /** Contribution to the total, in percent of the full customs value: ratePercent × valueShare. */
  effectivePercent: number;
  /** Duty in dollars on the entered value, rounded to the cent (when a value is given). */
  amount?: number;
  instrument: { id: string; title: string; url: string } | null;
  window: { from: LegalDay; to?: LegalDay };
  status: "in-force" | "suspended" | "void" | "announced";
  /** In the adjudicated view: a duty that was collected but is void in law; it is not in the total. */
  refundable?: boolean;
  measureId?: string;
  sources: (SourceRef | { edition: string; file: string; row: number })[];
  uncertain?: string;
  note?: string;
}

export interface NeededFact {
  fact: keyof EntryFacts | "quantity";
  why: string;
  defaultUsed: string;
}

/** The answer for one statistical line, origin and legal day. */
export interface Stack {
  hts: string;
  description: string;
  legalLine: string;
  origin: string;
  date: LegalDay;
  view: LegalViewId;
  /** The HTS edition whose product facts (base rate, footnotes) apply on the date. */
  edition: string;
  lines: StackLine[];
  /** Base plus every layer, in percent of the full customs value. */
  totalPercent: number;
  /** Total minus the base. */
  additionalPercent: number;
  /** Sum of the line amounts (when a value is given). */
  totalAmount?: number;
  /** In the adjudicated view: what was collected under measures void in law. */
  refundablePercent: number;
  refundableAmount?: number;
  needsFacts: NeededFact[];
  uncertain: { measure: string; heading: string; reason: string }[];
  coverage: { level: "full" | "partial"; missing: string[] };
  /** True when the date is after the day the ledger was last reviewed: the answer rests on measures as announced then. */
  announced: boolean;
  notes: string[];
  ledgerVersion: string;
}

/** An 8-digit (or shorter) request: one stack when every statistical line shares it, else one per group of lines. */
export type StackResult =
  | { kind: "single"; stack: Stack; statisticalLines: string[] }
  | { kind: "split"; code: string; variants: { codes: string[]; stack: Stack }[] };

export interface StackRequest {
  hts: string;
  origin: string;
  date: LegalDay;
  facts?: EntryFacts;
  view?: LegalViewId;
}
