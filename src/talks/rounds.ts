import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { DataFileError, InputError } from "../common/errors.js";
import { nearestNames } from "../common/editDistance.js";
import { parseValidatedYaml } from "../common/yamlSource.js";
import { LEDGER_ROOT } from "../ledger/compileLedger.js";
import { loadControlLedger } from "../controls/controlLedger.js";

/**
 * The negotiation record (`ledger/relations/talks.yaml`): every round with its dates, place, outcome and sources, and
 * the ledger measures its outcome began or ended. Links are checked when the record is loaded: a US tariff id must be
 * a measure of `ledger/us/events/`, a control id one of `ledger/{us,cn}/controls/`; China's tariff ids
 * (`cn.<date>.<slug>`) must be measures of `ledger/cn/events/` once that folder exists — until then they are listed
 * as awaiting it. A dangling id is an error naming the round.
 */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const roundSchema = z
  .object({
    id: z.string().regex(/^\d{4}-\d{2}-[a-z0-9-]+$/, "round ids are <yyyy-mm>-<words>"),
    name: z.string().min(1),
    kind: z.enum(["summit", "talks", "dialogue", "working-group", "signing"]),
    dates: z.object({ from: isoDay, to: isoDay }).strict(),
    place: z.string().min(1),
    outcome: z.string().min(1),
    changed: z.array(z.object({ measure: z.string().min(1), effect: z.enum(["begins", "ends"]) }).strict()),
    sources: z
      .array(z.object({ file: z.string().optional(), url: z.string().url().optional(), where: z.string().min(1) }).strict())
      .min(1),
    uncertain: z.string().min(1).optional(),
  })
  .strict();
const talksFileSchema = z.object({ rounds: z.array(roundSchema).min(1) }).strict();
export type Round = z.infer<typeof roundSchema>;

export interface LinkedMeasure {
  measure: string;
  effect: "begins" | "ends";
  issuer: "US" | "CN";
  ledger: "tariffs" | "controls";
  /** What the ledger says of it (null while its ledger is absent). */
  title: string | null;
  window: { from: string; to?: string | undefined } | null;
  status: string | null;
  instrument: string | null;
  file: string | null;
  resolved: boolean;
}

export interface ResolvedRound extends Omit<Round, "changed"> {
  changed: LinkedMeasure[];
}

export interface TalksRecord {
  file: string;
  rounds: ResolvedRound[];
  /** China tariff ids waiting for ledger/cn/events/ (absent in this checkout). */
  awaiting: { round: string; measure: string }[];
}

interface KnownMeasure {
  title: string | null;
  window: { from: string; to?: string } | null;
  status: string | null;
  instrument: string | null;
  file: string;
}

/** Measures of an events folder, by id (the raw YAML: ids, windows, status, instruments; compiled elsewhere). */
function eventMeasures(dir: string, label: string): Map<string, KnownMeasure> {
  const out = new Map<string, KnownMeasure>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".yaml")).sort()) {
    const doc = parse(readFileSync(join(dir, f), "utf8")) as { measures?: Record<string, unknown>[] } | null;
    for (const m of doc?.measures ?? []) {
      if (typeof m.id !== "string") continue;
      const heading = typeof m.heading === "string" ? m.heading : null;
      out.set(m.id, {
        title: typeof m.title === "string" ? m.title : heading ? `${String(m.authority ?? "")} ${heading}`.trim() : null,
        window: (m.window as KnownMeasure["window"]) ?? null,
        status: typeof m.status === "string" ? m.status : null,
        instrument: typeof m.instrument === "string" ? m.instrument : null,
        file: `${label}/${f}`,
      });
    }
  }
  return out;
}

