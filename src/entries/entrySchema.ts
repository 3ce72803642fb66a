import { InputError } from "../common/errors.js";
import { isLegalDay, type LegalDay } from "../common/legalDate.js";
import { KNOWN_ORIGINS } from "../common/country.js";
import { checkEntryFacts, type EntryFacts } from "../engine/entryFacts.js";
import { factsKey } from "../analytics/lineHistoryCache.js";

/**
 * The entry-line schema: one row per entry summary line (CBP Form 7501 line), the columns a refund or pricing run needs.
 * Column names are the canonical snake_case names below; a column mapping (`ColumnMapping`) renames a broker's or
 * ACE's headers to them. Every check names the column; the reader adds the row.
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

/** A clean entry line, as the reader writes it for the SQL stage. Money is kept as the decimal text given (to the cent). */
export interface EntryLine {
  row: number;
  entryNumber: string;
  entryType: string;
  entryDate: LegalDay;
  summaryDate: LegalDay | "";
  depositDate: LegalDay;
  lineNumber: number;
  hts10: string;
  origin: string;
  enteredValue: string;
  quantity: string;
  dutyPaid: string;
  declared: string;
  liquidationStatus: string;
  liquidationDate: LegalDay | "";
  protestStatus: string;
  adcvd: boolean;
  adcvdInstructions: boolean;
  suretyPaid: boolean;
  reconciliation: boolean;
  drawback: boolean;
  ieepaValueReported: boolean;
  importerKind: string;
  factsKey: string;
}

/** Field problem: the column and why. */
export class RowProblem extends Error {
  constructor(
    readonly column: string,
    readonly reason: string,
  ) {
    super(`column ${column}: ${reason}`);
  }
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** ISO `YYYY-MM-DD`, ACE's `MM/DD/YYYY` or `YYYYMMDD`. */
export function parseEntryDate(raw: string, column: string): LegalDay {
  const s = raw.trim();
  let iso = s;
  let m = US_DATE.exec(s);
  if (m) iso = `${m[3]}-${m[1]!.padStart(2, "0")}-${m[2]!.padStart(2, "0")}`;
  else if ((m = COMPACT_DATE.exec(s))) iso = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isLegalDay(iso)) throw new RowProblem(column, `"${clip(raw)}" is not a date (YYYY-MM-DD or MM/DD/YYYY)`);
  return iso;
}

const MONEY = /^-?\d{1,15}(\.\d{1,2})?$/;

/** A dollar amount to the cent: `1234.5`, `$1,234.50`. Negative, more than 2 decimals or beyond `max`: a problem. */
export function parseMoney(raw: string, column: string, max = MAX_LINE_VALUE): string {
  const s = raw.trim().replace(/^\$/, "").replace(/,/g, "");
  if (!MONEY.test(s)) throw new RowProblem(column, `"${clip(raw)}" is not an amount in dollars to the cent`);
  if (s.startsWith("-")) throw new RowProblem(column, `${s} is negative`);
  if (Number(s) > max) throw new RowProblem(column, `${s} is beyond ${max.toLocaleString("en-US")} USD for one line: not a plausible value`);
  const [whole, frac = ""] = s.split(".");
  return `${BigInt(whole!)}.${frac.padEnd(2, "0")}`;
}

const TRUE = new Set(["true", "yes", "y", "1", "x"]);
const FALSE = new Set(["false", "no", "n", "0", ""]);

export function parseBool(raw: string, column: string): boolean {
  const s = raw.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new RowProblem(column, `"${clip(raw)}" is not true/false (Y/N, 1/0)`);
}

const ENTRY_NUMBER = /^[A-Z0-9]{3}-?\d{7}-?\d$/;

/** The entry number in its 11-character form (dashes removed). */
export function parseEntryNumber(raw: string, column: string): string {
  const s = raw.trim().toUpperCase();
  if (!ENTRY_NUMBER.test(s)) throw new RowProblem(column, `"${clip(raw)}" is not an entry number (filer code, 7 digits, check digit: e.g. ABC-1234567-8)`);
  return s.replace(/-/g, "");
}

const HEADING = /^(base|99\d{2}\.?\d{2}\.?\d{2})$/;

/** `9903.88.03=3543.00;9903.82.02=7086.00` → normalized `9903.88.03=3543.00;…` (headings dotted, amounts to the cent). */
export function parseDeclared(raw: string, column: string): string {
  const s = raw.trim();
  if (s === "") return "";
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const part of s.split(/[;|]/)) {
    const p = part.trim();
    if (p === "") continue;
    const eq = p.indexOf("=");
    if (eq <= 0) throw new RowProblem(column, `"${clip(p)}" should be heading=amount (e.g. 9903.88.03=3543.00)`);
    const h = p.slice(0, eq).trim().toLowerCase();
    if (!HEADING.test(h)) throw new RowProblem(column, `"${clip(h)}" is not a Chapter 99 heading (9903.xx.xx) or "base"`);
    const heading = h === "base" ? "base" : `${h.replace(/\./g, "").slice(0, 4)}.${h.replace(/\./g, "").slice(4, 6)}.${h.replace(/\./g, "").slice(6, 8)}`;
    if (seen.has(heading)) throw new RowProblem(column, `heading ${heading} is declared twice`);
    seen.add(heading);
    parts.push(`${heading}=${parseMoney(p.slice(eq + 1), column)}`);
  }
  return parts.join(";");
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** What the reader needs to know of the ledger to check a row: its coverage and its statistical lines. */
export interface RowContext {
  coverage: { from: LegalDay; to: LegalDay };
  knownLine: (hts10: string) => boolean;
}

