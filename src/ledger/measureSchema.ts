import { z } from "zod";
import { USE_FACTS } from "./useDefaults.js";
import { authorityIdSchema } from "./issuerRegistry.js";
import { AUTHORITIES, authoritySchema, type Authority } from "./usAuthorities.js";

/**
 * The one measure schema of every issuer's ledger files (`ledger/<issuer>/events/*.yaml`). Each file lists measures:
 * one measure is one state of one legal provision (one rate rule, one product scope, one legal window). When a rate
 * changes, the next state is a new measure with its own window and instrument; a suspension that keeps a printed rate
 * is a measure with status "suspended"; a measure that switches named measures off on the products of its scope is a
 * measure of role "exemption" naming them in `exempts`. Windows are half-open [from, to) in legal days. A measure's
 * `authority` and `heading` are checked against its issuer's registry (`issuer.yaml`) when the files are read.
 */

export { AUTHORITIES, authoritySchema, type Authority };

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");
/** The legal reference a filer declares; its form is the issuer's (issuer.yaml `headingPattern`, checked on compile). */
const heading = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.-]*$/, "expected a heading like 9903.01.24");
const printedCode = z
  .string()
  .regex(/^\d{2,4}(\.\d{2}){0,3}$|^\d{4}\.\d{2}\.\d{4}$|^\d{2,10}$/, "expected an HTS code like 8703.80 or 7326.90.8688");

/** Kinds of legal instrument, of every issuer. */
export const INSTRUMENT_KINDS = [
  "EO",
  "proclamation",
  "FR-notice",
  "USTR-notice",
  "CBP-CSMS",
  "court",
  "statute",
  "HTS-change-record",
  "tariff-commission-announcement",
  "tariff-schedule",
] as const;

/**
 * A legal instrument. `url` where the publisher gives one; an instrument without one names the file it was read from
 * (`source`, a manifest path) where there is one, and says in `uncertain` what is not verified (checked on load).
 */
