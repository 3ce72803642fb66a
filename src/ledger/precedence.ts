import { readFile } from "node:fs/promises";
import { z } from "zod";
import { DataFileError } from "../common/errors.js";
import { parseValidatedYaml } from "../common/yamlSource.js";
import type { LegalDay } from "../common/legalDate.js";
import { authoritySchema, type Authority } from "./measureSchema.js";

/**
 * The precedence table: which layer yields to which, on what part of the value, period by period
 * (ledger/us/stacking/precedence.yaml). The engine reads these rows; it holds no dated rule of its own.
 */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const yieldRuleSchema = z
  .object({ layer: authoritySchema, to: authoritySchema, share: z.enum(["full", "to-base"]) })
  .strict();
export type YieldRule = z.infer<typeof yieldRuleSchema>;

const periodSchema = z
  .object({
    id: z.string().min(1),
    from: isoDay,
    to: isoDay.optional(),
    yields: z.array(yieldRuleSchema),
    source: z.object({ text: z.string().min(1), file: z.string().min(1) }).strict(),
  })
  .strict();
export type PrecedencePeriod = z.infer<typeof periodSchema>;

/**
 * Headings a legal text makes stack although their authority takes one rate (e.g. note 31(l)(i): goods of 9903.91.14
 * "shall also be subject to" 9903.92.10). The authority's own rule is in the issuer registry (issuer.yaml).
 */
const withinSchema = z
  .object({
    cumulative: z
      .array(
        z
          .object({
            headings: z.array(z.string().min(1)).min(2),
            source: z.object({ text: z.string().min(1), file: z.string().min(1) }).strict(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const programGroupSchema = z.object({ programs: z.array(z.string().min(1)).min(1), pick: z.enum(["highest", "per-metal"]) }).strict();
export type ProgramGroup = z.infer<typeof programGroupSchema>;

const tableSchema = z
  .object({
    periods: z.array(periodSchema).min(1),
    /** For each authority whose rule is program-order: its program groups, first wins. */
    programOrder: z.record(authoritySchema, z.array(programGroupSchema).min(1)),
    within: withinSchema,
  })
  .strict();
export type PrecedenceTable = z.infer<typeof tableSchema>;

export function parsePrecedenceTable(file: string, text: string): PrecedenceTable {
  const table = parseValidatedYaml(file, text, tableSchema, "BAD_LEDGER_FILE");
  const periods = [...table.periods].sort((a, b) => (a.from < b.from ? -1 : 1));
  for (let i = 1; i < periods.length; i++) {
    if (periods[i - 1]!.to !== periods[i]!.from) {
      throw new DataFileError(file, `period ${periods[i]!.id} must start where ${periods[i - 1]!.id} ends (no gaps or overlaps)`, {
        code: "BAD_LEDGER_FILE",
      });
    }
  }
  return { ...table, periods };
}

export async function loadPrecedenceTable(file: string): Promise<PrecedenceTable> {
  return parsePrecedenceTable(file, await readFile(file, "utf8"));
}

/** The period row in force on a legal day (the first row before the table starts is used for earlier days). */
export function periodAt(table: PrecedenceTable, day: LegalDay): PrecedencePeriod {
  for (const p of table.periods) if (day >= p.from && (p.to === undefined || day < p.to)) return p;
  return table.periods[0]!;
}

/** The program groups of an authority whose measures combine by program order. */
export function programGroups(table: PrecedenceTable, authority: Authority): ProgramGroup[] {
  return table.programOrder[authority] ?? [];
}

/** Index of a program's group in its authority's order (lower wins), or undefined if it is not listed. */
export function programGroupOf(table: PrecedenceTable, authority: Authority, program: string): number | undefined {
  const i = programGroups(table, authority).findIndex((g) => g.programs.includes(program));
  return i < 0 ? undefined : i;
}

/** Do two headings stack although their authority otherwise takes one rate (an explicit "also subject to")? */
export function stacksExplicitly(table: PrecedenceTable, a: string, b: string): boolean {
  return table.within.cumulative.some((c) => c.headings.includes(a) && c.headings.includes(b));
}

/** How `layer` yields to `to` in the period, if it does. */
export function yieldShare(period: PrecedencePeriod, layer: Authority, to: Authority): "full" | "to-base" | undefined {
  return period.yields.find((y) => y.layer === layer && y.to === to)?.share;
}
