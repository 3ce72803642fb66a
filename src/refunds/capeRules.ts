import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { DataFileError } from "../common/errors.js";
import { LEDGER_DIR } from "../ledger/compileLedger.js";

/**
 * CAPE entry-specific validations (CSMS # 68340863) as data (`ledger/us/cape-rules.yaml`) and their translation to a
 * SQL CASE over a table of entry summaries. The fields a rule may test are fixed here (`CAPE_FIELDS`); values are
 * quoted, never spliced raw.
 */

export const CAPE_FIELDS = {
  entry_type: "text",
  reconciliation: "bool",
  drawback: "bool",
  protest_status: "text",
  liquidation_status: "text",
  adcvd: "bool",
  adcvd_instructions: "bool",
  days_past_liquidation: "number",
  has_ieepa_line: "bool",
  ieepa_value_reported: "bool",
  surety_paid: "bool",
} as const;

export type CapeCondition =
  | { field: keyof typeof CAPE_FIELDS; in: string[] }
  | { field: keyof typeof CAPE_FIELDS; is: boolean }
  | { field: keyof typeof CAPE_FIELDS; greaterThan: number }
  | { all: CapeCondition[] }
  | { any: CapeCondition[] };

export interface CapeRule {
  id: string;
  letter?: string;
  reason: string;
  when: CapeCondition;
  route: string;
}

const field = z.enum(Object.keys(CAPE_FIELDS) as [keyof typeof CAPE_FIELDS, ...(keyof typeof CAPE_FIELDS)[]]);
const Condition: z.ZodType<CapeCondition> = z.lazy(() =>
  z.union([
    z.object({ field, in: z.array(z.string()).min(1) }).strict(),
    z.object({ field, is: z.boolean() }).strict(),
    z.object({ field, greaterThan: z.number() }).strict(),
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
  ]),
);
const Rule = z
  .object({ id: z.string(), letter: z.string().optional(), reason: z.string(), when: Condition, route: z.string() })
  .strict();
const RulesFile = z.object({
  source: z.object({ file: z.string(), id: z.string() }),
  rules: z.array(Rule).min(1),
  notDeclared: z.array(Rule),
});

export interface CapeRules {
  source: { file: string; id: string };
  rules: CapeRule[];
  notDeclared: CapeRule[];
}

export const CAPE_RULES_FILE = join(LEDGER_DIR, "cape-rules.yaml");

export function loadCapeRules(file = CAPE_RULES_FILE): CapeRules {
  const parsed = RulesFile.safeParse(parseYaml(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new DataFileError(file, `${i.path.join(".")}: ${i.message}`);
  }
  return parsed.data;
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A condition as a SQL boolean expression over the entry-summary columns (NULL-safe: a missing value never matches). */
export function conditionSql(c: CapeCondition): string {
  if ("all" in c) return `(${c.all.map(conditionSql).join(" AND ")})`;
  if ("any" in c) return `(${c.any.map(conditionSql).join(" OR ")})`;
  if ("in" in c) return `COALESCE(${c.field} IN (${c.in.map(lit).join(", ")}), FALSE)`;
  if ("is" in c) return `COALESCE(${c.field} = ${c.is ? "TRUE" : "FALSE"}, FALSE)`;
  return `COALESCE(${c.field} > ${Number(c.greaterThan)}, FALSE)`;
}

/** `CASE … END` giving, for each entry summary, the first matching rule's `pick` (id, reason or route), else `otherwise`. */
export function capeCaseSql(
  rules: CapeRules,
  pick: "id" | "reason" | "route" | "status",
  otherwise: string | null,
): string {
  const all = [
    ...rules.notDeclared.map((r) => ({ r, status: "not-declared" })),
    ...rules.rules.map((r) => ({ r, status: "rejected" })),
  ];
  const value = (x: { r: CapeRule; status: string }): string =>
    lit(pick === "status" ? x.status : pick === "id" ? (x.r.letter ? `${x.r.letter}:${x.r.id}` : x.r.id) : x.r[pick]);
  return `CASE ${all.map((x) => `WHEN ${conditionSql(x.r.when)} THEN ${value(x)}`).join(" ")} ELSE ${otherwise === null ? "NULL" : lit(otherwise)} END`;
}
