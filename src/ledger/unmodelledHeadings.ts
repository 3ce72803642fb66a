/**
 * `ledger/us/unmodelled-headings.yaml`: the Chapter 99 headings the ledger deliberately does not model, in groups,
 * each with the reason and the text it rests on. A group names headings by prefix ("9902", "9903.88"), one by one
 * ("9903.02.01") or by inclusive range ("9903.01.43-9903.01.76").
 */
import { join } from "node:path";
import { z } from "zod";
import { readValidatedYaml } from "../common/yamlSource.js";
import { LEDGER_DIR } from "./compileLedger.js";

const PREFIX = /^99\d{2}(?:\.\d{2})?$/;
const HEADING = /^99\d{2}\.\d{2}\.\d{2}$/;

const specSchema = z.string().refine(
  (s) => {
    const [a, b, ...rest] = s.split("-");
    if (rest.length > 0 || a === undefined) return false;
    if (b === undefined) return PREFIX.test(a) || HEADING.test(a);
    return HEADING.test(a) && HEADING.test(b) && a <= b;
  },
  {
    message:
      'expected a prefix ("9902", "9903.88"), a heading ("9903.02.01") or an ascending range ("9903.01.43-9903.01.76")',
  },
);

const fileSchema = z
  .object({
    groups: z
      .array(
        z
          .object({
            headings: z.array(specSchema).min(1),
            reason: z.string().min(1),
            /**
             * The origins whose goods the headings name, when they are country measures: the ledger's coverage lists the
             * group as missing for each of them (compileLedger.ts), so that no answer for those origins reads as complete.
             */
            origins: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1).optional(),
            /** The authority of those measures (coverage items are named by authority). */
            authority: z.string().min(1).optional(),
            source: z.object({ file: z.string().min(1), where: z.string().min(1) }).strict(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** One group of unmodelled headings. */
export type UnmodelledGroup = z.infer<typeof fileSchema>["groups"][number];

/** Read and check the file (default: the US ledger's); errors name the file and the line. */
export async function loadUnmodelledHeadings(file: string = join(LEDGER_DIR, "unmodelled-headings.yaml")): Promise<UnmodelledGroup[]> {
  return (await readValidatedYaml(file, fileSchema, "BAD_LEDGER_FILE")).groups;
}

/** Does `spec` name `heading` ("9903.01.45")? */
export function specNames(spec: string, heading: string): boolean {
  const [a, b] = spec.split("-") as [string, string | undefined];
  if (b !== undefined) return heading.length === a.length && a <= heading && heading <= b;
  return HEADING.test(a) ? heading === a : heading.startsWith(`${a}.`) || heading === a;
}

/** The first group naming `heading`, or undefined. */
export function unmodelledGroupOf(groups: readonly UnmodelledGroup[], heading: string): UnmodelledGroup | undefined {
  return groups.find((g) => g.headings.some((s) => specNames(s, heading)));
}
