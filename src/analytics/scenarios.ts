import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMap } from "yaml";
import { z } from "zod";
import { DataFileError, InputError } from "../common/errors.js";
import { legalView, VIEW_ID_PATTERN } from "../ledger/legalViews.js";
import { YamlSource, zodFailure } from "../common/yamlSource.js";
import { LedgerIndex } from "../engine/ledgerIndex.js";
import type { LegalViewId } from "../engine/stackTypes.js";
import type { Ledger, LedgerMeasure } from "../ledger/ledgerTypes.js";
import { AUTHORITIES, measureRateSchema, measureSchema, type Authority } from "../ledger/measureSchema.js";

/**
 * Scenarios: files of ledger edits (YAML or JSON) evaluated by the same engine. A scenario is validated as a whole
 * before anything is applied: an error names the file and line, and no scenario is ever partially applied.
 */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");
const heading = z.string().regex(/^\d{4}\.\d{2}\.\d{2}(\.\d{2})?$/, "expected a heading like 9903.01.24");
const target = z
  .object({
    id: z.string().optional(),
    heading: heading.optional(),
    authority: z.enum(AUTHORITIES).optional(),
    origins: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
  })
  .strict()
  .refine((t) => t.id || t.heading || t.authority, "name the measures by id, heading or authority");
const windowSchema = z
  .object({ from: isoDay, to: isoDay.optional() })
  .strict()
  .refine((w) => w.to === undefined || w.to > w.from, { message: "window.to must be after window.from", path: ["to"] });

const editSchema = z.union([
  z.object({ add: measureSchema }).strict(),
  z.object({ remove: target }).strict(),
  z.object({ suspend: target.and(z.object({ from: isoDay.optional(), to: isoDay.optional() })) }).strict(),
  z.object({ setRate: z.object({ target, rate: measureRateSchema, from: isoDay.optional() }).strict() }).strict(),
  z.object({ setWindow: z.object({ target, window: windowSchema }).strict() }).strict(),
]);

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().min(1),
    /** Where the scenario comes from: a threat, a court ruling, an announcement (citation text and address). */
    source: z.object({ title: z.string().min(1), url: z.string().url().optional(), date: isoDay.optional() }).strict(),
    /** A legal view of the ledger (views.yaml) the scenario is evaluated in; checked against the ledger when applied. */
    view: z.string().regex(new RegExp(VIEW_ID_PATTERN), "a legal view id, e.g. adjudicated").optional(),
    edits: z.array(editSchema).min(1),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema> & { file: string; hash: string };

/** Largest scenario text accepted (bytes). */
export const MAX_SCENARIO_BYTES = 64 * 1024;

/**
 * Parse and validate scenario text (YAML or JSON — JSON is YAML 1.2), in one pass of the YAML parser. Errors name the
 * file and line: text that is not acceptable YAML (syntax, duplicate keys, unsafe aliases) is UNPARSEABLE_SCENARIO, a
 * document that does not describe a scenario is BAD_SCENARIO. With `format: "json"` the document must be a JSON object.
 */
export function parseScenario(text: string, file = "scenario", options: { format?: "yaml" | "json" } = {}): Scenario {
  if (Buffer.byteLength(text, "utf8") > MAX_SCENARIO_BYTES) {
    throw new DataFileError(file, `scenario is larger than ${MAX_SCENARIO_BYTES} bytes`, {
      code: "SCENARIO_TOO_LARGE",
    });
  }
  // The same text is read again on every request that names it (the server's scenario=): parse it once.
  const memoKey = `${options.format ?? "yaml"}\0${file}\0${createHash("sha256").update(text).digest("hex")}`;
  const known = parsedScenarios.get(memoKey);
  if (known) return known;
  const scenario = parseScenarioOnce(text, file, options);
  if (parsedScenarios.size >= PARSED_SCENARIOS_KEPT) parsedScenarios.delete(parsedScenarios.keys().next().value!);
  parsedScenarios.set(memoKey, scenario);
  return scenario;
}

/** Scenarios already parsed, by format, file name and text hash (oldest first; at most PARSED_SCENARIOS_KEPT). */
const parsedScenarios = new Map<string, Scenario>();
const PARSED_SCENARIOS_KEPT = 32;

function parseScenarioOnce(text: string, file: string, options: { format?: "yaml" | "json" }): Scenario {
  const src = new YamlSource(file, text, "BAD_SCENARIO", "UNPARSEABLE_SCENARIO");
  const root = src.doc.contents;
  if (options.format === "json" && !(isMap(root) && root.flow))
    throw new DataFileError(file, "not a JSON object ({…})", { position: "line 1", code: "UNPARSEABLE_SCENARIO" });
  if (!isMap(root))
    throw new DataFileError(file, "a scenario is a mapping (name, description, source, edits), not a list or a scalar", {
      position: `line ${src.lineOf([])}`,
      code: "BAD_SCENARIO",
    });
  const parsed = scenarioSchema.safeParse(src.toJS());
  if (!parsed.success) throw zodFailure(src, parsed.error.issues);
  return { ...parsed.data, file, hash: createHash("sha256").update(text).digest("hex").slice(0, 12) };
}

function matches(m: LedgerMeasure, t: z.infer<typeof target>): boolean {
  if (t.id && m.id !== t.id) return false;
  if (t.heading && m.heading !== t.heading) return false;
  if (t.authority && m.authority !== t.authority) return false;
  if (t.origins && !t.origins.some((o) => m.origins.includes(o) || m.origins.includes("*"))) return false;
  return true;
}

