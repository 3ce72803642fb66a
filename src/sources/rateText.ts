/**
 * The HTS rate-text grammar: turns the `general` and `other` column texts of a USITC HTS JSON row into a typed
 * expression (see docs/us-duty-stacking.md §1.3 for chapters 01–97 and §1.4 for Chapter 99).
 *
 * The parser is total: it never throws, and text it does not understand comes out as `unclassified`, never as a
 * zero or free rate. Every result keeps the raw input in `text`.
 */

/** Options of {@link parseRateText}. */
export interface ParseRateOptions {
  /**
   * The text is the rate column of a Chapter 99 heading (9903.xx.xx). A bare percentage or "Free" there is a total
   * that replaces the chapter 1–97 rate (subchapter III note 1), so it parses as `replacement`, not `adValorem`/`free`.
   */
  chapter99?: boolean;
}

/** Fields every rate expression carries. */
interface RateBase {
  /** The raw input text, unchanged (for parts of a compound: the normalised fragment of the whole text). */
  text: string;
}

/** Blank or whitespace-only text: no rate on this row (a header row, or a statistical line that inherits). */
export interface EmptyRate extends RateBase {
  kind: "empty";
}

/** A lone punctuation mark printed in a rate column (e.g. ":" in column 2 of 9913.95.01): a print artifact, no rate. */
export interface StrayMarkRate extends RateBase {
  kind: "strayMark";
}

/** "Free": a zero rate. `condition` holds a printed condition, e.g. "under bond, as prescribed in U.S. note 1 …". */
export interface FreeRate extends RateBase {
  kind: "free";
  condition?: string;
}

/**
 * "N%": a percentage of the customs value. `on` names the part of the article it is charged on when printed:
 * "entire set" at top level; inside a `multiPart`, the component ("case", "battery", …).
 */
export interface AdValoremRate extends RateBase {
  kind: "adValorem";
  percent: number;
  on?: string;
}

/**
 * A specific (per-unit) rate such as "44¢/kg", "$1.32/pf. liter" or "75¢ each". `amount` is in dollars, converted
 * from cents by decimal shift (no float noise: "44¢" → 0.44); `amountText` is the amount as printed.
 */
export interface SpecificRate extends RateBase {
  kind: "specific";
  amount: number;
  amountText: string;
  currency: "USD";
  /** Canonical unit: "kg", "clean kg", "g", "t", "liter", "pf.liter", "doz.", "pr.", "gross", "line/gross", "1000", "1000 pins", "m", "m2", "m3", "lin. m", "head", "jewel", "article", "pack", "bbl", "each", "other piece or part". */
  unit: string;
  /** The quantity basis when printed, e.g. "on drained weight", "of total sugars", "on copper content", "over 7". */
  qualifier?: string;
}

/** "N% on the value of the lead content": a percentage of the value of one material content of the article. */
export interface ContentValueRate extends RateBase {
  kind: "contentValue";
  percent: number;
  content: string;
}

/** A term of a compound rate. */
export type RateTerm = AdValoremRate | SpecificRate | ContentValueRate;

/**
 * A sum of terms charged on the whole article, e.g. "40¢/kg + 10.4%" or "$4.50 each + 65% + 25¢/jewel".
 * `proviso` holds a trailing limit such as "but if consisting in part of a plate … shall not exceed …".
 */
export interface CompoundRate extends RateBase {
  kind: "compound";
  parts: RateTerm[];
  proviso?: string;
}

/** One part of a {@link MultiPartRate}: a rate and the component it is charged on ("article" for the whole). */
export interface RatePart {
  rate: AdValoremRate | SpecificRate;
  on: string;
}

/**
 * A sum of rates charged on different components, e.g. the watch rate
 * "44¢ each + 6% on the case + 14% on the strap, band or bracelet + 5.3% on the battery".
 */
export interface MultiPartRate extends RateBase {
  kind: "multiPart";
  parts: RatePart[];
}

/**
 * A sugar per-degree formula: "3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a
 * degree in proportion) but not less than 3.143854¢/kg".
 */
