import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { readValidatedYaml } from "../common/yamlSource.js";

/**
 * The origins whose goods pay the rates of column 2 (general note 3(b)), from the day each became one
 * (ledger/<issuer>/column2.yaml). Absent file: none.
 */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const fileSchema = z
  .object({
    origins: z.array(z.object({ origin: z.string().regex(/^[A-Z]{2}$/), from: isoDay.optional() }).strict()).min(1),
    source: z.object({ file: z.string().min(1), where: z.string().min(1) }).strict(),
    citations: z.array(z.object({ title: z.string().min(1), url: z.string().url() }).strict()).optional(),
  })
  .strict();

export type Column2Origins = z.infer<typeof fileSchema>;

export async function loadColumn2Origins(ledgerDir: string): Promise<Column2Origins | undefined> {
  const file = join(ledgerDir, "column2.yaml");
  if (!existsSync(file)) return undefined;
  return readValidatedYaml(file, fileSchema, "BAD_LEDGER_FILE");
}

/** Whether goods of `origin` pay column 2 on `day`. */
export function paysColumn2(c: Column2Origins | undefined, origin: string, day: string): boolean {
  const e = c?.origins.find((o) => o.origin === origin);
  return e !== undefined && (e.from === undefined || day >= e.from);
}

/** The day goods of `origin` start paying column 2, if it is a column 2 origin (for history boundaries). */
export function column2Start(c: Column2Origins | undefined, origin: string): string | undefined {
  return c?.origins.find((o) => o.origin === origin)?.from;
}