export const instrumentSchema = z
  .object({
    kind: z.enum(INSTRUMENT_KINDS),
    id: z.string().min(1), // "EO 14228", "Proclamation 11012", "FR Doc. 2025-19825", "CSMS 64649265"
    title: z.string().min(1),
    signed: isoDay.optional(),
    citation: z.string().optional(), // "90 FR 11463"
    frDoc: z.string().optional(),
    url: z.string().url().optional(),
    source: z.string().min(1).optional(),
    uncertain: z.string().min(1).optional(),
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
    /** Every product (country blankets, horizontal measures). */
    all: z.boolean().optional(),
    /** Product lists by id (the issuer's product-lists.yaml; read by the list readers of src/ledger/listReaderRegistry.ts). */
    lists: z.array(z.string().min(1)).optional(),
    /** One product list by id: the list a `fromList` rate reads its per-line values from. */
    list: z.string().min(1).optional(),
    /** Printed codes (4/6/8/10 digits); a product matches when its code starts with the code. */
    codes: z.array(printedCode).optional(),
    /** Products whose HTS footnotes (edition in force) point to this heading, e.g. Section 301 lists. */
    footnote: heading.optional(),
    /** No product can be named (the list is not in hand): the reason. The measure is stated, never applied. */
    none: z.string().min(1).optional(),
    /** Products to leave out. */
    except: z
      .object({ lists: z.array(z.string()).optional(), codes: z.array(printedCode).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((s) => s.all || s.lists || s.list || s.codes || s.footnote || s.none, "a product scope needs all, list, lists, codes, footnote or none")
  .refine((s) => s.none === undefined || !(s.all || s.lists || s.list || s.codes || s.footnote), "a product scope with `none` names no products");
export type ProductScope = z.infer<typeof productScopeSchema>;

/**
 * The duty a measure states: an add-on percentage, a replacement total, a floor, a per-line rate read from the
 * measure's product list, or none (exemption headings).
 * `floor: 15` is the deal formula "the higher of the column 1 rate or 15 percent (including it)": where the line's
 * ad valorem (or ad valorem equivalent) column 1 rate is below 15%, 15% replaces it (a total); where it is 15% or more,
 * nothing is added. It is evaluated per line from the base rate, never stored as a precomputed rate.
 * `fromList: true` is an add-on whose percentage the product list gives per line (its reader reads a value per code),
 * times `factor` when the measure applies a share of it (a halving: 0.5).
 */
const addOnRate = z.object({ addOn: z.number().min(0).max(1000) }).strict();
const totalRate = z.object({ total: z.number().min(0).max(1000) }).strict();
const floorRate = z.object({ floor: z.number().min(0).max(1000) }).strict();
const noRate = z.object({ none: z.literal(true) }).strict();
const fromListRate = z.object({ fromList: z.literal(true), factor: z.number().positive().optional() }).strict();
export const ledgerRateSchema = z.union([addOnRate, totalRate, floorRate, noRate, fromListRate]);
export type LedgerRate = z.infer<typeof ledgerRateSchema>;
/** The rate forms the duty-stack resolver of src/engine evaluates (issuer US; scenarios' `setRate`). */
export const measureRateSchema = z.union([addOnRate, totalRate, floorRate, noRate]);
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
   * The line's column 1 ad valorem rate (the ad valorem part; stackSteps baseAdValoremOf) is below / at least this
   * percentage: the pair of headings of a deal floor ("… with an ad valorem (or ad valorem equivalent) rate of duty
   * under column 1-General less than 15 percent").
   */
  z
    .object({
      baseAdValorem: z
        .object({
          below: z.number().min(0).optional(),
          atLeast: z.number().min(0).optional(),
          /**
           * Which column 1 rate: `general` (default: "under column 1-General"), or `applied` — the rate of the column
           * the entry is made under, the special rate of a preference program claimed (Korea: "Column 1-General or
           * ... Column 1-Special, as applicable").
           */
          column: z.enum(["general", "applied"]).optional(),
        })
        .strict(),
    })
    .strict(),
  /**
   * The entry claims (is: true) or does not claim (is: false) a preference program of preferences.yaml (entry fact
   * specialProgram, or the program's own fact): e.g. Nicaragua's Section 301 duty "does not apply to originating goods
   * of Nicaragua under CAFTA-DR" (U.S. note 29(a)). Default: no claim, and the answer asks.
   */
  z.object({ claims: z.string().regex(/^[a-z0-9-]+$/), is: z.boolean() }).strict(),
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
    /** One of the issuer's authorities (its issuer.yaml), checked when the files are read. */
    authority: authorityIdSchema,
    /** Finer label inside the authority: "232-steel", "232-autos", "301-list-3", "fentanyl-china"… */
    program: z.string().min(1),
    /** The reference a filer declares for this measure (a US Chapter 99 heading); absent where the issuer has none. */
    heading: heading.optional(),
    /**
     * duty: charges a rate; exemption: switches off `exempts` (measure ids or authorities) for the products it covers
     * (a US 0% exemption heading, a Chinese suspension of named rounds on a list of lines).
     */
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
    rate: ledgerRateSchema,
    valueBase: z.enum(["full", "metal-content", "non-us-content"]).default("full"),
    metal: z.enum(["steel", "aluminum", "copper"]).optional(),
    window: z.object({ from: isoDay, to: isoDay.optional() }).strict(),
    /** superseded: replaced before it applied (its window may be empty: `to` = `from`). */
    status: z.enum(["in-force", "suspended", "void", "announced", "superseded"]),
    conditions: z.array(conditionSchema).optional(),
    instrument: instrumentSchema,
    sources: z.array(sourceRefSchema).min(1),
    /** Set when the products or rates come from a secondary source (a research workbook), not the official text. */
    secondary: z.string().min(1).optional(),
    /** Set when the value is the best-sourced one but not certain; every answer it touches carries the reason. */
    uncertain: z.string().min(1).optional(),
    /** From `date` on, answers holding the measure are uncertain for `reason` (a level carried forward). */
    uncertainAfter: z.object({ date: isoDay, reason: z.string().min(1) }).strict().optional(),
    /**
     * The uncertainty is the product scope itself (the list of this state cannot be reconstructed from the texts): every
     * stack holding a duty this exemption targets is then uncertain, whether or not the known list covers the line.
     */
    uncertainScope: z.boolean().default(false),
    notes: z.string().optional(),
  })
  .strict();

type MeasureFields = Omit<z.infer<typeof measureObject>, "instrument">;

/** The cross-field checks of a measure (the same for inline and referenced instruments, for every issuer). */
function checkMeasure(m: MeasureFields, ctx: z.RefinementCtx): void {
  const fail = (message: string, path: string): void => ctx.addIssue({ code: z.ZodIssueCode.custom, message, path: [path] });
  if (m.window.to !== undefined && (m.window.to < m.window.from || (m.window.to === m.window.from && m.status !== "superseded"))) {
    fail("window.to must be after window.from (the same day only for a measure superseded on its first day)", "window");
  }
  if (m.role === "exemption" && !(m.exempts && m.exempts.length > 0)) fail("an exemption must name what it exempts", "exempts");
  if (m.uncertainScope && m.uncertain === undefined) fail("uncertainScope needs the reason in `uncertain`", "uncertainScope");
  if (m.valueBase === "metal-content" && m.metal === undefined) fail("a metal-content value base needs `metal`", "metal");
  if ("fromList" in m.rate && m.products.list === undefined) fail("a fromList rate reads its values from one product list (`products.list`)", "rate");
}

/** The key of an instrument of the issuer's registry `ledger/<issuer>/instruments.yaml`. */
export const instrumentKeySchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "an instrument key of the issuer's instruments.yaml, e.g. eo-14257");

/** A measure of a ledger file, of any issuer: its instrument is referenced by key (each instrument is written once). */
export const ledgerMeasureSchema = measureObject.extend({ instrument: instrumentKeySchema }).superRefine(checkMeasure);
export type LedgerFileMeasure = z.output<typeof ledgerMeasureSchema>;

export const ledgerFileSchema = z.object({ measures: z.array(ledgerMeasureSchema) }).strict();

/** A measure of any issuer with its instrument written out (what the shared reader returns). */
export const issuerMeasureSchema = measureObject.superRefine(checkMeasure);
export type IssuerMeasure = z.output<typeof measureObject>;

/**
 * The shared measure schema narrowed to the forms the duty-stack resolver of src/engine evaluates (issuer US, and the
 * measures scenarios add): a declared heading, a typed US authority, a rate it can evaluate, no `superseded` state, an
 * instrument with its address. `toStackMeasures` (src/ledger/stackMeasures.ts) checks a ledger's measures against it.
 */
const stackMeasureObject = measureObject.extend({
  authority: authoritySchema,
  heading,
  rate: measureRateSchema,
  status: z.enum(["in-force", "suspended", "void", "announced"]),
  instrument: instrumentSchema.extend({ url: z.string().url() }),
});
export const measureSchema = stackMeasureObject.superRefine(checkMeasure);
export type MeasureInput = z.input<typeof stackMeasureObject>;
export type Measure = z.output<typeof stackMeasureObject>;

/** The instrument registry: every legal instrument once, by key. */
export const instrumentRegistrySchema = z
  .object({ instruments: z.array(instrumentSchema.extend({ key: instrumentKeySchema }).strict()) })
  .strict();