export interface SugarFormulaRate extends RateBase {
  kind: "sugarFormula";
  base: SpecificRate;
  perDegree: SpecificRate;
  /** The polarisation (degrees) under which the per-degree reduction applies. */
  referenceDegrees: number;
  minimum: SpecificRate;
}

/** "N percent of the fair retail value", "50 percent of the cost of such parts": a percentage of a stated base. */
export interface PercentOfBaseRate extends RateBase {
  kind: "percentOfBase";
  percent: number;
  base: string;
}

/** Identifiers of the derived-rate rules (a rate that is taken from elsewhere). */
export type DerivedRule =
  | "ensemble-garment"
  | "set-highest-rate"
  | "absent-heading"
  | "absent-heading-cost-of-parts"
  | "natural-juice"
  | "parent-article"
  | "complete-movement"
  | "such-subheading-minus"
  | "value-of-repairs"
  | "value-of-processing"
  | "value-less-us-products"
  | "value-less-us-materials"
  | "like-articles-capped"
  | "like-articles-duty-and-tax";

/**
 * A rate derived from another rate, e.g. "The rate applicable to each garment in the ensemble if separately
 * entered" (rule "ensemble-garment"). `ref` holds a referenced heading or note; `percentDelta` a printed adjustment
 * ("… minus 0.5%" → -0.5).
 */
export interface DerivedRate extends RateBase {
  kind: "derived";
  rule: DerivedRule;
  ref?: string;
  percentDelta?: number;
}

/** "See additional U.S. note 1": the rate is set out in a note. `ref` is e.g. "additional U.S. note 1". */
export interface SeeNoteRate extends RateBase {
  kind: "seeNote";
  ref: string;
  note?: number;
}

/** The value base of a Chapter 99 add-on: the full customs value, a declared content value, or not stated. */
export type AddOnValueBase =
  "full" | "steel-content" | "aluminum-content" | "copper-content" | "non-us-content" | "unstated";

/** Chapter 99 add-on: "The duty provided in the applicable subheading + 25%" — MFN plus N% of `valueBase`. */
export interface AddOnRate extends RateBase {
  kind: "addOn";
  percent: number;
  valueBase: AddOnValueBase;
}

/** Chapter 99 add-on to named other lines: "The duty provided in subheadings 8716.39.00, … or 8716.90.50 + 100%". */
export interface AddOnNamedRate extends RateBase {
  kind: "addOnNamed";
  percent: number;
  subheadings: string[];
}

/** Chapter 99 total rate ("15%", or "Free" with `free` true and percent 0) that replaces the MFN rate. */
export interface ReplacementRate extends RateBase {
  kind: "replacement";
  percent: number;
  free: boolean;
}

/**
 * No additional duty: "The duty provided in the applicable subheading" (form "applicable-subheading") or
 * "No change" (form "no-change"). In Chapter 99 it marks an exemption or pass-through heading.
 */
export interface PassThroughRate extends RateBase {
  kind: "passThrough";
  form: "applicable-subheading" | "no-change";
}

/** Text the grammar does not understand. It is never to be read as zero. */
export interface UnclassifiedRate extends RateBase {
  kind: "unclassified";
  reason: string;
}

/** A parsed HTS rate text, discriminated by `kind`. */
export type RateExpr =
  | EmptyRate
  | StrayMarkRate
  | FreeRate
  | AdValoremRate
  | SpecificRate
  | CompoundRate
  | MultiPartRate
  | SugarFormulaRate
  | ContentValueRate
  | PercentOfBaseRate
  | DerivedRate
  | SeeNoteRate
  | AddOnRate
  | AddOnNamedRate
  | ReplacementRate
  | PassThroughRate
  | UnclassifiedRate;

/** The class names of {@link RateExpr}. */
export type RateClass = RateExpr["kind"];

