import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { readValidatedYaml } from "../common/yamlSource.js";
import type { EntryFacts } from "../engine/entryFacts.js";
import { DataFileError, InputError } from "../common/errors.js";

/**
 * Tariff preference programs of column 1 Special (ledger/<issuer>/preferences.yaml): which origins may claim a
 * program, when it is in force, the special program indicators the HTS prints for it, and how an entry claims it —
 * always by the indicator it declares (entry fact `specialProgram`), and for a program other measures also turn on
 * (USMCA) by a boolean fact of its own. When the claim is made and the line's Special column lists an indicator of
 * the program, the base rate is that special rate instead of column 1 General.
 */
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const programSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    label: z.string().min(1),
    /** The origins whose goods may claim it, or "any" for a program open to goods of every origin (C, K, L). */
    origins: z.union([z.literal("any"), z.array(z.string().regex(/^[A-Z]{2}$/)).min(1)]),
    indicators: z.array(z.string().regex(/^[A-Z]{1,2}[+*]?$/)).min(1),
    /** A boolean entry fact that is the same claim (other measures read it: USMCA's exemptions). */
    fact: z.enum(["usmcaQualifying"]).optional(),
    /**
     * Boolean entry facts a declared claim of the program settles (a "C" claim certifies an article of civil aircraft,
     * general note 6): filled in when silent, an input error when the facts say otherwise. One way only: the fact does
     * not make the claim.
     */
    implies: z.record(z.enum(["civilAircraftArticle"]), z.boolean()).optional(),
    /** The days the program can be claimed: `from` the first, `to` the first day it no longer can (absent: open). */
    window: z.object({ from: isoDay.optional(), to: isoDay.optional() }).strict().optional(),
    /** What is not settled about the program on the days it answers (the claim's answers carry it). */
    uncertain: z.string().min(1).optional(),
    source: z.object({ file: z.string().min(1), where: z.string().min(1) }).strict(),
    /** Further citations (the law that ends or renews the program). */
    citations: z.array(z.object({ title: z.string().min(1), url: z.string().url() }).strict()).optional(),
  })
  .strict();
const fileSchema = z.object({ programs: z.array(programSchema) }).strict();

export type PreferenceProgram = z.infer<typeof programSchema>;

/** The issuer's preference programs (none when the folder has no preferences.yaml). */
export async function loadPreferencePrograms(ledgerDir: string): Promise<PreferenceProgram[]> {
  const file = join(ledgerDir, "preferences.yaml");
  if (!existsSync(file)) return [];
  const programs = (await readValidatedYaml(file, fileSchema, "BAD_LEDGER_FILE")).programs;
  const seen = new Map<string, string>();
  for (const p of programs) {
    for (const i of p.indicators) {
      const other = seen.get(i);
      if (other !== undefined)
        throw new DataFileError(file, `indicator "${i}" is listed by both programs ${other} and ${p.id}`, {
          code: "BAD_LEDGER_FILE",
        });
      seen.set(i, p.id);
    }
  }
  return programs;
}

/** Each program's origins as a set (GSP lists over a hundred): `openTo` runs for every stack. */
const originSets = new WeakMap<PreferenceProgram, Set<string>>();

/** Whether goods of the origin may claim the program (it is open to any origin, or the origin is one of its own). */
export function openTo(p: PreferenceProgram, origin: string): boolean {
  if (p.origins === "any") return true;
  let set = originSets.get(p);
  if (!set) originSets.set(p, (set = new Set(p.origins)));
  return set.has(origin);
}

/** The program's origins as the answers name them. */
export function originsOf(p: PreferenceProgram): string {
  return p.origins === "any" ? "any origin" : p.origins.join(", ");
}

const openByOrigin = new WeakMap<readonly PreferenceProgram[], Map<string, readonly PreferenceProgram[]>>();

/**
 * The programs (of the ledger's preferences.yaml) whose origins include the origin, in the ledger's order; kept per
 * programs list and origin (every stack asks), so read-only.
 */