/** Check one row (canonical column → text) and return the clean line, or throw a `RowProblem` naming the column. */
export function checkEntryRow(row: number, get: (column: string) => string, ctx: RowContext): EntryLine {
  const entryNumber = parseEntryNumber(get("entry_number"), "entry_number");
  const entryType = get("entry_type").trim().padStart(2, "0");
  if (!/^\d{2}$/.test(entryType)) throw new RowProblem("entry_type", `"${clip(get("entry_type"))}" is not a 2-digit entry type code`);
  const entryDate = parseEntryDate(get("entry_date"), "entry_date");
  if (entryDate < ctx.coverage.from || entryDate > ctx.coverage.to) {
    throw new RowProblem("entry_date", `${entryDate} is outside the ledger's coverage (${ctx.coverage.from} to ${ctx.coverage.to})`);
  }
  const summaryRaw = get("entry_summary_date");
  const summaryDate = summaryRaw.trim() === "" ? "" : parseEntryDate(summaryRaw, "entry_summary_date");
  if (summaryDate !== "" && summaryDate < entryDate) throw new RowProblem("entry_summary_date", `${summaryDate} is before the entry date ${entryDate}`);
  const depositRaw = get("deposit_date");
  const depositDate = depositRaw.trim() === "" ? summaryDate || entryDate : parseEntryDate(depositRaw, "deposit_date");
  const lineRaw = get("line_number").trim();
  if (!/^\d{1,4}$/.test(lineRaw) || Number(lineRaw) < 1) throw new RowProblem("line_number", `"${clip(lineRaw)}" is not a line number (1–9999)`);
  const hts10 = get("hts10").trim().replace(/[.\s]/g, "");
  if (!/^\d{10}$/.test(hts10)) throw new RowProblem("hts10", `"${clip(get("hts10"))}" is not a 10-digit HTS statistical number`);
  if (hts10.startsWith("98") || hts10.startsWith("99")) throw new RowProblem("hts10", `${hts10} is a Chapter ${hts10.slice(0, 2)} provision: give the goods' own Chapter 1–97 number (and chapter98=true)`);
  if (!ctx.knownLine(hts10)) throw new RowProblem("hts10", `${hts10} is not a statistical line of any HTS edition the ledger holds`);
  const origin = get("country_of_origin").trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(origin) || !KNOWN_ORIGINS[origin]) throw new RowProblem("country_of_origin", `"${clip(get("country_of_origin"))}" is not a known ISO country code`);
  const enteredValue = parseMoney(get("entered_value"), "entered_value");
  const qRaw = get("quantity").trim().replace(/,/g, "");
  if (qRaw !== "" && !(Number.isFinite(Number(qRaw)) && Number(qRaw) >= 0)) throw new RowProblem("quantity", `"${clip(qRaw)}" is not a non-negative number`);
  const dutyRaw = get("duty_paid");
  const dutyPaid = dutyRaw.trim() === "" ? "" : parseMoney(dutyRaw, "duty_paid");
  const declared = parseDeclared(get("declared_ch99"), "declared_ch99");
  const liquidationStatus = enumValue(get("liquidation_status"), "liquidation_status", LIQUIDATION_STATUSES, "unliquidated");
  const liqRaw = get("liquidation_date");
  const liquidationDate = liqRaw.trim() === "" ? "" : parseEntryDate(liqRaw, "liquidation_date");
  if (liquidationStatus === "liquidated" && liquidationDate === "") throw new RowProblem("liquidation_date", "a liquidated entry needs its liquidation date");
  if (liquidationDate !== "" && liquidationDate < entryDate) throw new RowProblem("liquidation_date", `${liquidationDate} is before the entry date ${entryDate}`);
  const protestStatus = enumValue(get("protest_status"), "protest_status", PROTEST_STATUSES, "none");
  const importerKind = enumValue(get("importer_kind"), "importer_kind", ["corporate", "non-corporate"], "");
  const facts: Record<string, unknown> = {};
  for (const c of ENTRY_COLUMNS) {
    if (!c.fact) continue;
    const v = get(c.name).trim();
    if (v === "") continue;
    facts[c.fact] = c.kind === "list" ? v.split("|") : c.kind === "date" ? parseEntryDate(v, c.name) : v;
  }
  let checked: EntryFacts;
  try {
    checked = checkEntryFacts(facts);
  } catch (e) {
    const col = ENTRY_COLUMNS.find((c) => c.fact && (e as Error).message.includes(c.fact))?.name ?? "facts";
    throw new RowProblem(col, (e as Error).message);
  }
  return {
    row,
    entryNumber,
    entryType,
    entryDate,
    summaryDate,
    depositDate,
    lineNumber: Number(lineRaw),
    hts10,
    origin,
    enteredValue,
    quantity: qRaw,
    dutyPaid,
    declared,
    liquidationStatus,
    liquidationDate,
    protestStatus,
    adcvd: parseBool(get("adcvd"), "adcvd"),
    adcvdInstructions: parseBool(get("adcvd_instructions_issued"), "adcvd_instructions_issued"),
    suretyPaid: parseBool(get("surety_paid"), "surety_paid"),
    reconciliation: parseBool(get("reconciliation_flag"), "reconciliation_flag"),
    drawback: parseBool(get("drawback_flag"), "drawback_flag"),
    ieepaValueReported: parseBool(get("ieepa_value_reported"), "ieepa_value_reported"),
    importerKind,
    factsKey: Object.keys(checked).length === 0 ? "{}" : factsKey(checked),
  };
}

function enumValue(raw: string, column: string, values: readonly string[], dflt: string): string {
  const s = raw.trim().toLowerCase().replace(/[\s_]+/g, "-");
  if (s === "") return dflt;
  if (!values.includes(s)) throw new RowProblem(column, `"${clip(raw)}" is not one of ${values.join(", ")}`);
  return s;
}

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
