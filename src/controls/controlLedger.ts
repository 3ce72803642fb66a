import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { DataFileError, InputError } from "../common/errors.js";
import { parseValidatedYaml } from "../common/yamlSource.js";
import { LEDGER_ROOT } from "../ledger/compileLedger.js";

/**
 * The export-control ledgers: `ledger/us/controls/*.yaml` (BIS rules) and `ledger/cn/controls/*.yaml` (MOFCOM/GAC
 * announcements). Each file lists dated control measures — one state per measure, like the tariff ledger: a later
 * suspension is a new measure with its own window — each with its instrument, the goods it controls (HS/HTS codes
 * where a source maps them) and the files it was taken from. `uncertain` says what the mirror does not hold.
 */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

/** Measure ids: `<issuer>.<yyyy-mm-dd>.<slug>` for China's (the convention shared with `ledger/cn/events/`), dotted words otherwise. */
export const CONTROL_ID = /^(us|cn)\.[a-z0-9][a-z0-9.-]*$/;

const sourceSchema = z
  .object({ file: z.string().min(1).optional(), url: z.string().url().optional(), where: z.string().min(1) })
  .strict()
  .refine((s) => s.file !== undefined || s.url !== undefined, "a source names a mirror file or an address");

export const controlMeasureSchema = z
  .object({
    id: z.string().regex(CONTROL_ID, "ids are <issuer>.<words> in lower case (e.g. cn.2023-07-03.gallium-germanium)"),
    title: z.string().min(1),
    kind: z.enum(["licensing", "export-ban", "ownership-rule", "entity-listing", "end-user-rule"]),
    /** The instrument as cited ("MOFCOM/GAC Announcement No. 23 of 2023", "90 FR 47201"). */
    instrument: z.string().min(1),
    announced: isoDay,
    window: z.object({ from: isoDay, to: isoDay.optional() }).strict(),
    status: z.enum(["in-force", "suspended", "lifted", "announced"]),
    /** For a suspension or lifting: the measures it switches off. */
    suspends: z.array(z.string().regex(CONTROL_ID)).min(1).optional(),
    goods: z
      .object({
        description: z.string().min(1),
        /** US HTS-10 codes the goods are imported under (as the source maps them). */
        hts10: z.array(z.string().regex(/^\d{10}$/)).default([]),
        /** HS-6 codes used for trade exposure. */
        hs6: z.array(z.string().regex(/^\d{6}$/)).default([]),
        mapping: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** Parameters a rule needs (the Affiliates Rule's threshold). */
    threshold: z.number().positive().max(100).optional(),
    sources: z.array(sourceSchema).min(1),
    uncertain: z.string().min(1).optional(),
  })
  .strict()
  .refine((m) => m.window.to === undefined || m.window.to > m.window.from, "window.to must be after window.from");
export type ControlMeasure = z.infer<typeof controlMeasureSchema> & { issuer: "US" | "CN"; file: string };

const controlFileSchema = z.object({ controls: z.array(controlMeasureSchema).min(1) }).strict();

export interface ControlLedger {
  measures: ControlMeasure[];
}

/** Read every control file of both issuers (or of the folder given, for tests). Duplicate ids are an error. */
export function loadControlLedger(root: string = LEDGER_ROOT): ControlLedger {
  const measures: ControlMeasure[] = [];
  for (const issuer of ["us", "cn"] as const) {
    const dir = join(root, issuer, "controls");
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const file = join(dir, f);
      const parsed = parseValidatedYaml(file, readFileSync(file, "utf8"), controlFileSchema, "BAD_CONTROL_LEDGER");
      for (const m of parsed.controls) {
        if (!m.id.startsWith(`${issuer}.`)) {
          throw new DataFileError(file, `${m.id}: a measure of ledger/${issuer}/ must have an id starting "${issuer}."`, { code: "BAD_CONTROL_LEDGER" });
        }
        measures.push({ ...m, issuer: issuer === "us" ? "US" : "CN", file: `ledger/${issuer}/controls/${f}` });
      }
    }
  }
  const seen = new Set<string>();
  for (const m of measures) {
    if (seen.has(m.id)) throw new DataFileError(m.file, `measure id ${m.id} appears twice`, { code: "BAD_CONTROL_LEDGER" });
    seen.add(m.id);
  }
  for (const m of measures) {
    for (const s of m.suspends ?? []) if (!seen.has(s)) {
      throw new DataFileError(m.file, `${m.id}: suspends ${s}, which no control file defines`, { code: "BAD_CONTROL_LEDGER" });
    }
  }
  return { measures };
}

/** Is the measure's window open on `date` (half-open [from, to))? */
export function inWindow(m: { window: { from: string; to?: string | undefined } }, date: string): boolean {
  return m.window.from <= date && (m.window.to === undefined || date < m.window.to);
}

/** The measures whose window holds `date`, optionally of one issuer. */
export function controlsOn(ledger: ControlLedger, date: string, issuer?: "US" | "CN"): ControlMeasure[] {
  checkDay(date, "date");
  return ledger.measures.filter((m) => (!issuer || m.issuer === issuer) && inWindow(m, date));
}

export function checkDay(date: string, field: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new InputError("BAD_DATE", field, `${JSON.stringify(date)} is not a date YYYY-MM-DD`);
  }
  return date;
}