export function programsOpenTo(programs: readonly PreferenceProgram[] | undefined, origin: string): readonly PreferenceProgram[] {
  if (programs === undefined) return [];
  let byOrigin = openByOrigin.get(programs);
  if (!byOrigin) openByOrigin.set(programs, (byOrigin = new Map()));
  let list = byOrigin.get(origin);
  if (!list) byOrigin.set(origin, (list = programs.filter((p) => openTo(p, origin))));
  return list;
}

/** Whether the program can be claimed on `day`. */
export function programInForce(p: PreferenceProgram, day: string): boolean {
  return programInForceDuring(p, day, day);
}

/** Whether the program can be claimed on some day from `first` to `last` (inclusive). */
export function programInForceDuring(p: PreferenceProgram, first: string, last: string): boolean {
  return (p.window?.from === undefined || last >= p.window.from) && (p.window?.to === undefined || first < p.window.to);
}

/**
 * Whether the entry claims program `p`: true / false when its facts say so (the declared indicator, or the program's
 * own boolean fact), undefined when they are silent. A declared indicator of another program is a claim of that one,
 * so it says "no" to this one.
 */
export function programClaim(p: PreferenceProgram, facts: EntryFacts): boolean | undefined {
  const own = p.fact !== undefined ? facts[p.fact] : undefined;
  if (own !== undefined) return own;
  if (facts.specialProgram === undefined) return undefined;
  return p.indicators.includes(facts.specialProgram);
}

/**
 * The entry facts with each program's own boolean fact filled in from a declared indicator ("S" is a USMCA claim,
 * "KR" or "none" is not), so the measures that turn on that fact see the same claim. A declared indicator no program
 * lists, or one that contradicts the program's own fact, is an input error naming the facts.
 */
export function withProgramFacts(programs: readonly PreferenceProgram[], facts: EntryFacts): EntryFacts {
  if (facts.specialProgram === undefined) return facts;
  // A history resolves the same facts object on many lines and days: its completion is kept per programs and facts.
  let byFacts = completed.get(programs);
  if (!byFacts) completed.set(programs, (byFacts = new WeakMap()));
  let out = byFacts.get(facts);
  if (out === undefined) byFacts.set(facts, (out = completeProgramFacts(programs, facts)));
  return out;
}

const completed = new WeakMap<readonly PreferenceProgram[], WeakMap<EntryFacts, EntryFacts>>();

function completeProgramFacts(programs: readonly PreferenceProgram[], facts: EntryFacts): EntryFacts {
  const spi = facts.specialProgram!;
  if (spi !== "none" && !programs.some((p) => p.indicators.includes(spi))) {
    throw new InputError(
      "BAD_FACT",
      "fact specialProgram",
      `"${spi}" is not a special program indicator of the ledger's preference programs`,
      [...new Set(programs.flatMap((p) => p.indicators))].sort(),
    );
  }
  let out = facts;
  for (const p of programs) {
    if (p.implies !== undefined && p.indicators.includes(spi)) {
      for (const [fact, value] of Object.entries(p.implies) as [keyof typeof p.implies, boolean][]) {
        const stated = out[fact];
        if (stated === undefined) out = { ...out, [fact]: value };
        else if (stated !== value)
          throw new InputError(
            "BAD_FACT",
            `facts ${fact} and specialProgram`,
            `${fact}=${stated} contradicts specialProgram=${spi} (claiming ${p.label} means ${fact}=${value})`,
          );
      }
    }
    if (p.fact === undefined) continue;
    const declared = p.indicators.includes(spi);
    const own = facts[p.fact];
    if (own === undefined) out = { ...out, [p.fact]: declared };
    else if (own !== declared)
      throw new InputError(
        "BAD_FACT",
        `facts ${p.fact} and specialProgram`,
        `${p.fact}=${own} contradicts specialProgram=${spi} (${p.label} is claimed by ${p.indicators.join("/")})`,
      );
  }
  return out;
}
