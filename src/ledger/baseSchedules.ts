import { access } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { DataFileError } from "../common/errors.js";
import type { LegalDay } from "../common/legalDate.js";
import { readValidatedYaml } from "../common/yamlSource.js";

/**
 * The period table of base schedules (`<ledger>/base-schedules.yaml`): which schedule gives a line's column 1 General
 * rate on a legal day. Policy as data: the engine looks the day up here and never compares dates of its own.
 */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instrumentSchema = z.object({ id: z.string().min(1), title: z.string().min(1), url: z.string().url() }).strict();
const common = { from: isoDay, to: isoDay.optional(), citation: z.string().min(1), caveat: z.string().optional(), instrument: instrumentSchema.optional() };

const periodSchema = z.discriminatedUnion("schedule", [
  z
    .object({
      schedule: z.literal("tariff-database"),
      ...common,
      instrument: instrumentSchema,
      /** Manifest path of the database archive. */
      dataset: z.string().min(1),
      /** The database row of each line in force on this day is the one taken. */
      asOf: isoDay,
      /** Curated HTS-8 concordance (HS 2022 line → database line), repository path. */
      concordance: z.string().min(1),
      /** HS-6 correlation (database vintage → HS 2022), repository path. */
      hs6Concordance: z.string().min(1),
    })
    .strict(),
  z.object({ schedule: z.literal("hts-edition"), ...common, edition: z.string().optional() }).strict(),
]);

const fileSchema = z.object({ periods: z.array(periodSchema).min(1) }).strict();

export type BaseSchedulePeriod = z.infer<typeof periodSchema>;
export type TariffDatabasePeriod = Extract<BaseSchedulePeriod, { schedule: "tariff-database" }>;

/** Read and check the table: periods in order, contiguous, non-overlapping. Absent file → undefined (editions only). */
export async function loadBaseSchedules(ledgerDir: string): Promise<BaseSchedulePeriod[] | undefined> {
  const file = join(ledgerDir, "base-schedules.yaml");
  try {
    await access(file);
  } catch {
    return undefined;
  }
  const { periods } = await readValidatedYaml(file, fileSchema, "BAD_LEDGER_FILE");
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i]!;
    if (p.to !== undefined && p.to <= p.from) throw new DataFileError(file, `period ${i + 1} ends (${p.to}) before it starts (${p.from})`, { code: "BAD_LEDGER_FILE" });
    const next = periods[i + 1];
    if (next && p.to !== next.from) throw new DataFileError(file, `period ${i + 1} ends on ${p.to ?? "(open)"} but period ${i + 2} starts on ${next.from}: periods must be contiguous`, { code: "BAD_LEDGER_FILE" });
  }
  return periods;
}

/** The period holding `day`, if any (periods are half-open [from, to)). */
export function baseScheduleAt(periods: readonly BaseSchedulePeriod[] | undefined, day: LegalDay): BaseSchedulePeriod | undefined {
  if (!periods) return undefined;
  for (const p of periods) if (p.from <= day && (p.to === undefined || day < p.to)) return p;
  return undefined;
}
