import { z } from "zod";
import { USE_FACTS } from "./useDefaults.js";

/**
 * The shape of the curated ledger files `ledger/us/events/*.yaml`. Each file lists measures: one measure is one
 * state of one legal provision (a Chapter 99 heading at one rate, for one scope, in one legal window). When a rate
 * changes, the next state is a new measure with its own window and instrument; a suspension that keeps a printed
 * rate is a measure with status "suspended". Windows are half-open [from, to) in legal days (entries on or after
 * 12:01 a.m. ET of `from`, before 12:01 a.m. ET of `to`).
 */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");
/** The legal reference a filer declares; its form is the issuer's (issuer.yaml `headingPattern`, checked on compile). */
const heading = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.-]*$/, "expected a heading like 9903.01.24");
const printedCode = z
  .string()
  .regex(/^\d{2,4}(\.\d{2}){0,3}$|^\d{4}\.\d{2}\.\d{4}$|^\d{2,10}$/, "expected an HTS code like 8703.80 or 7326.90.8688");

/** Coarse authority: the unit of decomposition in averages and of the precedence table. */
export const AUTHORITIES = [
  "base",
  "s301",
  "s232",
  "ieepa-fentanyl",
  "ieepa-reciprocal",
  "ieepa-other",
  "s122",
  "s201",
  "s301-forced-labor",
  "other",
] as const;
export const authoritySchema = z.enum(AUTHORITIES);
export type Authority = z.infer<typeof authoritySchema>;

export const instrumentSchema = z
  .object({
    kind: z.enum(["EO", "proclamation", "FR-notice", "USTR-notice", "CBP-CSMS", "court", "statute", "HTS-change-record"]),
    id: z.string().min(1), // "EO 14228", "Proclamation 11012", "FR Doc. 2025-19825", "CSMS 64649265"
    title: z.string().min(1),
    signed: isoDay.optional(),
    citation: z.string().optional(), // "90 FR 11463"
    frDoc: z.string().optional(),
    url: z.string().url(),
  })
  .strict();
export type Instrument = z.infer<typeof instrumentSchema>;

/** Where the fact was read: a mirror file (path relative to the data root) and where in it, or a change record item. */
export const sourceRefSchema = z.union([
  z.object({ file: z.string().min(1), where: z.string().min(1) }).strict(),
  z.object({ changeRecord: z.string().min(1), item: z.string().min(1), effective: isoDay.optional() }).strict(),
]);
export type SourceRef = z.infer<typeof sourceRefSchema>;

