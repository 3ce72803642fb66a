import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { DataFileError, InputError } from "../common/errors.js";
import { nearestNames } from "../common/editDistance.js";
import { checkName } from "./screening.js";

/**
 * A user's ownership file: one row per holding, `owner,owned,share` (share in percent, 0 < share ≤ 100, "%" allowed),
 * optionally `listed` (yes/no: the user's own statement that the owner is on the Entity List, used besides
 * screening). Malformed rows are errors naming the file and line; suspicious structure (cycles, duplicate rows) is
 * reported as warnings; shares held in one firm adding to more than 100% are an error.
 */

export interface Holding {
  owner: string;
  owned: string;
  /** Percent. */
  share: number;
  line: number;
}

export interface OwnershipGraph {
  file: string;
  holdings: Holding[];
  firms: string[];
  /** Owners the file states are listed (`listed` column), by name. */
  statedListed: Set<string>;
  warnings: string[];
}

const REQUIRED = ["owner", "owned", "share"] as const;
const TOLERANCE = 1e-6;

/** Parse a share: "60", "60%", "12.5" (percent). */
function parseShare(raw: string, file: string, line: number): number {
  const t = raw.trim().replace(/%$/, "").trim();
  const v = Number(t);
  if (t === "" || !Number.isFinite(v)) {
    throw new DataFileError(file, `share ${JSON.stringify(raw)} is not a number (percent, e.g. 35 or 35%)`, { code: "BAD_OWNERSHIP", position: `line ${line}` });
  }
  if (v <= 0 || v > 100) {
    throw new DataFileError(file, `share ${raw} is not a percentage above 0 and at most 100`, { code: "BAD_OWNERSHIP", position: `line ${line}` });
  }
  return v;
}

/** Read an ownership file (CSV). `text` may be given instead of reading `file`. */
export function readOwnershipFile(file: string, text?: string): OwnershipGraph {
  let body: string;
  try {
    body = text ?? readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError("MISSING_FILE", "ownership", `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let rows: string[][];
  try {
    rows = parse(body, { skip_empty_lines: true, bom: true, relax_column_count: true, trim: true });
  } catch (e) {
    throw new DataFileError(file, `not a readable CSV: ${(e as Error).message}`, { code: "BAD_OWNERSHIP", cause: e });
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  for (const c of REQUIRED) {
    if (!header.includes(c)) {
      throw new DataFileError(file, `missing column ${c} (the file needs owner,owned,share; found ${header.join(",") || "nothing"})`, { code: "BAD_OWNERSHIP", position: "line 1" });
    }
  }
  const col = (c: string): number => header.indexOf(c);
  const listedCol = col("listed");
  const holdings: Holding[] = [];
  const statedListed = new Set<string>();
  const warnings: string[] = [];
  const seen = new Map<string, Holding>();
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i]!;
    const line = i + 1;
    const cell = (c: string): string => r[col(c)] ?? "";
    let owner: string;
    let owned: string;
    try {
      owner = checkName(cell("owner"), "owner");
      owned = checkName(cell("owned"), "owned");
    } catch (e) {
      throw new DataFileError(file, (e as Error).message, { code: "BAD_OWNERSHIP", position: `line ${line}` });
    }
    if (owner === owned) throw new DataFileError(file, `${owner} owns itself`, { code: "BAD_OWNERSHIP", position: `line ${line}` });
    const share = parseShare(cell("share"), file, line);
    if (listedCol >= 0) {
      const l = (r[listedCol] ?? "").trim().toLowerCase();
      if (["yes", "y", "true", "1"].includes(l)) statedListed.add(owner);
      else if (!["", "no", "n", "false", "0"].includes(l)) {
        throw new DataFileError(file, `listed ${JSON.stringify(r[listedCol])} is not yes or no`, { code: "BAD_OWNERSHIP", position: `line ${line}` });
      }
    }
    const key = `${owner}\u0000${owned}`;
    const prev = seen.get(key);
    if (prev) {
      warnings.push(`line ${line}: ${owner} → ${owned} appears again (line ${prev.line}); the shares are added`);
      prev.share += share;
      continue;
    }
    const h = { owner, owned, share, line };
    seen.set(key, h);
    holdings.push(h);
  }
  if (holdings.length === 0) throw new DataFileError(file, "no holdings (only a header)", { code: "BAD_OWNERSHIP" });
  const into = new Map<string, Holding[]>();
  for (const h of holdings) into.set(h.owned, [...(into.get(h.owned) ?? []), h]);
  for (const [firm, hs] of into) {
    const total = hs.reduce((s, h) => s + h.share, 0);
    if (total > 100 + TOLERANCE) {
      throw new DataFileError(
        file,
        `shares in ${firm} add up to ${round(total)}%, over 100% (lines ${hs.map((h) => h.line).join(", ")})`,
        { code: "BAD_OWNERSHIP", position: `line ${hs[hs.length - 1]!.line}` },
      );
    }
  }
  const firms = [...new Set(holdings.flatMap((h) => [h.owner, h.owned]))].sort();
  for (const c of findCycles(holdings)) warnings.push(`ownership cycle: ${c.join(" → ")} (cross-holdings are followed once; the result does not depend on the order)`);
  return { file, holdings, firms, statedListed, warnings };
}

/** Cycles of the ownership graph (each reported once, as a path returning to its start). */
export function findCycles(holdings: readonly Holding[]): string[][] {
  const out = new Map<string, string[]>();
  const next = new Map<string, string[]>();
  for (const h of holdings) next.set(h.owner, [...(next.get(h.owner) ?? []), h.owned]);
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 1);
    stack.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === 1) {
        const cyc = [...stack.slice(stack.indexOf(m)), m];
        const key = [...cyc.slice(0, -1)].sort().join("\u0000");
        if (!out.has(key)) out.set(key, cyc);
      } else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of [...next.keys()].sort()) if (!state.has(n)) visit(n);
  return [...out.values()];
}

/** The firm as named in the file, or an error with the nearest names. */
export function knownFirm(graph: OwnershipGraph, name: string): string {
  if (graph.firms.includes(name)) return name;
  const ci = graph.firms.find((f) => f.toLowerCase() === name.trim().toLowerCase());
  if (ci) return ci;
  throw new InputError("UNKNOWN_FIRM", "firm", `${JSON.stringify(name)} is not in the ownership file ${graph.file}`, nearestNames(name, graph.firms));
}

export function round(v: number): number {
  return Math.round(v * 100) / 100;
}
