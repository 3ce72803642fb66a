import { join } from "node:path";
import { z } from "zod";
import { readValidatedYaml } from "../common/yamlSource.js";
import { authoritySchema } from "./measureSchema.js";

/**
 * The issuer of a ledger folder (`ledger/<issuer>/issuer.yaml`) and its own registries: how its legal references look
 * and its authorities (label, colour, how one authority's measures on one article combine).
 */
export const combineRuleSchema = z.enum(["highest", "program-order", "cumulative"]);
export type CombineRule = z.infer<typeof combineRuleSchema>;

const authorityInfoSchema = z
  .object({
    id: authoritySchema,
    label: z.string().min(1),
    colour: z.string().regex(/^#[0-9A-Fa-f]{6}$/, "a colour like #0072B2"),
    combine: combineRuleSchema,
  })
  .strict();
export type AuthorityInfo = z.infer<typeof authorityInfoSchema>;

const issuerSchema = z
  .object({
    issuer: z.string().regex(/^[A-Z]{2}$/, "a two-letter issuer code (US, CN)"),
    name: z.string().min(1),
    productCodes: z.string().min(1),
    headingPattern: z.string().min(1),
    headingExample: z.string().min(1),
    authorities: z.array(authorityInfoSchema).min(1),
  })
  .strict();
export type IssuerRegistry = z.infer<typeof issuerSchema>;

export async function loadIssuerRegistry(ledgerDir: string): Promise<IssuerRegistry> {
  const file = join(ledgerDir, "issuer.yaml");
  const reg = await readValidatedYaml(file, issuerSchema, "BAD_LEDGER_FILE");
  const seen = new Set<string>();
  for (const a of reg.authorities) {
    if (seen.has(a.id)) throw new Error(`${file}: authority "${a.id}" is listed twice`);
    seen.add(a.id);
  }
  new RegExp(reg.headingPattern); // a bad pattern is an error here, naming nothing else
  return reg;
}
