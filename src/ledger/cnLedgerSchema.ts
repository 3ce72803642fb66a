import { z } from "zod";

/**
 * The shape of the China ledger files (`ledger/cn/`): issuer.yaml, coverage.yaml, instruments.yaml,
 * product-lists.yaml, events/*.yaml. A measure is one state of one Chinese measure on goods of US origin (one rate
 * rule, one product scope, one legal window, half-open [from, to)); a later state is a new measure. Rates are
 * additional percent of the customs value (`addOn`), or per line from the measure's list (`fromList`, times `factor`).
 * A `suspension` measure switches off the named measures on the lines of its list during its window.
 */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");

export const cnIssuerSchema = z
  .object({
    issuer: z.literal("CN"),
    name: z.string().min(1),
    productCodes: z.string().min(1),
    headingPattern: z.string().min(1),
    headingExample: z.string().min(1),
    authorities: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]+$/),
            label: z.string().min(1),
            colour: z.string().regex(/^#[0-9A-Fa-f]{6}$/),
            combine: z.enum(["cumulative", "highest"]),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type CnIssuer = z.infer<typeof cnIssuerSchema>;

export const cnCoverageSchema = z
  .object({
    from: isoDay,
    asOf: isoDay,
    through: isoDay,
    origins: z.object({ covered: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1) }).strict(),
    notModelled: z.array(z.object({ what: z.string().min(1), effect: z.string().min(1) }).strict()),
  })
  .strict();
export type CnCoverage = z.infer<typeof cnCoverageSchema>;

export const cnInstrumentSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9-]+$/),
    kind: z.enum(["tariff-commission-announcement", "tariff-schedule"]),
    id: z.string().min(1),
    title: z.string().min(1),
    signed: isoDay.optional(),
    source: z.string().optional(),
    uncertain: z.string().min(1).optional(),
  })
  .strict();
export type CnInstrument = z.infer<typeof cnInstrumentSchema>;
export const cnInstrumentsFileSchema = z.object({ instruments: z.array(cnInstrumentSchema) }).strict();

const readerSchema = z.discriminatedUnion("name", [
  z
    .object({
      name: z.literal("piie-column"),
      file: z.string(),
      /** Header prefixes of the columns whose values add up to the list's value. */
      columns: z.array(z.string().min(1)).min(1),
      keep: z.enum(["all", "nonzero"]),
      negate: z.boolean().optional(),
    })
    .strict(),
  z.object({ name: z.literal("cn-list-xlsx"), file: z.string() }).strict(),
  z.object({ name: z.literal("cn-annex-text"), file: z.string(), ratePercent: z.number().positive() }).strict(),
  z.object({ name: z.literal("hs6-step"), table: z.enum(["wto", "waugh"]), file: z.string(), from: isoDay, to: isoDay }).strict(),
]);
export type CnListReader = z.infer<typeof readerSchema>;
export const cnProductListsFileSchema = z.object({ lists: z.array(z.object({ id: z.string().regex(/^[a-z0-9-]+$/), reader: readerSchema }).strict()) }).strict();

export const cnMeasureSchema = z
  .object({
    id: z.string().regex(/^cn-[a-z0-9-]+$/),
    authority: z.string(),
    program: z.string().min(1),
    role: z.enum(["duty", "suspension"]),
    suspends: z.array(z.string()).optional(),
    products: z.union([
      z.object({ list: z.string() }).strict(),
      z.object({ all: z.literal(true) }).strict(),
      z.object({ none: z.string().min(1) }).strict(),
    ]),
    rate: z
      .union([z.object({ fromList: z.literal(true), factor: z.number().positive().optional() }).strict(), z.object({ addOn: z.number().min(0) }).strict()])
      .optional(),
    window: z.object({ from: isoDay, to: isoDay.optional() }).strict(),
    status: z.enum(["in-force", "suspended", "superseded"]),
    instrument: z.string(),
    sources: z.array(z.object({ file: z.string().min(1), where: z.string().min(1) }).strict()).min(1),
    secondary: z.string().min(1).optional(),
    uncertain: z.string().min(1).optional(),
    uncertainAfter: z.object({ date: isoDay, reason: z.string().min(1) }).strict().optional(),
    note: z.string().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.role === "duty" && !m.rate) ctx.addIssue({ code: "custom", message: `${m.id}: a duty needs a rate` });
    if (m.role === "suspension" && !(m.suspends && m.suspends.length)) ctx.addIssue({ code: "custom", message: `${m.id}: a suspension names the measures it suspends` });
    if (m.window.to && m.window.to < m.window.from) ctx.addIssue({ code: "custom", message: `${m.id}: window ends before it starts` });
  });
export type CnMeasure = z.infer<typeof cnMeasureSchema>;
export const cnEventsFileSchema = z.object({ measures: z.array(cnMeasureSchema) }).strict();
