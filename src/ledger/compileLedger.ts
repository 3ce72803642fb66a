import { createHash } from "node:crypto";
import { VIEW_ID_PATTERN } from "./legalViews.js";
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { basename, join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DataFileError } from "../common/errors.js";
import { readValidatedYaml } from "../common/yamlSource.js";
import { formatHts } from "../common/htsCode.js";
import type { HtsCatalog } from "../schedule/htsCatalog.js";
import { printedRatePercent } from "./printedRate.js";
import { loadLedgerFiles, type ProductListEntry as RegistryEntry } from "./eventFiles.js";
import type { Ledger, LedgerMeasure, LedgerView, OriginCoverage } from "./ledgerTypes.js";

import { authoritySchema, instrumentKeySchema, sourceRefSchema, type Measure } from "./measureSchema.js";
import { loadPrecedenceTable, programGroupOf } from "./precedence.js";
import type { ResolvedList } from "./productScopes.js";
import { loadUseDefaults } from "./useDefaults.js";
import { baseScheduleAt, loadBaseSchedules } from "./baseSchedules.js";
import type { PriorBaseTable } from "../schedule/priorBase.js";
import { loadPreferencePrograms } from "./preferencePrograms.js";
import { loadColumn2Origins } from "./column2Origins.js";
import { loadUnmodelledHeadings, type UnmodelledGroup } from "./unmodelledHeadings.js";
import { coverageSchema } from "./coverageSchema.js";
import { toStackMeasures } from "./stackMeasures.js";
import { checkUsAuthorities } from "./usAuthorities.js";

/** Coverage items by origin (authority and what is missing). */
type MissingByOrigin = Record<string, { authority: string; what: string }[]>;

/** The package's ledger root: one folder per issuer (`us/`, later `cn/`), each with its own registries. */
export const LEDGER_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "ledger");
/** The US ledger folder (issuer.yaml, events/, stacking/, views, coverage, product lists, instruments). */
export const LEDGER_DIR = join(LEDGER_ROOT, "us");

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const viewsSchema = z
  .object({
    views: z.array(
      z
        .object({
          id: z.string().regex(new RegExp(VIEW_ID_PATTERN), "a view id like collected"),
          default: z.boolean().default(false),
          /** A short name for menus ("As collected"). */
          label: z.string().min(1),
          description: z.string(),
          voidAuthorities: z.array(authoritySchema),
          ruling: z.object({ title: z.string(), date: isoDay, url: z.string().url(), file: z.string() }).strict().optional(),
        })
        .strict(),
    ),
  })
  .strict();
const terminationsSchema = z
  .object({
    terminations: z.array(
      z
        .object({
          id: z.string().min(1),
          date: isoDay,
          authorities: z.array(z.string().min(1)).min(1),
          instrument: instrumentKeySchema,
          sources: z.array(sourceRefSchema).min(1),
        })
        .strict(),
    ),
  })
  .strict();
const readYaml = <T>(file: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): Promise<T> =>
  readValidatedYaml(file, schema, "BAD_LEDGER_FILE");

/** Inputs the compiler needs besides the ledger folder: already-loaded sources. */
export interface LedgerInputs {
  catalog: HtsCatalog;
  /** Legal day from which each edition's product facts apply (index-aligned with catalog.editions). */
  editionStarts: string[];
  /** Product lists by registry id, resolved from notes, annexes or typed codes. */
  lists: Map<string, ResolvedList>;
  /** The list registry (ledger/us/product-lists.yaml) the lists were resolved from. */
  registry: Map<string, RegistryEntry>;
  /** A hash of every source file behind catalog and lists. */
  sourcesKey: string;
  /** `ledgerFilesHash(ledgerDir)`, computed once by the caller (it also keys the compiled cache). */
  ledgerFilesKey: string;
  ledgerDir?: string;
  /** The tariff-database period's base rates placed on the catalog's lines (when base-schedules.yaml has such a period). */
  priorBase?: PriorBaseTable;
}

/** Hash of every file under the ledger folder: part of the ledger version and of the compiled-cache key. */
export async function ledgerFilesHash(dir: string = LEDGER_DIR): Promise<string> {
  const h = createHash("sha256");
  const walk = async (d: string): Promise<void> => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith(".yaml")) h.update(e.name).update("\0").update(await readFile(p));
    }
  };
  await walk(dir);
  return h.digest("hex").slice(0, 16);
}

