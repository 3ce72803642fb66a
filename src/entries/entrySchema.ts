import { InputError } from "../common/errors.js";
import type { EntryFacts } from "../engine/entryFacts.js";

/**
 * The entry-line schema: one row per entry summary line (CBP Form 7501 line), the columns a refund or pricing run needs.
 * Column names are the canonical snake_case names below; a column mapping (`ColumnMapping`) renames a broker's or
 * ACE's headers to them. The row checks are SQL (`entryChecks.ts`): each names the column; the reader adds the row.
 */

export type ColumnKind = "text" | "entryNumber" | "entryType" | "date" | "int" | "hts10" | "origin" | "money" | "number" | "bool" | "declared" | "enum" | "share" | "list";

export interface ColumnSpec {
  name: string;
  required: boolean;
  kind: ColumnKind;
  meaning: string;
  /** For enum columns: the accepted values (lower case). */
  values?: readonly string[];
  /** The entry fact this column feeds (engine facts: `src/engine/entryFacts.ts`). */
  fact?: keyof EntryFacts;
}

export const LIQUIDATION_STATUSES = ["unliquidated", "liquidated", "open", "closed", "suspended", "extended", "under-review"] as const;
export const PROTEST_STATUSES = ["none", "open", "suspended", "closed", "denied", "allowed"] as const;

export const ENTRY_COLUMNS: readonly ColumnSpec[] = [
  { name: "entry_number", required: true, kind: "entryNumber", meaning: "entry number: filer code (3 characters) + 7 digits + check digit, dashes optional (7501 box 1)" },
  { name: "entry_type", required: true, kind: "entryType", meaning: "entry type code, 2 digits (7501 box 2: 01 consumption, 03 AD/CVD, 06 FTZ, 08 USMCA duty deferral, 09 reconciliation, 11 informal, 21/22 warehouse, 23 TIB, 47 drawback, …)" },
  { name: "entry_date", required: true, kind: "date", meaning: "entry date (7501 box 7): the date that selects the duty rates (19 CFR 141.69)" },
  { name: "entry_summary_date", required: false, kind: "date", meaning: "entry summary date (7501 box 3); the deposit date when deposit_date is absent" },
  { name: "deposit_date", required: false, kind: "date", meaning: "date the estimated duties were deposited (periodic monthly statement: the statement payment date); default entry_summary_date, else entry_date" },
  { name: "line_number", required: true, kind: "int", meaning: "entry summary line number (7501 column 27)" },
  { name: "hts10", required: true, kind: "hts10", meaning: "HTSUS statistical number of the goods, 10 digits, dots optional (7501 column 29; not a Chapter 99 heading)" },
  { name: "country_of_origin", required: true, kind: "origin", meaning: "country of origin, ISO 3166 alpha-2 (7501 box 10 / line)" },
  { name: "entered_value", required: true, kind: "money", meaning: "entered (customs) value of the line in US dollars (7501 column 32A)" },
  { name: "quantity", required: false, kind: "number", meaning: "net quantity in the HTS unit (7501 column 31); needed for specific rates" },
  { name: "declared_ch99", required: false, kind: "declared", meaning: "Chapter 99 headings declared on the line with the duty declared for each: `9903.88.03=3543.00;9903.82.02=7086.00` (the base line may be given as `base=410.99`)" },
  { name: "duty_paid", required: false, kind: "money", meaning: "total duty paid on the line, US dollars (7501 column 34)" },
  { name: "liquidation_status", required: false, kind: "enum", values: LIQUIDATION_STATUSES, meaning: "ACE liquidation status; default unliquidated" },
  { name: "liquidation_date", required: false, kind: "date", meaning: "liquidation (or reliquidation) date when liquidated" },
  { name: "protest_status", required: false, kind: "enum", values: PROTEST_STATUSES, meaning: "protest status of the entry summary; default none" },
  { name: "adcvd", required: false, kind: "bool", meaning: "the entry summary is subject to AD/CVD (default false)" },
  { name: "adcvd_instructions_issued", required: false, kind: "bool", meaning: "Commerce has issued liquidation instructions for the AD/CVD case (default false)" },
  { name: "surety_paid", required: false, kind: "bool", meaning: "a surety paid the IEEPA duties in whole or in part (default false)" },
  { name: "reconciliation_flag", required: false, kind: "bool", meaning: "the entry summary is flagged for reconciliation (default false)" },
  { name: "drawback_flag", required: false, kind: "bool", meaning: "the entry summary is associated with a drawback entry (default false)" },
  { name: "ieepa_value_reported", required: false, kind: "bool", meaning: "the goods value was reported on the IEEPA Chapter 99 line instead of the Chapter 1–97 line (default false)" },
  { name: "importer_kind", required: false, kind: "enum", values: ["corporate", "non-corporate"], meaning: "importer of record is a corporation (26 U.S.C. 6621(a)(1) rate: +2 points) or not (+3 points); default: the run's option" },
  { name: "steel_share", required: false, kind: "share", fact: "steelShare", meaning: "engine fact steelShare (0–1)" },
  { name: "aluminum_share", required: false, kind: "share", fact: "aluminumShare", meaning: "engine fact aluminumShare (0–1)" },
  { name: "copper_share", required: false, kind: "share", fact: "copperShare", meaning: "engine fact copperShare (0–1)" },
  { name: "metal_weight_share", required: false, kind: "share", fact: "metalWeightShare", meaning: "engine fact metalWeightShare (0–1)" },
  { name: "us_content_share", required: false, kind: "share", fact: "usContentShare", meaning: "engine fact usContentShare (0–1)" },
  { name: "loaded_on_vessel", required: false, kind: "date", fact: "loadedOnVessel", meaning: "engine fact loadedOnVessel (date)" },
  { name: "chapter98", required: false, kind: "bool", fact: "chapter98", meaning: "engine fact chapter98" },
  { name: "s301_exclusion_claimed", required: false, kind: "bool", fact: "s301ExclusionClaimed", meaning: "engine fact s301ExclusionClaimed" },
  { name: "passenger_vehicle_part", required: false, kind: "bool", fact: "passengerVehiclePart", meaning: "engine fact passengerVehiclePart" },
  { name: "certifications", required: false, kind: "list", fact: "certifications", meaning: "engine fact certifications (names separated by `|`)" },
];

