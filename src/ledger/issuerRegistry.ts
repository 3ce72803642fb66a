import { join } from "node:path";
import { z } from "zod";
import { DataFileError } from "../common/errors.js";
import { readValidatedYaml } from "../common/yamlSource.js";

/**
 * The issuer of a ledger folder (`ledger/<issuer>/issuer.yaml`) and its own registries: how its legal references look
 * and its authorities (label, colour, how one authority's measures on one article combine). One schema for every
 * issuer: a measure's `authority` is checked against the registry of its own folder when the ledger is read.
 */
export const combineRuleSchema = z.enum(["highest", "program-order", "cumulative"]);
export type CombineRule = z.infer<typeof combineRuleSchema>;

/** An authority id as issuers write it: lower-case words with dashes (`s301`, `ieepa-reciprocal`, `r2025-fentanyl`). */
export const authorityIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "an authority id like s301 or r2025-fentanyl");

const authorityInfoSchema = z
  .object({
    id: authorityIdSchema,
    label: z.string().min(1),
    colour: z.string().regex(/^#[0-9A-Fa-f]{6}$/, "a colour like #0072B2"),
    combine: combineRuleSchema,
  })
  .strict();
export type AuthorityInfo = z.infer<typeof authorityInfoSchema>;

/**
 * Where the issuer's product catalog comes from, and so which compiler places its lists and which resolver answers:
 * `hts-editions` (the US HTS JSON editions; lists of printed codes; the duty-stack resolver of src/engine) or
 * `piie-china-workbook` (the tariff lines of a PIIE workbook; lists of values per line; the line-layer resolver of
 * src/engine/cnStack.ts). The one compile entry (src/issuerLedger.ts) chooses by this field, never by the issuer code.
 */
export const catalogSourceSchema = z.discriminatedUnion("reader", [
  z.object({ reader: z.literal("hts-editions") }).strict(),
  z.object({ reader: z.literal("piie-china-workbook"), file: z.string().min(1) }).strict(),
]);
export type CatalogSource = z.infer<typeof catalogSourceSchema>;

export const issuerSchema = z
  .object({
    issuer: z.string().regex(/^[A-Z]{2}$/, "a two-letter issuer code (US, CN)"),
    name: z.string().min(1),
    productCodes: z.string().min(1),
    /**
     * The form of the reference a filer declares for a measure (a US Chapter 99 heading). An issuer whose measures are
     * declared by no heading of their own (China: the announcement is the reference) leaves both out, and its
     * measures carry no `heading`.
     */
    headingPattern: z.string().min(1).optional(),
    headingExample: z.string().min(1).optional(),
    authorities: z.array(authorityInfoSchema).min(1),
    catalog: catalogSourceSchema,
  })
  .strict()
  .refine((r) => (r.headingPattern === undefined) === (r.headingExample === undefined), {
    message: "headingPattern and headingExample go together",
    path: ["headingExample"],
  });
export type IssuerRegistry = z.infer<typeof issuerSchema>;

export async function loadIssuerRegistry(ledgerDir: string): Promise<IssuerRegistry> {
  const file = join(ledgerDir, "issuer.yaml");
  const reg = await readValidatedYaml(file, issuerSchema, "BAD_LEDGER_FILE");
  const seen = new Set<string>();
  for (const a of reg.authorities) {
    if (seen.has(a.id)) throw new DataFileError(file, `authority "${a.id}" is listed twice`, { code: "BAD_LEDGER_FILE" });
    seen.add(a.id);
  }
  if (reg.headingPattern !== undefined) {
    try {
      new RegExp(reg.headingPattern);
    } catch (cause) {
      throw new DataFileError(file, `headingPattern is not a regular expression`, { cause, code: "BAD_LEDGER_FILE" });
    }
  }
  return reg;
}