/** The ad valorem split of an expression, from {@link adValoremComponent}. */
export interface AdValoremSplit {
  /**
   * The percentage charged on the full customs value (0 when there is none, e.g. "44¢/kg"); undefined when the
   * expression cannot be split (empty, derived, see-note, pass-through, named add-on, unclassified).
   */
  percent: number | undefined;
  /** The parts that are not a percentage of the full value and need an ad valorem equivalent or a resolution. */
  nonAdValorem: RateExpr[];
}

/** Texts longer than this are not rate texts (the longest real one is about 400 characters). */
const MAX_TEXT_LENGTH = 2000;

const NUM = String.raw`\d+(?:\.\d+)?`;
const PERCENT = String.raw`(\d+(?:\.\d+)?|\d+ \d+\/\d+)%`;

// ---------------------------------------------------------------------------------------------------------------
// Normalisation

/** Glued words and misspellings seen in the archives, mapped to their spelling. */
const TYPO_FIXES: [RegExp, string][] = [
  [/\binthe\b/g, "in the"],
  [/\bthebattery\b/g, "the battery"],
  [/\boralterations\b/g, "or alterations"],
  [/\bweght\b/g, "weight"],
  [/\/m([23])of\b/g, "/m$1 of"],
];

/** Normalise a rate text: strip HTML tags, collapse all whitespace (incl. NBSP), fix glued words and spacing. */
function normalize(raw: string): string {
  let s = raw.replace(/<[^<>]*>/g, "");
  s = s.replace(/\s+/g, " ").trim();
  for (const [re, to] of TYPO_FIXES) s = s.replace(re, to);
  s = s.replace(/(\p{Ll})- (\p{Ll})/gu, "$1$2"); // line-break hyphens: "appli- cable"
  s = s.replace(/ ?\/ ?/g, "/");
  s = s.replace(/ ?\+ ?/g, " + ");
  s = s.replace(/ ?¢/g, "¢");
  s = s.replace(/ ?%/g, "%");
  return s.replace(/[\s./]+$/, ""); // trailing periods, spaces and a stray trailing slash ("37% /")
}

