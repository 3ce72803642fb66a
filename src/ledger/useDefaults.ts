import { join } from "node:path";
import { z } from "zod";
import { readValidatedYaml } from "../common/yamlSource.js";

/**
 * Per-line defaults of use-based entry facts (ledger/us/use-defaults.yaml): a list that names whole provisions although
 * its duty applies to one use of the article gets a default per line, chosen from what the line is, never one blanket
 * default for the whole list.
 */
export const USE_FACTS = ["passengerVehiclePart", "civilAircraftArticle"] as const;
export type UseFact = (typeof USE_FACTS)[number];

const printed = z.string().regex(/^\d{2}$|^\d{4}(\.\d{2}){0,2}(\.\d{2})?$|^\d{4}\.\d{2}\.\d{4}$/, "expected an HTS code like 8471 or 8537.10");
const useDefaultSchema = z
  .object({
    fact: z.enum(USE_FACTS),
    meaning: z.string().min(1),
    lists: z.array(z.string().min(1)).min(1),
    default: z.boolean(),
    generalProvisions: z.array(z.object({ code: printed, what: z.string().min(1) }).strict()),
    vehicleWords: z.string().min(1),
    source: z.object({ file: z.string().min(1), where: z.string().min(1) }).strict(),
  })
  .strict();
const fileSchema = z.object({ facts: z.array(useDefaultSchema) }).strict();

export interface UseDefault {
  fact: UseFact;
  meaning: string;
  lists: string[];
  default: boolean;
  generalProvisions: { code: string; digits: string; what: string }[];
  vehicleWords: string;
  source: { file: string; where: string };
}

export async function loadUseDefaults(ledgerDir: string): Promise<UseDefault[]> {
  const { facts } = await readValidatedYaml(join(ledgerDir, "use-defaults.yaml"), fileSchema, "BAD_LEDGER_FILE");
  return facts.map((f) => ({ ...f, generalProvisions: f.generalProvisions.map((g) => ({ ...g, digits: g.code.replace(/\D/g, "") })) }));
}

/** The use words of a rule as one case-insensitive pattern, compiled once per distinct text (a hot path). */
const useWordPatterns = new Map<string, RegExp>();
function useWordPattern(words: string): RegExp {
  let re = useWordPatterns.get(words);
  if (!re) useWordPatterns.set(words, (re = new RegExp(`\\b(${words})`, "i")));
  return re;
}

/** The default of a use-based fact for one statistical line, and why. */
export function useDefaultFor(rule: UseDefault, code10: string, description: string): { value: boolean; why: string } {
  const general = rule.generalProvisions.find((g) => code10.startsWith(g.digits));
  if (!general) return { value: rule.default, why: `the line's provision is ${rule.default ? "itself such an article" : "not such an article"} by its terms` };
  if (useWordPattern(rule.vehicleWords).test(description)) {
    return { value: rule.default, why: `${general.code} (${general.what}) is a general provision, but this statistical line names the use ("${description.slice(0, 80)}")` };
  }
  return { value: !rule.default, why: `${general.code} (${general.what}) is a general provision, not limited to that use by its terms` };
}