/** Largest entered value accepted for one line (USD): above it the value is taken as a keying error, not a shipment. */
export const MAX_LINE_VALUE = 10_000_000_000;

/** A header → canonical column mapping (e.g. the ACE entry-summary line report: manifest/entry-mappings/). */
export type ColumnMapping = Record<string, string>;

/** Map a file's headers to canonical columns; unknown headers are listed (ignored, reported), missing required ones refuse the file. */
export function mapHeaders(headers: string[], mapping: ColumnMapping = {}): { index: Map<string, number>; ignored: string[] } {
  const lower = new Map(Object.entries(mapping).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const canonical = new Set(ENTRY_COLUMNS.map((c) => c.name));
  const index = new Map<string, number>();
  const ignored: string[] = [];
  headers.forEach((h, i) => {
    const key = h.trim().replace(/^\ufeff/, "");
    const name = lower.get(key.toLowerCase()) ?? key.toLowerCase();
    if (!canonical.has(name)) {
      ignored.push(key);
      return;
    }
    if (index.has(name)) throw new InputError("BAD_HEADER", `header column ${i + 1}`, `"${key}" maps to ${name}, which column ${index.get(name)! + 1} already gives`);
    index.set(name, i);
  });
  const missing = ENTRY_COLUMNS.filter((c) => c.required && !index.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw new InputError(
      "BAD_HEADER",
      "header",
      `required column(s) missing: ${missing.join(", ")} (found: ${headers.slice(0, 30).map((h) => `"${clip(h)}"`).join(", ")}); give a column mapping for other layouts`,
    );
  }
  return { index, ignored };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
