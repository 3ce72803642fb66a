import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { DataFileError } from "../common/errors.js";
import type { LegalDay } from "../common/legalDate.js";
import { readTariffDatabase, type TariffDatabaseRow } from "../sources/tariffDatabase.js";
import type { HtsCatalog } from "./htsCatalog.js";

/**
 * Base rates of an earlier schedule (a USITC Annual Tariff Database, HTS-8) placed on the lines of the HS 2022
 * catalog, so that one line keeps one history across nomenclatures. Each HS 2022 HTS-8 line is placed by the first
 * rule that applies:
 *
 *   1. same-code: the database has the same 8-digit code;
 *   2. curated: rows of the curated concordance (HS 2022 line → database line(s), each with its citation);
 *   3. hs6-correlation: the database lines under the HS 2017 subheadings the WCO correlation names for the line's
 *      HS 2022 subheading (or under the same subheading when the correlation does not list it), nearest code first
 *      (longest common prefix with the HS 2022 code).
 *
 * When the lines so found print different rates, the first of them (lowest code) is taken and the placement is flagged
 * `uncertain`, naming every candidate and its rate: never a silent pick. A line no rule places is `unplaced`, with the
 * reason; it gets no base rate (not a zero).
 */

/** Repository root (beside src/ and dist/). */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Bumped when the placement rules or the table's shape change (part of the compiled ledger's key). */
export const PRIOR_BASE_FORMAT = "prior-base/1";

export interface PriorBaseSource {
  hts8: string;
  /** The rate text as printed in the database. */
  printed: string;
  /** Line of the database member. */
  line: number;
}

export interface PriorBaseEntry {
  /** The rate text in the schedule's own spelling (the database's "cents" written "¢"), for the rate grammar. */
  text: string;
  /** The database line(s) the rate is read from; the first is the one used. */
  sources: PriorBaseSource[];
  method: "same-code" | "curated" | "hs6-correlation";
  /** Why the placement is not certain (several database lines with different rates), naming every candidate. */
  uncertain?: string;
  /** The curated row's citation, for `curated`. */
  citation?: string;
}

export interface PriorBaseTable {
  /** Manifest path of the database archive and the member read. */
  dataset: string;
  member: string;
  /** The day whose database rows were taken. */
  asOf: LegalDay;
  /** HS 2022 HTS-8 → placement. */
  lines: Record<string, PriorBaseEntry>;
  /** HS 2022 HTS-8 lines no rule places → why. */
  unplaced: Record<string, string>;
  /** Database HTS-8 → the HS 2022 HTS-8 lines placed on it (for codes of the earlier nomenclature typed by a user). */
  successors: Record<string, string[]>;
}

/** "4.4 cents/kg" → "4.4¢/kg": the database's spelling of the cent sign, as the HTS prints it. */
export function scheduleSpelling(printed: string): string {
  return printed.replace(/(\d) ?cents\b/g, "$1¢");
}

interface CuratedRow {
  from: string;
  to: string;
  source: string;
  line: number;
}