/** Check a curated measure against what the editions print for its heading during its window. */
function checkAgainstEditions(m: Measure, inputs: LedgerInputs): { ok: boolean; message: string } {
  if (m.role === "exemption") return { ok: true, message: `${m.heading}: exemption (0%), printed rate not compared` };
  const digits = m.heading.replace(/\./g, "");
  const versions = inputs.catalog.headings.get(digits);
  if (!versions) {
    return { ok: true, message: `${m.heading} is not printed in any JSON edition (curated from later change records or texts)` };
  }
  const idxs: number[] = [];
  for (let i = 0; i < inputs.editionStarts.length; i++) {
    const start = inputs.editionStarts[i]!;
    const next = inputs.editionStarts[i + 1] ?? "9999-12-31";
    if (next > m.window.from && (m.window.to === undefined || start < m.window.to)) idxs.push(i);
  }
  const stated = "addOn" in m.rate ? m.rate.addOn : "total" in m.rate ? m.rate.total : "floor" in m.rate ? m.rate.floor : 0;
  const printed = new Set<string>();
  for (const i of idxs) {
    const v = versions.find((x) => x.from <= i && i <= x.to);
    if (v) printed.add(v.general.trim());
  }
  if (printed.size === 0) return { ok: true, message: `${m.heading} not printed during ${m.window.from}–${m.window.to ?? "…"}` };
  // A floor's pair of headings: the one for lines at or above the floor prints the column 1 rate ("The duty provided in
  // the applicable subheading"), the other the floor as a total.
  const matches = [...printed].some((g) => printedRatePercent(g) === stated || ("floor" in m.rate && printedRatePercent(g) === 0));
  return matches || m.status !== "in-force"
    ? { ok: true, message: `${m.heading}: printed ${[...printed].map((g) => JSON.stringify(g)).join(" / ")}; ledger ${stated}% (${m.status})` }
    : { ok: false, message: `${m.heading}: the editions print ${[...printed].map((g) => JSON.stringify(g)).join(" / ")} during the window but the ledger says ${stated}%` };
}