/** Which products a measure covers, at the granularity the legal text prints. */
export const productScopeSchema = z
  .object({
    /** Every product (country blankets). */
    all: z.boolean().optional(),
    /** Product lists by id (resolved by src/ledger/productScopes.ts from notes and annexes). */
    lists: z.array(z.string().min(1)).optional(),
    /** Printed codes (4/6/8/10 digits); a product matches when its HTS-10 starts with the code. */
    codes: z.array(printedCode).optional(),
    /** Products whose HTS footnotes (edition in force) point to this heading, e.g. Section 301 lists. */
    footnote: heading.optional(),
    /** Products to leave out. */
    except: z
      .object({ lists: z.array(z.string()).optional(), codes: z.array(printedCode).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((s) => s.all || s.lists || s.codes || s.footnote, "a product scope needs all, lists, codes or footnote");
export type ProductScope = z.infer<typeof productScopeSchema>;

/**
 * The duty a measure states: an add-on percentage, a replacement total, a floor, or none (exemption headings).
 * `floor: 15` is the deal formula "the higher of the column 1 rate or 15 percent (including it)": where the line's
 * ad valorem (or ad valorem equivalent) column 1 rate is below 15%, 15% replaces it (a total); where it is 15% or more,
 * nothing is added. It is evaluated per line from the base rate, never stored as a precomputed rate.
 */
export const measureRateSchema = z.union([
  z.object({ addOn: z.number().min(0).max(1000) }).strict(),
  z.object({ total: z.number().min(0).max(1000) }).strict(),
  z.object({ floor: z.number().min(0).max(1000) }).strict(),
  z.object({ none: z.literal(true) }).strict(),
]);
export type MeasureRate = z.infer<typeof measureRateSchema>;

/**
 * Conditions on entry facts. A measure with a condition applies only when the condition holds for the entry's facts
 * (defaults documented in src/engine/entryFacts.ts).
 */
export const conditionSchema = z.union([
  /** In-transit: goods loaded on the vessel before `loadedBefore` and entered before `enteredBefore`. */
  z.object({ inTransit: z.object({ loadedBefore: isoDay, enteredBefore: isoDay.optional() }).strict() }).strict(),
  /** The article is subject to any measure of this authority on the date (e.g. 232 articles). */
  z.object({ subjectTo: authoritySchema }).strict(),
  /** The entry claims a Chapter 98 provision. */
  z.object({ chapter98: z.literal(true) }).strict(),
  /** US content at least this share of value. */
  z.object({ usContentAtLeast: z.number().min(0).max(1) }).strict(),
  /** The entry claims a Section 301 exclusion. */
  z.object({ exclusionClaimed: z.literal(true) }).strict(),
  /** A certification named by the heading is made (e.g. "civil-aircraft", "no-metal"). */
  z.object({ certification: z.string().min(1) }).strict(),
  /** The applicable metal is under this share of the article's weight. */
  z.object({ metalWeightBelow: z.number().min(0).max(1) }).strict(),
  /** A use-based fact of the article has this value (default per line: ledger/us/use-defaults.yaml). */
  z.object({ useFact: z.enum(USE_FACTS), is: z.boolean() }).strict(),
  /**
   * The line's column 1 General ad valorem rate (the ad valorem part; see baseAdValoremOf) is below / at least this
   * percentage: the pair of headings of a deal floor ("… with an ad valorem (or ad valorem equivalent) rate of duty
   * under column 1-General less than 15 percent").
   */
  z.object({ baseAdValorem: z.object({ below: z.number().min(0).optional(), atLeast: z.number().min(0).optional() }).strict() }).strict(),
  /** The entry claims USMCA treatment (general note 11) and the good qualifies (entry fact usmcaQualifying). */
  z.object({ usmcaQualifying: z.boolean() }).strict(),
  /**
   * CBP has determined that the goods were transshipped to evade the duties (heading 9903.02.01; entry fact
   * cbpTransshipment, default false: a determination is made per entry by CBP, never presumed).
   */
  z.object({ transshipped: z.literal(true) }).strict(),
  /**
   * The entry is within a tariff-rate quota of the heading (e.g. the UK passenger vehicle quota of 9903.94.31; entry
   * fact withinQuota, default: within, and every answer it decides lists the fact: the quota fill is not in the data).
   */
  z.object({ withinQuota: z.literal(true) }).strict(),
  /**
   * Any primary aluminum of the article was smelted in Russia, or the article was cast in Russia (headings
   * 9903.85.67-.70; entry fact russianAluminum, default false, asked on the aluminum lines it would change).
   */
  z.object({ russianAluminum: z.literal(true) }).strict(),
]);
export type Condition = z.infer<typeof conditionSchema>;

const measureObject = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "ids are lower-case words with dots and dashes"),
    authority: authoritySchema,
    /** Finer label inside the authority: "232-steel", "232-autos", "301-list-3", "fentanyl-china"… */
    program: z.string().min(1),
    /** The Chapter 99 heading a filer declares for this measure. */
    heading,
    /** duty: charges a rate; exemption: a 0% heading that switches off `exempts` for the products it covers. */
    role: z.enum(["duty", "exemption"]),
    exempts: z.array(z.string().min(1)).optional(),
    /**
     * Whether a filer declares `heading` for this measure. False for an exception written into the text of the heading
     * it excepts (e.g. the in-transit clause of 9903.01.63): nothing is declared for it; the answer explains it in a note.
     */
    declared: z.boolean().default(true),
    origins: z.array(z.string().regex(/^([A-Z]{2}|\*)$/)).min(1),
    exceptOrigins: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
    products: productScopeSchema,
    rate: measureRateSchema,
    valueBase: z.enum(["full", "metal-content", "non-us-content"]).default("full"),
    metal: z.enum(["steel", "aluminum", "copper"]).optional(),
    window: z.object({ from: isoDay, to: isoDay.optional() }).strict(),
    status: z.enum(["in-force", "suspended", "void", "announced"]),
    conditions: z.array(conditionSchema).optional(),
    instrument: instrumentSchema,
    sources: z.array(sourceRefSchema).min(1),
    /** Set when the value is the best-sourced one but not certain; every answer it touches carries the reason. */
    uncertain: z.string().min(1).optional(),
    /**
     * The uncertainty is the product scope itself (the list of this state cannot be reconstructed from the texts): every
     * stack holding a duty this exemption targets is then uncertain, whether or not the known list covers the line.
     */
    uncertainScope: z.boolean().default(false),
    notes: z.string().optional(),
  })
  .strict();

/** The cross-field checks of a measure (the same for inline and referenced instruments). */
function checkMeasure(m: Omit<z.infer<typeof measureObject>, "instrument">, ctx: z.RefinementCtx): void {
  const fail = (message: string, path: string): void => ctx.addIssue({ code: z.ZodIssueCode.custom, message, path: [path] });
  if (m.window.to !== undefined && m.window.to <= m.window.from) fail("window.to must be after window.from", "window");
  if (m.role === "exemption" && !(m.exempts && m.exempts.length > 0)) fail("an exemption must name what it exempts", "exempts");
  if (m.uncertainScope && m.uncertain === undefined) fail("uncertainScope needs the reason in `uncertain`", "uncertainScope");
  if (m.valueBase === "metal-content" && m.metal === undefined) fail("a metal-content value base needs `metal`", "metal");
}

/** A measure with its instrument written out (scenarios, the compiled ledger). */
export const measureSchema = measureObject.superRefine(checkMeasure);
export type MeasureInput = z.input<typeof measureObject>;
export type Measure = z.output<typeof measureObject>;

/** The key of an instrument of the registry `ledger/us/instruments.yaml`. */
export const instrumentKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "an instrument key of ledger/us/instruments.yaml, e.g. eo-14257");

/** A measure of a ledger file: its instrument is referenced by key (each instrument is written once). */
export const ledgerMeasureSchema = measureObject.extend({ instrument: instrumentKeySchema }).superRefine(checkMeasure);
export type LedgerFileMeasure = z.output<typeof ledgerMeasureSchema>;

export const ledgerFileSchema = z.object({ measures: z.array(ledgerMeasureSchema) }).strict();

/** The instrument registry: every legal instrument once, by key. */
export const instrumentRegistrySchema = z
  .object({ instruments: z.array(instrumentSchema.extend({ key: instrumentKeySchema }).strict()) })
  .strict();