/** Load and check the record. `root` is the ledger root (tests pass a copy). */
export function loadTalks(root: string = LEDGER_ROOT): TalksRecord {
  const file = join(root, "relations", "talks.yaml");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new DataFileError("ledger/relations/talks.yaml", "cannot read the negotiation record", { code: "MISSING_FILE", cause: e });
  }
  const parsed = parseValidatedYaml(file, text, talksFileSchema, "BAD_TALKS");
  const us = eventMeasures(join(root, "us", "events"), "ledger/us/events");
  const cnDir = join(root, "cn", "events");
  const cn = existsSync(cnDir) ? eventMeasures(cnDir, "ledger/cn/events") : null;
  const controls = new Map(loadControlLedger(root).measures.map((m) => [m.id, m]));
  const awaiting: TalksRecord["awaiting"] = [];
  const dangling: string[] = [];
  const seen = new Set<string>();
  const rounds = parsed.rounds.map((r): ResolvedRound => {
    if (seen.has(r.id)) throw new DataFileError("ledger/relations/talks.yaml", `round ${r.id} appears twice`, { code: "BAD_TALKS" });
    seen.add(r.id);
    if (r.dates.to < r.dates.from) throw new DataFileError("ledger/relations/talks.yaml", `round ${r.id}: dates.to before dates.from`, { code: "BAD_TALKS" });
    const changed = r.changed.map((c): LinkedMeasure => {
      const ctl = controls.get(c.measure);
      if (ctl) {
        return { ...c, issuer: ctl.issuer, ledger: "controls", title: ctl.title, window: ctl.window, status: ctl.status, instrument: ctl.instrument, file: ctl.file, resolved: true };
      }
      // CN tariff ids are spelled `cn-…` (ledger/cn/events) ; `cn.` is the controls' convention
      const isCn = /^cn[.-]/.test(c.measure);
      const known = isCn ? cn?.get(c.measure) : us.get(c.measure);
      if (known) return { ...c, issuer: isCn ? "CN" : "US", ledger: "tariffs", ...known, resolved: true };
      if (isCn && cn === null) {
        awaiting.push({ round: r.id, measure: c.measure });
        return { ...c, issuer: "CN", ledger: "tariffs", title: null, window: null, status: null, instrument: null, file: null, resolved: false };
      }
      dangling.push(`${r.id}: ${c.measure}`);
      return { ...c, issuer: isCn ? "CN" : "US", ledger: "tariffs", title: null, window: null, status: null, instrument: null, file: null, resolved: false };
    });
    return { ...r, changed };
  });
  if (dangling.length > 0) {
    throw new DataFileError(
      "ledger/relations/talks.yaml",
      `${dangling.length} link(s) to measures no ledger defines: ${dangling.join("; ")}`,
      { code: "DANGLING_MEASURE" },
    );
  }
  return { file: "ledger/relations/talks.yaml", rounds, awaiting };
}

/** One round by id or by a word of its name ("geneva", "busan"); an unknown round is an error with suggestions. */
export function findRound(record: TalksRecord, query: string): ResolvedRound {
  const q = query.trim().toLowerCase();
  if (q === "") throw new InputError("EMPTY_ROUND", "round", "give a round id or a word of its name (e.g. geneva)");
  const byId = record.rounds.find((r) => r.id === q);
  if (byId) return byId;
  const byIdWord = record.rounds.filter((r) => r.id.includes(q));
  const hits = byIdWord.length > 0 ? byIdWord : record.rounds.filter((r) => r.name.toLowerCase().includes(q) || r.place.toLowerCase() === q);
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) {
    throw new InputError("AMBIGUOUS_ROUND", "round", `"${query}" names ${hits.length} rounds: give one id`, hits.map((h) => h.id));
  }
  // Suggestions compare the words after the month ("geneva" of 2025-05-geneva).
  const tails = new Map(record.rounds.map((r) => [r.id.slice(8), r.id]));
  const near = nearestNames(q, [...tails.keys()]).map((t) => tails.get(t)!);
  throw new InputError("UNKNOWN_ROUND", "round", `"${query}" is not a round of ${record.file}`, near);
}
