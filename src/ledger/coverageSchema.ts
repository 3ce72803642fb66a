import { z } from "zod";

/**
 * The one shape of every issuer's `coverage.yaml`: the legal days the ledger answers for, the origins it models fully
 * (and what is missing for the others), and what it does not model. Sections an issuer does not need are left out:
 * an issuer with no `missingElsewhere` answers for the origins of `full` only.
 */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");
const missingSchema = z.object({ authority: z.string(), what: z.string() }).strict();

export const coverageSchema = z
  .object({
    /** First legal day covered. */
    from: isoDay,
    /** The day the curated events were last reviewed. */
    asOf: isoDay,
    /** Last legal day answered at all. */
    through: isoDay,
    origins: z
      .object({
        /** Origins whose country-specific measures are all modelled. */
        full: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
        /** What is missing for any other origin (present: other origins are answered, with this said). */
        missingElsewhere: z.array(missingSchema).optional(),
        /** Origins with their own list of what is missing (instead of `missingElsewhere`). */
        missingFor: z.record(z.string().regex(/^[A-Z]{2}$/), z.array(missingSchema)).optional(),
      })
      .strict(),
    /**
     * What the ledger does not model: `what`, and where it applies to part of the regime only, the `authority`,
     * `origins` and days [from, to) (an answer holding a duty of that authority on such a day says so); `effect` on
     * the answers where the issuer states it.
     */
    notModelled: z
      .array(
        z
          .object({
            what: z.string().min(1),
            effect: z.string().min(1).optional(),
            authority: z.string().optional(),
            origins: z.array(z.string()).min(1).optional(),
            from: isoDay.optional(),
            to: isoDay.optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()
  .refine((c) => c.from <= c.through, { message: "coverage ends (through) before it starts (from)", path: ["through"] });
export type Coverage = z.infer<typeof coverageSchema>;
