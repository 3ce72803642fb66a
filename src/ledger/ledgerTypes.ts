import type { LegalDay } from "../common/legalDate.js";
import type { HtsCatalog, LineVersion } from "../schedule/htsCatalog.js";
import type { Authority, Measure } from "./measureSchema.js";
import type { PrecedenceTable } from "./precedence.js";
import type { UseDefault } from "./useDefaults.js";
import type { PreferenceProgram } from "./preferencePrograms.js";
import type { Column2Origins } from "./column2Origins.js";
import type { AuthorityInfo } from "./issuerRegistry.js";
import type { BaseSchedulePeriod } from "./baseSchedules.js";
import type { PriorBaseTable } from "../schedule/priorBase.js";

/** A measure ready for the engine: its product lists resolved to prefix sets (stored as sorted code arrays). */
export interface LedgerMeasure extends Measure {
  /** The issuer whose ledger folder the measure is in. */
  issuer: string;
  /** Index in `Ledger.measures`. */
  index: number;
  /** Printed codes covered (union of `products.codes` and every list in `products.lists`), digits. */
  includeCodes: string[];
  /** Printed codes left out, digits. */
  excludeCodes: string[];
  /** Which list (or the codes field) each included code came from, for provenance: code → list id. */
  codeOrigin: Record<string, string>;
}

/** Which origins the ledger covers fully, and what is missing for the others. */
export interface OriginCoverage {
  full: string[];
  /** Authorities with country-specific measures not modelled for origins outside `full`. */
  missingElsewhere: { authority: Authority | string; what: string }[];
  /** Origins with their own list of what is missing (instead of `missingElsewhere`). */
  missingFor?: Record<string, { authority: Authority | string; what: string }[]>;
  /**
   * Found at compile time, in addition to the lists above: the product lists registered empty (their text not in the
   * mirror) that a country-specific measure naming the origin uses, and the groups of unmodelled-headings.yaml that
   * name the origin (country headings deliberately not modelled).
   */
  missingFromLedger?: Record<string, { authority: Authority | string; what: string }[]>;
}

/** A legal view of the ledger (views.yaml), e.g. "collected" (as customs charged) or "adjudicated" (measures held void). */
export interface LedgerView {
  id: string;
  /** The view answers use when none is asked for. */
  default: boolean;
  /** A short name for menus. */
  label: string;
  description: string;
  /** Authorities void from the start in this view (their duties become refundable lines). */
  voidAuthorities: Authority[];
  ruling?: { title: string; date: LegalDay; url: string; file: string };
}

/** The compiled US ledger: everything the engine needs, plain data (cacheable). */
export interface Ledger {
  /** The issuing country (the ledger folder's issuer.yaml). */
  issuer: string;
  /** The issuer's authorities: label, colour, combination rule (issuer.yaml). */
  authorities: AuthorityInfo[];
  /** Content hash of every source and ledger file that went into it. */
  version: string;
  /** First and last legal day the ledger answers for. */
  coverage: { from: LegalDay; to: LegalDay };
  /** The day the curated events were last reviewed (coverage.yaml `asOf`); later dates rest on announced measures. */
  reviewedThrough: LegalDay;
  catalog: HtsCatalog;
  /** Legal day from which each catalog edition's product facts (base rates, footnotes) apply, by edition index. */
  editionStarts: LegalDay[];
  measures: LedgerMeasure[];
  precedence: PrecedenceTable;
  views: LedgerView[];
  origins: OriginCoverage;
  /**
   * What the ledger does not model for an authority on the days [from, to) (coverage.yaml `notModelled`), e.g. the
   * 2018–2024 Section 301 product exclusions: a stack with a duty of that authority on such a day says so in a note.
   */
  notModelled?: { authority: string; origins: string[]; from: LegalDay; to: LegalDay; what: string }[];
  /** Instruments that ended whole authorities on a day (ledger/us/terminations.yaml). */
  terminations: { id: string; date: LegalDay; authorities: string[]; instrument: { id: string; title: string; url: string } }[];
  /** Names of the scenarios applied to this ledger (absent for the compiled baseline). */
  scenarios?: string[];
  /** Per-line defaults of use-based entry facts (ledger/us/use-defaults.yaml). */
  useDefaults: UseDefault[];
  /** Which schedule gives the base rate on a day (base-schedules.yaml); absent: the edition in force on every day. */
  baseSchedules?: BaseSchedulePeriod[];
  /** Base rates of the tariff-database period placed on the catalog's HS 2022 lines (src/schedule/priorBase.ts). */
  priorBase?: PriorBaseTable;
  /** Preference programs of column 1 Special that an entry fact can claim (ledger/us/preferences.yaml). */
  preferences: PreferenceProgram[];
  /** The origins that pay column 2 rates (ledger/us/column2.yaml), if the issuer has such a rule. */
  column2?: Column2Origins;
  /** Compile-time cross-checks of curated measures against the editions (printed rates, headings present). */
  checks: { measure: string; ok: boolean; message: string }[];
}

/** The facts of one statistical line in the edition in force. */
export type LineFacts = LineVersion;