/** Lower-case and drop spaces except between digits: a key for matching fixed phrases whatever their spacing. */
function squash(s: string): string {
  return s.toLowerCase().replace(/\s+/g, (m, offset: number, all: string) => {
    const before = all[offset - 1] ?? "";
    const after = all[offset + m.length] ?? "";
    return /\d/.test(before) && /\d/.test(after) ? " " : "";
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers

/** Parse a printed percentage: "6.5" or "33 1/3". */
function percentValue(s: string): number | undefined {
  const frac = /^(\d+) (\d+)\/(\d+)$/.exec(s);
  if (frac) {
    const den = Number(frac[3]);
    if (den === 0) return undefined;
    return Number(frac[1]) + Number(frac[2]) / den;
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Convert a decimal string of cents to dollars by shifting the decimal point ("3.6606" → 0.036606). */
function centsToDollars(cents: string): number {
  const [intPart = "0", fracPart = ""] = cents.split(".");
  const padded = intPart.padStart(3, "0");
  return Number(`${padded.slice(0, -2)}.${padded.slice(-2)}${fracPart}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Terms: "6%", "6% on the case", "44¢/kg on drained weight", "$1.50 each", "2.5% on the value of the lead content"

/** Printed units (after normalisation) and their canonical names, longest first. */
const UNITS: [string, string][] = (
  [
    ["1,000 pins", "1000 pins"],
    ["line/gross", "line/gross"],
    ["pf.liter", "pf.liter"],
    ["pf. liter", "pf.liter"],
    ["clean kg", "clean kg"],
    ["thousand", "1000"],
    ["article", "article"],
    ["liter", "liter"],
    ["jewel", "jewel"],
    ["gross", "gross"],
    ["lin. m", "lin. m"],
    ["1,000", "1000"],
    ["1000", "1000"],
    ["head", "head"],
    ["pack", "pack"],
    ["doz.", "doz."],
    ["doz", "doz."],
    ["pr.", "pr."],
    ["pr", "pr."],
    ["bbl", "bbl"],
    ["kg", "kg"],
    ["m2", "m2"],
    ["m3", "m3"],
    ["m", "m"],
    ["g", "g"],
    ["t", "t"],
  ] as [string, string][]
).sort((a, b) => b[0].length - a[0].length);

const AMOUNT_RE = /^(?:\$(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)¢)/;
const QUALIFIER_RE = /^(?:, ?including | (?:on|of|over) )/;

/** Parse the quantity basis following a unit ("" or " on drained weight"); undefined when not a qualifier. */
function qualifierOf(rest: string): { qualifier?: string } | undefined {
  if (rest === "") return {};
  if (!QUALIFIER_RE.test(rest)) return undefined;
  const q = rest.replace(/^, ?/, "").trim();
  return q === "" ? undefined : { qualifier: q };
}

function parseSpecific(t: string): SpecificRate | undefined {
  const m = AMOUNT_RE.exec(t);
  if (!m) return undefined;
  const dollars = m[1];
  const cents = m[2];
  const amount = dollars !== undefined ? Number(dollars.replace(/,/g, "")) : centsToDollars(cents ?? "");
  if (!Number.isFinite(amount)) return undefined;
  const amountText = m[0];
  let rest = t.slice(amountText.length);
  let unit: string | undefined;
  if (rest.startsWith(" each")) {
    unit = "each";
    rest = rest.slice(" each".length);
  } else if (rest.startsWith(" for each other piece or part")) {
    unit = "other piece or part";
    rest = rest.slice(" for each other piece or part".length);
  } else if (rest.startsWith("/")) {
    rest = rest.slice(1);
    for (const [printed, canonical] of UNITS) {
      if (rest.startsWith(printed) && /^(?:$|[ ,])/.test(rest.slice(printed.length))) {
        unit = canonical;
        rest = rest.slice(printed.length);
        break;
      }
    }
  }
  if (unit === undefined) return undefined;
  const q = qualifierOf(rest);
  if (!q) return undefined;
  return { kind: "specific", text: t, amount, amountText, currency: "USD", unit, ...q };
}

/** The component named by an "on …" phrase: "the value of the rifle" → "rifle". */
function componentOf(on: string): string {
  return on.replace(/^the /, "").replace(/^value of (?:the )?/, "");
}

const PERCENT_TERM_RE = new RegExp(`^${PERCENT}(?: on (.+))?$`);

function parseTerm(t: string): RateTerm | undefined {
  const pct = PERCENT_TERM_RE.exec(t);
  if (pct) {
    const percent = percentValue(pct[1] ?? "");
    if (percent === undefined) return undefined;
    const on = pct[2];
    if (on === undefined) return { kind: "adValorem", text: t, percent };
    const content = /^(?:the )?value of (?:the )?([a-z][a-z .-]*?) content$/.exec(on);
    if (content) return { kind: "contentValue", text: t, percent, content: content[1] ?? "" };
    return { kind: "adValorem", text: t, percent, on: componentOf(on) };
  }
  return parseSpecific(t);
}

/** A limit clause after a sum: ", but if … the total duty shall not exceed …". Other ", but" clauses are not parsed. */
const PROVISO_RE = /, (but if .+ shall not exceed .+)$/;

/** A sum of terms, possibly followed by a limit proviso. */
function parseSum(s: string, raw: string): RateExpr | undefined {
  let head = s;
  let proviso: string | undefined;
  const but = PROVISO_RE.exec(s);
  if (but) {
    head = s.slice(0, but.index);
    proviso = but[1];
  }
  const terms: RateTerm[] = [];
  for (const piece of head.split(" + ")) {
    const term = parseTerm(piece);
    if (!term) return undefined;
    terms.push(term);
  }
  const isComponent = (x: RateTerm): boolean => x.kind === "adValorem" && x.on !== undefined && x.on !== "entire set";
  if (terms.some(isComponent)) {
    if (proviso !== undefined || terms.some((x) => x.kind === "contentValue")) return undefined;
    const parts: RatePart[] = terms.map((x) => ({
      rate: x as AdValoremRate | SpecificRate,
      on: x.kind === "adValorem" && x.on !== undefined ? x.on : "article",
    }));
    return { kind: "multiPart", text: raw, parts };
  }
  const [only] = terms;
  if (terms.length === 1 && only && proviso === undefined) return { ...only, text: raw };
  return proviso === undefined
    ? { kind: "compound", text: raw, parts: terms }
    : { kind: "compound", text: raw, parts: terms, proviso };
}

// ---------------------------------------------------------------------------------------------------------------
// Whole-text forms

const SUGAR_RE = new RegExp(
  String.raw`^(\S+/kg) less (\S+/kg) for each degree under (${NUM}) degrees \(and fractions of a degree in proportion\),? but not less(?: than)? (\S+/kg)$`,
);

function parseSugar(s: string, raw: string): SugarFormulaRate | undefined {
  const m = SUGAR_RE.exec(s);
  if (!m) return undefined;
  const base = parseSpecific(m[1] ?? "");
  const perDegree = parseSpecific(m[2] ?? "");
  const minimum = parseSpecific(m[4] ?? "");
  if (!base || !perDegree || !minimum) return undefined;
  return { kind: "sugarFormula", text: raw, base, perDegree, referenceDegrees: Number(m[3]), minimum };
}

/**
 * Compile a fixed phrase into an anchored regex over squashed text with hyphens removed (see `parseDerived`);
 * "{code}" captures an HTS code.
 */
function phrase(text: string): RegExp {
  const body = squash(text)
    .replace(/-/g, "")
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace("\\{code\\}", String.raw`(\d{4}\.\d{2}\.\d{2})`);
  return new RegExp(`^${body}$`);
}

/** Derived-rate phrases, matched on the squashed text (lower case, no spaces). */
const DERIVED: { rule: DerivedRule; re: RegExp }[] = [
  {
    rule: "ensemble-garment",
    re: /^therateapplicabletoeachgarment(?:inthe)+ensembleif(?:separatelyentered|enteredseparately)$/,
  },
  { rule: "set-highest-rate", re: /^therateofdutyapplicabletothatarticleinthesetsubjecttothehighestrateofduty$/ },
  { rule: "absent-heading", re: /^therateapplicable,?(?:toeacharticle)?intheabsenceofthis(?:sub)?heading$/ },
  { rule: "absent-heading-cost-of-parts", re: /^therateapplicableintheabsenceofthissubheadingonthecostofsuchparts$/ },
  { rule: "natural-juice", re: /^therateapplicabletothenaturaljuiceinheading(\d{4})$/ },
  { rule: "parent-article", re: /^therateapplicabletothearticleofwhichitis(?:apartoraccessory|anaccessory)$/ },
  // Column 2 of 9110.11 prints the phrase cut short ("… the complete, assembled"): same rule.
  { rule: "complete-movement", re: /^therateapplicabletothecomplete,assembled(?:movement)?$/ },
  { rule: "such-subheading-minus", re: /^thedutyrateprovidedinsuchsubheadingminus(\d+(?:\.\d+)?)%$/ },
  {
    rule: "value-of-repairs",
    re: /^adutyuponthevalueoftherepairsoralterations\(seeu\.s\.note(\d+)ofthissubchapter\)$/,
  },
  {
    rule: "value-of-processing",
    re: /^adutyuponthevalueofsuchprocessingoutsidetheunitedstates\(seeu\.s\.note(\d+)ofthissubchapter\)$/,
  },
  {
    rule: "value-less-us-products",
    re: /^adutyuponthefullvalueoftheimportedarticle,?lessthecostorvalueofsuchproductsoftheunitedstates\(seeu\.s\.note(\d+)ofthissubchapter\)$/,
  },
  {
    rule: "value-less-us-materials",
    re: /^adutyuponthefullvalueoftheimportedarticle,?lessthevalueoffabrics,componentsormaterialsoftheunitedstates\(seeu\.s\.note(\d+)ofthissubchapter\)$/,
  },
  {
    rule: "like-articles-capped",
    re: phrase(
      "A duty equal to the duty upon the importation of like articles not previously exported, but in no case in excess of the sum of (a) any customs drawback proved to have been allowed upon such exportation, and (b) the duty which would have been payable on any articles used in the manufacture or production of such aircraft had they not been entered and exported under heading {code}",
    ),
  },
  {
    rule: "like-articles-duty-and-tax",
    re: phrase(
      "A duty (in lieu of any other duty or tax) equal to the sum of any duty and internal-revenue tax imposed upon the importation of like articles not previously exported, but in no case in excess of the sum of (a) any customs drawback proved to have been allowed upon such exportation of the article, and (b) any internal-revenue tax imposed, at the time such article is entered, upon the importation of like articles not previously exported",
    ),
  },
];

function parseDerived(key: string, raw: string): DerivedRate | undefined {
  for (const { rule, re } of DERIVED) {
    const m = re.exec(key);
    if (!m) continue;
    const out: DerivedRate = { kind: "derived", text: raw, rule };
    const captured = m[1];
    if (captured !== undefined) {
      if (rule === "such-subheading-minus") out.percentDelta = -Number(captured);
      else if (rule.startsWith("value-")) out.ref = `U.S. note ${captured}`;
      else out.ref = `heading ${captured}`;
    }
    return out;
  }
  return undefined;
}

const APPLICABLE = String.raw`thedutyprovided(?:for)?intheapplicablesubheading`;
const PASS_THROUGH_RE = new RegExp(`^${APPLICABLE}$`);
const ADD_ON_RE = new RegExp(
  String.raw`^(?:${APPLICABLE})?(?:\+|plus)(adutyof)?(\d+(?:\.\d+)?)%(?:uponthevalueofthe(steel|aluminum|aluminium|copper|non-u\.s\.)content)?$`,
);
const ADD_ON_NAMED_RE =
  /^thedutyprovidedinsubheadings?((?:\d{4}\.\d{2}\.\d{2}(?:\.\d{2})?(?:,|,?or|,?and)?)+)\+(\d+(?:\.\d+)?)%$/;

const CONTENT_BASE: Record<string, AddOnValueBase> = {
  steel: "steel-content",
  aluminum: "aluminum-content",
  aluminium: "aluminum-content",
  copper: "copper-content",
  "non-u.s.": "non-us-content",
};

/** The Chapter 99 duty expressions (they may also appear, rarely, outside Chapter 99). */
function parseDutyProvided(normalized: string, key: string, raw: string): RateExpr | undefined {
  if (PASS_THROUGH_RE.test(key)) return { kind: "passThrough", text: raw, form: "applicable-subheading" };
  if (/^no change$/i.test(normalized)) return { kind: "passThrough", text: raw, form: "no-change" };
  const add = ADD_ON_RE.exec(key);
  if (add) {
    const percent = Number(add[2]);
    const content = add[3];
    const valueBase: AddOnValueBase =
      content !== undefined ? (CONTENT_BASE[content] ?? "unstated") : add[1] !== undefined ? "unstated" : "full";
    return { kind: "addOn", text: raw, percent, valueBase };
  }
  const named = ADD_ON_NAMED_RE.exec(key);
  if (named) {
    const subheadings = (named[1] ?? "").match(/\d{4}\.\d{2}\.\d{2}(?:\.\d{2})?/g) ?? [];
    return { kind: "addOnNamed", text: raw, percent: Number(named[2]), subheadings };
  }
  return undefined;
}

const FREE_CONDITION_RE = /^free, ?((?:under bond|for such temporary periods)\b.*)$/i;
const SEE_NOTE_RE = /^see ((?:additional )?u\.s\. ?note (\d+)[a-z]?(?:\([a-z0-9]+\))*)(?:\W.*)?$/i;
const PERCENT_OF_BASE_RE = new RegExp(`^(${NUM}) ?(?:percent|%) of (?:the )?([a-z][a-z ,'-]*[a-z])$`, "i");

/** True when every number in the expression (recursively) is finite. */
function allFinite(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (value !== null && typeof value === "object") return Object.values(value).every(allFinite);
  return true;
}

function unclassified(raw: string, reason: string): UnclassifiedRate {
  return { kind: "unclassified", text: raw, reason };
}

function parseNormalized(s: string, raw: string, options: ParseRateOptions): RateExpr {
  if (s === "") return { kind: "empty", text: raw };
  if (/^[:;,.\-–—*/]+$/.test(s)) return { kind: "strayMark", text: raw };
  const key = squash(s);
  if (/^free$/i.test(s)) {
    return options.chapter99 ? { kind: "replacement", text: raw, percent: 0, free: true } : { kind: "free", text: raw };
  }
  const freeCond = FREE_CONDITION_RE.exec(s);
  if (freeCond) return { kind: "free", text: raw, condition: freeCond[1] ?? "" };

  const duty = parseDutyProvided(s, key, raw);
  if (duty) return duty;

  const note = SEE_NOTE_RE.exec(s);
  if (note) return { kind: "seeNote", text: raw, ref: note[1] ?? "", note: Number(note[2]) };

  const derived = parseDerived(key.replace(/-/g, ""), raw);
  if (derived) return derived;

  const sugar = parseSugar(s, raw);
  if (sugar) return sugar;

  const ofBase = PERCENT_OF_BASE_RE.exec(s);
  if (ofBase) return { kind: "percentOfBase", text: raw, percent: Number(ofBase[1]), base: ofBase[2] ?? "" };

  const sum = parseSum(s, raw);
  if (sum) {
    if (options.chapter99 && sum.kind === "adValorem" && sum.on === undefined) {
      return { kind: "replacement", text: raw, percent: sum.percent, free: false };
    }
    return sum;
  }
  return unclassified(raw, "not a known rate form");
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

/**
 * Parse one HTS rate text (a `general` or `other` column value) into a {@link RateExpr}. Never throws: null or
 * undefined parse as `empty`, anything not understood as `unclassified`. Pass `{ chapter99: true }` for the rate
 * columns of 9903 headings, where a bare percentage or "Free" is a `replacement` total.
 */
export function parseRateText(text: string, options: ParseRateOptions = {}): RateExpr {
  if (text === null || text === undefined) return { kind: "empty", text: "" };
  if (typeof text !== "string") return unclassified(String(text), "not a string");
  if (text.length > MAX_TEXT_LENGTH) return unclassified(text, `longer than ${MAX_TEXT_LENGTH} characters`);
  try {
    const expr = parseNormalized(normalize(text), text, options ?? {});
    return allFinite(expr) ? expr : unclassified(text, "a number in the text is out of range");
  } catch (err) {
    return unclassified(text, `parser error: ${(err as Error).message}`);
  }
}

/** The class (kind) of a parsed rate, e.g. "adValorem", "compound", "addOn". */
export function rateClass(expr: RateExpr): RateClass {
  return expr.kind;
}

/**
 * The percentage when the expression is purely ad valorem on the full value: `adValorem` (not on a component),
 * `free` (0), `replacement`, and `addOn` on the full or an unstated base. Undefined for everything else, including
 * add-ons on a partial base (steel, aluminum, copper or non-U.S. content), which are not a percentage of the full value.
 */
export function adValoremPercent(expr: RateExpr): number | undefined {
  switch (expr.kind) {
    case "adValorem":
      return expr.on === undefined || expr.on === "entire set" ? expr.percent : undefined;
    case "free":
      return 0;
    case "replacement":
      return expr.percent;
    case "addOn":
      return expr.valueBase === "full" || expr.valueBase === "unstated" ? expr.percent : undefined;
    default:
      return undefined;
  }
}

/**
 * Split an expression into its percentage of the full value and the parts that need an ad valorem equivalent:
 * "40¢/kg + 10.4%" → { percent: 10.4, nonAdValorem: [40¢/kg] }; "44¢/kg" → { percent: 0, nonAdValorem: [44¢/kg] }.
 */
export function adValoremComponent(expr: RateExpr): AdValoremSplit {
  const pure = adValoremPercent(expr);
  if (pure !== undefined) return { percent: pure, nonAdValorem: [] };
  switch (expr.kind) {
    case "empty":
    case "strayMark":
      return { percent: undefined, nonAdValorem: [] };
    case "compound": {
      let percent = 0;
      const nonAdValorem: RateExpr[] = [];
      for (const part of expr.parts) {
        const p = adValoremPercent(part);
        if (p === undefined) nonAdValorem.push(part);
        else percent += p;
      }
      return { percent, nonAdValorem };
    }
    case "multiPart":
      return { percent: 0, nonAdValorem: expr.parts.map((p) => p.rate) };
    case "adValorem":
    case "specific":
    case "sugarFormula":
    case "contentValue":
    case "percentOfBase":
    case "addOn":
      return { percent: 0, nonAdValorem: [expr] };
    default:
      return { percent: undefined, nonAdValorem: [expr] };
  }
}

function fmtPercent(n: number): string {
  return `${Number(n.toPrecision(12))}%`;
}

function describeSpecific(x: SpecificRate): string {
  const unit =
    x.unit === "each" ? " each" : x.unit === "other piece or part" ? " for each other piece or part" : `/${x.unit}`;
  return `${x.amountText}${unit}${x.qualifier !== undefined ? ` ${x.qualifier}` : ""}`;
}

const VALUE_BASE_TEXT: Record<AddOnValueBase, string> = {
  full: "of full value",
  "steel-content": "of steel content value",
  "aluminum-content": "of aluminum content value",
  "copper-content": "of copper content value",
  "non-us-content": "of non-U.S. content value",
  unstated: "(value base not stated)",
};

/** A short human text for a parsed rate, e.g. "2.5%", "44¢/kg + 6%", "+25% of full value". */
export function describeRate(expr: RateExpr): string {
  switch (expr.kind) {
    case "empty":
      return "(no rate)";
    case "strayMark":
      return `(stray mark ${JSON.stringify(expr.text.trim())})`;
    case "free":
      return expr.condition !== undefined ? `Free, ${expr.condition}` : "Free";
    case "adValorem":
      return expr.on !== undefined ? `${fmtPercent(expr.percent)} on ${expr.on}` : fmtPercent(expr.percent);
    case "specific":
      return describeSpecific(expr);
    case "contentValue":
      return `${fmtPercent(expr.percent)} of ${expr.content} content value`;
    case "compound":
      return expr.parts.map(describeRate).join(" + ") + (expr.proviso !== undefined ? `, ${expr.proviso}` : "");
    case "multiPart":
      return expr.parts.map((p) => describeRate(p.rate)).join(" + ");
    case "sugarFormula":
      return `${describeSpecific(expr.base)} less ${describeSpecific(expr.perDegree)} per degree under ${expr.referenceDegrees}, min ${describeSpecific(expr.minimum)}`;
    case "percentOfBase":
      return `${fmtPercent(expr.percent)} of ${expr.base}`;
    case "derived":
      return `derived rate (${expr.rule}${expr.ref !== undefined ? `, ${expr.ref}` : ""}${expr.percentDelta !== undefined ? `, ${expr.percentDelta > 0 ? "+" : ""}${expr.percentDelta}%` : ""})`;
    case "seeNote":
      return `see ${expr.ref}`;
    case "addOn":
      return `+${fmtPercent(expr.percent)} ${VALUE_BASE_TEXT[expr.valueBase]}`;
    case "addOnNamed":
      return `duty of ${expr.subheadings.join(", ")} +${fmtPercent(expr.percent)}`;
    case "replacement":
      return expr.free ? "Free (replaces MFN)" : `${fmtPercent(expr.percent)} (replaces MFN)`;
    case "passThrough":
      return "no additional duty (MFN applies)";
    case "unclassified":
      return `unclassified: ${JSON.stringify(expr.text.length > 80 ? `${expr.text.slice(0, 77)}...` : expr.text)}`;
  }
}