/** Compile the curated ledger and the sources into the engine's ledger. */
export async function compileLedger(inputs: LedgerInputs): Promise<Ledger> {
  const dir = inputs.ledgerDir ?? LEDGER_DIR;
  const { registry } = inputs;
  // Headings and authorities are checked against the issuer registry as the files are read (with file and line).
  const loaded = await loadLedgerFiles(join(dir, "events"), { productListsFile: join(dir, "product-lists.yaml"), registry });
  const { issuer, instruments } = loaded;
  checkUsAuthorities(issuer, join(dir, "issuer.yaml"));
  const measures = toStackMeasures(loaded);
  const precedence = await loadPrecedenceTable(join(dir, "stacking", "precedence.yaml"));
  for (const m of measures) {
    const authority = issuer.authorities.find((a) => a.id === m.authority)!;
    if (authority.combine === "program-order" && programGroupOf(precedence, m.authority, m.program) === undefined) {
      throw new DataFileError(join(dir, "stacking", "precedence.yaml"), `programOrder.${m.authority} does not list program "${m.program}" (measure ${m.id})`, { code: "BAD_LEDGER_FILE" });
    }
  }
  const views = (await readYaml(join(dir, "views.yaml"), viewsSchema)).views as LedgerView[];
  if (views.filter((v) => v.default).length !== 1) {
    throw new DataFileError(join(dir, "views.yaml"), "exactly one view must be marked `default: true`", { code: "BAD_LEDGER_FILE" });
  }
  const useDefaults = await loadUseDefaults(dir);
  for (const u of useDefaults) {
    for (const id of u.lists) {
      if (!registry.has(id)) throw new DataFileError("ledger/us/use-defaults.yaml", `${u.fact}: list "${id}" is not in ledger/us/product-lists.yaml`, { code: "BAD_LEDGER_FILE" });
    }
  }
  const coverageFile = join(dir, "coverage.yaml");
  const coverage = await readYaml(coverageFile, coverageSchema);
  const { missingElsewhere } = coverage.origins;
  if (missingElsewhere === undefined) {
    throw new DataFileError(coverageFile, "origins.missingElsewhere is needed: this ledger's stacks answer for every origin, so its coverage says what is missing for origins outside `full`", { code: "BAD_LEDGER_FILE" });
  }
  const notModelled = coverage.notModelled.map((n, i) => {
    if (n.authority === undefined || n.origins === undefined || n.from === undefined || n.to === undefined) {
      throw new DataFileError(coverageFile, `notModelled[${i}] ("${n.what.slice(0, 40)}…") needs authority, origins, from and to: the stacks of this ledger note it on the duties and days it concerns`, { code: "BAD_LEDGER_FILE" });
    }
    return { authority: n.authority, origins: n.origins, from: n.from, to: n.to, what: n.what };
  });
  const baseSchedules = await loadBaseSchedules(dir);
  if (baseSchedules) {
    const first = baseScheduleAt(baseSchedules, coverage.from);
    if (!first) throw new DataFileError(join(dir, "base-schedules.yaml"), `no period holds the first day of coverage (${coverage.from}, coverage.yaml)`, { code: "BAD_LEDGER_FILE" });
    if (first.schedule === "tariff-database" && !inputs.priorBase) {
      throw new DataFileError(join(dir, "base-schedules.yaml"), `the period from ${first.from} reads ${first.dataset}, but its base rates were not loaded`, { code: "BAD_LEDGER_FILE" });
    }
  } else if (coverage.from < (inputs.editionStarts[0] ?? coverage.from)) {
    throw new DataFileError(join(dir, "coverage.yaml"), `coverage starts on ${coverage.from}, before the first HTS edition (${inputs.editionStarts[0]}), and there is no base-schedules.yaml saying which schedule gives the base rates before it`, { code: "BAD_LEDGER_FILE" });
  }
  const preferences = await loadPreferencePrograms(dir);
  const column2 = await loadColumn2Origins(dir);
  for (const m of measures) {
    for (const c of m.conditions ?? []) {
      if ("claims" in c && !preferences.some((p) => p.id === c.claims))
        throw new DataFileError(`ledger/${basename(dir)}`, `measure ${m.id}: condition claims "${c.claims}" names no program of preferences.yaml`, { code: "BAD_LEDGER_FILE" });
    }
  }
  const terminations = (await readYaml(join(dir, "terminations.yaml"), terminationsSchema)).terminations.map((t) => {
    const instrument = instruments.get(t.instrument);
    if (!instrument) throw new DataFileError("ledger/us/terminations.yaml", `${t.id}: unknown instrument "${t.instrument}" (not in ledger/us/instruments.yaml)`, { code: "UNKNOWN_INSTRUMENT" });
    if (instrument.url === undefined) throw new DataFileError("ledger/us/terminations.yaml", `${t.id}: instrument "${t.instrument}" has no url`, { code: "BAD_LEDGER_FILE" });
    return { ...t, instrument: { ...instrument, url: instrument.url } };
  });
  for (const t of terminations) {
    for (const m of measures) {
      if (t.authorities.includes(m.authority) && m.status !== "announced" && (m.window.to === undefined || m.window.to > t.date)) {
        throw new DataFileError("ledger/us/terminations.yaml", `${t.id} ends ${m.authority} on ${t.date}, but measure ${m.id} runs to ${m.window.to ?? "(open)"}`, { code: "BAD_LEDGER_FILE" });
      }
    }
  }

  const compiled: LedgerMeasure[] = measures.map((m, index) => {
    const include = new Set<string>();
    const origin: Record<string, string> = {};
    for (const c of m.products.codes ?? []) {
      const d = c.replace(/\D/g, "");
      include.add(d);
      origin[d] = "codes";
    }
    for (const id of [...(m.products.lists ?? []), ...(m.products.list !== undefined ? [m.products.list] : [])]) {
      const list = inputs.lists.get(id);
      if (!list) {
        const known = registry.has(id) ? "registered but not resolved from its source" : "not in ledger/us/product-lists.yaml";
        throw new DataFileError(`ledger/us/events (measure ${m.id})`, `product list "${id}" is ${known}`, { code: "BAD_LEDGER_FILE" });
      }
      for (const c of list.codes) {
        include.add(c);
        origin[c] ??= id;
      }
    }
    const exclude = new Set<string>();
    for (const c of m.products.except?.codes ?? []) exclude.add(c.replace(/\D/g, ""));
    for (const id of m.products.except?.lists ?? []) {
      const list = inputs.lists.get(id);
      if (!list) throw new DataFileError(`ledger/us/events (measure ${m.id})`, `product list "${id}" is not resolved`, { code: "BAD_LEDGER_FILE" });
      for (const c of list.codes) exclude.add(c);
    }
    return { ...m, issuer: issuer.issuer, index, includeCodes: [...include].sort(), excludeCodes: [...exclude].sort(), codeOrigin: origin };
  });

  const checks = measures.map((m) => ({ measure: m.id, ...checkAgainstEditions(m, inputs) }));
  const missingFromLedger = placeholderListsByOrigin(measures, registry, basename(dir));
  const unmodelledFile = join(dir, "unmodelled-headings.yaml");
  if (existsSync(unmodelledFile)) addUnmodelledGroups(missingFromLedger, await loadUnmodelledHeadings(unmodelledFile), basename(dir));
  for (const o of coverage.origins.full) {
    const gap = missingFromLedger[o]?.[0];
    if (gap) throw new DataFileError(coverageFile, `origin ${o} is listed full, but ${gap.what}`, { code: "BAD_LEDGER_FILE" });
  }
  const origins: OriginCoverage = { ...coverage.origins, missingElsewhere, missingFromLedger };
  const reviewedThrough = coverage.asOf;
  const version = createHash("sha256")
    .update(inputs.sourcesKey)
    .update(inputs.ledgerFilesKey)
    .digest("hex")
    .slice(0, 16);
  return {
    issuer: issuer.issuer,
    authorities: issuer.authorities,
    version,
    coverage: { from: coverage.from, to: coverage.through },
    reviewedThrough,
    catalog: inputs.catalog,
    editionStarts: inputs.editionStarts,
    measures: compiled,
    precedence,
    useDefaults,
    preferences,
    ...(column2 ? { column2 } : {}),
    views,
    origins,
    notModelled,
    terminations: terminations.map((t) => ({ id: t.id, date: t.date, authorities: t.authorities, instrument: { id: t.instrument.id, title: t.instrument.title, url: t.instrument.url } })),
    checks,
    ...(baseSchedules ? { baseSchedules } : {}),
    ...(inputs.priorBase ? { priorBase: inputs.priorBase } : {}),
  };
}

