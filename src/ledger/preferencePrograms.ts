import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { readValidatedYaml } from "../common/yamlSource.js";

/**
 * Tariff preference programs of column 1 Special (ledger/<issuer>/preferences.yaml): which origins may claim a
 * program, the special program indicators the HTS prints for it, and the entry fact that says the claim is made.
 * When the fact holds and the line's Special column lists an indicator of the program, the base rate is that special
 * rate instead of column 1 General.
 */
const programSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    label: z.string().min(1),
    origins: z.array(z.string().regex(/^[A-Z]{2}$/)).min(1),
    indicators: z.array(z.string().min(1)).min(1),
    fact: z.enum(["usmcaQualifying"]),
    source: z.object({ file: z.string().min(1), where: z.string().min(1) }).strict(),
  })
  .strict();
const fileSchema = z.object({ programs: z.array(programSchema) }).strict();

export type PreferenceProgram = z.infer<typeof programSchema>;

/** The issuer's preference programs (none when the folder has no preferences.yaml). */
export async function loadPreferencePrograms(ledgerDir: string): Promise<PreferenceProgram[]> {
  const file = join(ledgerDir, "preferences.yaml");
  if (!existsSync(file)) return [];
  return (await readValidatedYaml(file, fileSchema, "BAD_LEDGER_FILE")).programs;
}