async function readCsv(repoPath: string, columns: string[]): Promise<{ row: Record<string, string>; line: number }[]> {
  const file = resolve(REPO_ROOT, repoPath);
  let records: Record<string, string>[];
  try {
    records = parse(await readFile(file, "utf8"), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (err) {
    throw new DataFileError(repoPath, `cannot read the concordance (${(err as Error).message})`, { cause: err });
  }
  return records.map((row, i) => {
    for (const c of columns) if (!row[c]?.trim()) throw new DataFileError(repoPath, `column "${c}" is empty`, { position: `line ${i + 2}` });
    return { row, line: i + 2 };
  });
}

/** Hash of the concordance files (part of the compiled ledger's key). */
export async function concordanceFilesKey(paths: string[]): Promise<string> {
  const h = createHash("sha256").update(PRIOR_BASE_FORMAT);
  for (const p of paths) h.update(p).update("\0").update(await readFile(resolve(REPO_ROOT, p)));
  return h.digest("hex").slice(0, 16);
}

export interface PriorBaseInputs {
  catalog: HtsCatalog;
  /** Manifest path of the archive, and its local file. */
  dataset: string;
  bytes: Buffer;
  asOf: LegalDay;
  /** Repository paths of the curated HTS-8 concordance and the HS-6 correlation. */
  concordance: string;
  hs6Concordance: string;
}

/** Build the placement table of every HTS-8 line of the catalog. */
export async function buildPriorBaseTable(inputs: PriorBaseInputs): Promise<PriorBaseTable> {
  const db = await readTariffDatabase(inputs.dataset, inputs.bytes);
  const inForce = new Map<string, TariffDatabaseRow>();
  for (const r of db.rows) if (r.begin <= inputs.asOf && inputs.asOf <= r.end) inForce.set(r.hts8, r);
  const curated = new Map<string, CuratedRow[]>();
  for (const { row, line } of await readCsv(inputs.concordance, ["hts8_2022", "hts8_2017", "source"])) {
    const from = row.hts8_2022!.replace(/\D/g, "");
    const to = row.hts8_2017!.replace(/\D/g, "");
    if (from.length !== 8 || to.length !== 8) throw new DataFileError(inputs.concordance, `codes must be 8 digits ("${row.hts8_2022}", "${row.hts8_2017}")`, { position: `line ${line}` });
    if (!inForce.has(to)) throw new DataFileError(inputs.concordance, `${to} is not a line of ${db.file} in force on ${inputs.asOf}`, { position: `line ${line}` });
    const list = curated.get(from) ?? [];
    list.push({ from, to, source: row.source!, line });
    curated.set(from, list);
  }
  const hs6From = new Map<string, Set<string>>();
  for (const { row } of await readCsv(inputs.hs6Concordance, ["from_hs6", "to_hs6"])) {
    const set = hs6From.get(row.to_hs6!) ?? new Set<string>();
    set.add(row.from_hs6!);
    hs6From.set(row.to_hs6!, set);
  }
  const byHs6 = new Map<string, string[]>();
  for (const code of [...inForce.keys()].sort()) {
    const list = byHs6.get(code.slice(0, 6)) ?? [];
    list.push(code);
    byHs6.set(code.slice(0, 6), list);
  }
  const codes8 = new Set<string>();
  for (const code of inputs.catalog.lines.keys()) codes8.add(code.slice(0, 8));
  const source = (code: string): PriorBaseSource => {
    const r = inForce.get(code)!;
    return { hts8: r.hts8, printed: r.mfnText, line: r.line };
  };
  /** `candidates`: the lines taken (first used); `considered`: every line the rule reached (defaults to the same). */
  const place = (code: string, candidates: string[], method: PriorBaseEntry["method"], citation?: string, considered: string[] = candidates): PriorBaseEntry => {
    const sources = considered.map(source);
    const texts = new Set(sources.map((s) => s.printed));
    const taken = source(candidates[0]!);
    const entry: PriorBaseEntry = { text: scheduleSpelling(taken.printed), sources: [taken, ...sources.filter((s) => s.hts8 !== taken.hts8)], method, ...(citation ? { citation } : {}) };
    if (texts.size > 1) {
      entry.uncertain = `${code.slice(0, 4)}.${code.slice(4, 6)}.${code.slice(6)} corresponds to ${sources.length} lines of the ${inputs.asOf.slice(0, 4)} schedule with different rates (${sources
        .map((s) => `${s.hts8}: ${s.printed || "(none)"}`)
        .join("; ")}); ${taken.hts8} is taken (${method === "hs6-correlation" ? "nearest code" : "first listed"})`;
    }
    return entry;
  };
  const lines: Record<string, PriorBaseEntry> = {};
  const unplaced: Record<string, string> = {};
  for (const code of [...codes8].sort()) {
    if (inForce.has(code)) {
      lines[code] = place(code, [code], "same-code");
      continue;
    }
    const rows = curated.get(code);
    if (rows) {
      lines[code] = place(code, rows.map((r) => r.to), "curated", rows.map((r) => `${inputs.concordance} line ${r.line}: ${r.source}`).join("; "));
      continue;
    }
    const hs6 = code.slice(0, 6);
    const olds = hs6From.get(hs6) ?? new Set([hs6]);
    const candidates = [...olds].flatMap((o) => byHs6.get(o) ?? []);
    if (candidates.length === 0) {
      unplaced[code] = hs6From.has(hs6)
        ? `the ${inputs.asOf.slice(0, 4)} schedule has no line under ${[...olds].join(", ")} (the HS 2017 subheadings ${inputs.hs6Concordance} names for ${hs6})`
        : `no line of the ${inputs.asOf.slice(0, 4)} schedule under ${hs6}, and ${inputs.hs6Concordance} has no row for ${hs6}`;
      continue;
    }
    const common = (c: string): number => {
      let i = 0;
      while (i < 8 && c[i] === code[i]) i++;
      return i;
    };
    const best = Math.max(...candidates.map(common));
    lines[code] = place(code, candidates.filter((c) => common(c) === best).sort(), "hs6-correlation", undefined, candidates.sort());
  }
  const successors: Record<string, string[]> = {};
  for (const [code, e] of Object.entries(lines)) for (const s of e.method === "hs6-correlation" ? e.sources.slice(0, 1) : e.sources) (successors[s.hts8] ??= []).push(code);
  return { dataset: inputs.dataset, member: db.member, asOf: inputs.asOf, lines, unplaced, successors };
}