/** Headings of the ledger in a stable, printable order (for status and docs). */
export function ledgerHeadings(ledger: Ledger): string[] {
  return [...new Set(ledger.measures.map((m) => formatHts(m.heading.replace(/\./g, ""))))].sort();
}

/**
 * What coverage reads off the measures themselves: for each origin a country-specific measure names (in `origins`, not
 * "*"), the product lists the measure uses (scope or exceptions) that are registered empty because their text is not in
 * the mirror (product-lists.yaml: kind "codes" with no codes). Such a measure reaches (or excepts) no line through that
 * list, so the origin's coverage lists it as missing, once per list.
 */
function placeholderListsByOrigin(
  measures: readonly Measure[],
  registry: Map<string, RegistryEntry>,
  issuerDir: string,
): MissingByOrigin {
  const out: MissingByOrigin = {};
  const seen = new Set<string>();
  for (const m of measures) {
    const scope = [...(m.products.lists ?? []), ...(m.products.list !== undefined ? [m.products.list] : [])];
    const ids = [...scope, ...(m.products.except?.lists ?? [])];
    for (const id of ids) {
      const entry = registry.get(id);
      if (entry?.kind !== "codes" || (entry.codes ?? []).length > 0) continue;
      for (const o of m.origins) {
        if (o === "*" || seen.has(`${o}|${id}`)) continue;
        seen.add(`${o}|${id}`);
        (out[o] ??= []).push({
          authority: m.authority,
          what: `${entry.title}: registered empty (ledger/${issuerDir}/product-lists.yaml ${id}; ${entry.source.where}), so ${m.heading} (${m.id}) ${scope.includes(id) ? "reaches no line" : "excepts no line"} through it and is flagged uncertain`,
        });
      }
    }
  }
  return out;
}

/** The groups of unmodelled-headings.yaml that name origins (country headings not modelled), added to each origin's items. */
function addUnmodelledGroups(out: MissingByOrigin, groups: readonly UnmodelledGroup[], issuerDir: string): void {
  for (const g of groups) {
    for (const o of g.origins ?? []) {
      (out[o] ??= []).push({
        authority: g.authority ?? "other",
        what: `${g.headings.join(", ")} not modelled (ledger/${issuerDir}/unmodelled-headings.yaml): ${g.reason.trim()}`,
      });
    }
  }
}