/** Apply scenarios to a ledger: a new ledger (and index); the original is untouched. Unknown targets are errors. */
export function applyScenarios(
  base: Ledger,
  scenarios: Scenario[],
): { ledger: Ledger; index: LedgerIndex; view?: LegalViewId } {
  let measures: LedgerMeasure[] = base.measures.map((m) => ({ ...m, window: { ...m.window } }));
  let view: LegalViewId | undefined;
  for (const sc of scenarios) {
    if (sc.view) view = legalView(base, sc.view, `${sc.file} view`).id;
    sc.edits.forEach((edit, i) => {
      const where = `${sc.file} edit ${i + 1}`;
      if ("add" in edit) {
        if (measures.some((m) => m.id === edit.add.id))
          throw new InputError("BAD_SCENARIO", where, `a measure with id ${edit.add.id} already exists`);
        const codes = (edit.add.products.codes ?? []).map((c) => c.replace(/\D/g, ""));
        for (const id of edit.add.products.lists ?? []) {
          const from = base.measures.find((m) => m.products.lists?.includes(id));
          if (!from)
            throw new InputError("BAD_SCENARIO", where, `product list ${id} is not used by any ledger measure`);
          for (const [c, origin] of Object.entries(from.codeOrigin)) if (origin === id) codes.push(c);
        }
        measures.push({
          ...edit.add,
          issuer: base.issuer,
          index: measures.length,
          includeCodes: codes,
          excludeCodes: (edit.add.products.except?.codes ?? []).map((c) => c.replace(/\D/g, "")),
          codeOrigin: {},
        });
        return;
      }
      const t =
        "remove" in edit
          ? edit.remove
          : "suspend" in edit
            ? edit.suspend
            : "setRate" in edit
              ? edit.setRate.target
              : edit.setWindow.target;
      const hits = measures.filter((m) => matches(m, t));
      if (hits.length === 0)
        throw new InputError("BAD_SCENARIO", where, `no ledger measure matches ${JSON.stringify(t)}`);
      if ("remove" in edit) {
        measures = measures.filter((m) => !hits.includes(m));
      } else if ("suspend" in edit || "setRate" in edit) {
        const from = "suspend" in edit ? edit.suspend.from : edit.setRate.from;
        const to = "suspend" in edit ? edit.suspend.to : undefined;
        const next: LedgerMeasure[] = [];
        for (const m of measures) {
          if (!hits.includes(m)) {
            next.push(m);
            continue;
          }
          const start = from && from > m.window.from ? from : m.window.from;
          const end = to && (m.window.to === undefined || to < m.window.to) ? to : m.window.to;
          if (m.window.to !== undefined && start >= m.window.to) {
            next.push(m);
            continue;
          }
          if (start > m.window.from) next.push({ ...m, window: { from: m.window.from, to: start } });
          const changed: LedgerMeasure =
            "suspend" in edit
              ? { ...m, id: `${m.id}.scenario`, status: "suspended", window: { from: start, to: end } }
              : { ...m, id: `${m.id}.scenario`, rate: edit.setRate.rate, window: { from: start, to: m.window.to } };
          next.push(changed);
          if ("suspend" in edit && end !== undefined && (m.window.to === undefined || end < m.window.to))
            next.push({ ...m, id: `${m.id}.after`, window: { from: end, to: m.window.to } });
        }
        measures = next;
      } else {
        for (const m of hits) m.window = { ...edit.setWindow.window };
      }
    });
  }
  measures = measures.map((m, index) => ({ ...m, index }));
  const version = createHash("sha256")
    .update(base.version)
    .update(scenarios.map((s) => s.hash).join(","))
    .digest("hex")
    .slice(0, 16);
  const ledger: Ledger = {
    ...base,
    measures,
    version,
    scenarios: [...(base.scenarios ?? []), ...scenarios.map((s) => s.name)],
  };
  return { ledger, index: new LedgerIndex(ledger), ...(view ? { view } : {}) };
}

/** Authorities named anywhere in a scenario (for the comparison's decomposition). */
export function scenarioAuthorities(s: Scenario): Authority[] {
  const out = new Set<Authority>();
  for (const e of s.edits) {
    if ("add" in e) out.add(e.add.authority);
  }
  return [...out];
}

/** The folder of scenarios shipped with the package (examples drawn from the record). */
export const SHIPPED_SCENARIO_DIR = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** Names of the shipped scenarios (file names without .yaml). */
export function listShippedScenarios(): string[] {
  return readdirSync(SHIPPED_SCENARIO_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * A scenario by shipped name ("no-ieepa") or, when `allowPaths`, by file path. Names are checked against the list, so
 * no path trick ("../x") reaches the file system.
 */
export function loadScenario(nameOrPath: string, options: { allowPaths?: boolean } = {}): Scenario {
  const shipped = listShippedScenarios();
  if (shipped.includes(nameOrPath)) {
    const file = join(SHIPPED_SCENARIO_DIR, `${nameOrPath}.yaml`);
    return parseScenario(readFileSync(file, "utf8"), `scenarios/${nameOrPath}.yaml`);
  }
  if (!options.allowPaths)
    throw new InputError("UNKNOWN_SCENARIO", "scenario", `"${nameOrPath}" is not a shipped scenario`, shipped);
  let text: string;
  try {
    text = readFileSync(nameOrPath, "utf8");
  } catch (err) {
    throw new InputError(
      "UNKNOWN_SCENARIO",
      "scenario",
      `"${nameOrPath}" is neither a shipped scenario nor a readable file (${(err as NodeJS.ErrnoException).code ?? "error"})`,
      shipped,
    );
  }
  return parseScenario(text, nameOrPath);
}
