import { createWriteStream } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { leafHistory } from "../engine/history.js";
import { resolveLeafStack, ENGINE_VERSION } from "../engine/resolveStack.js";
import { engineFingerprint } from "../analytics/lineHistoryCache.js";
import { checkEntryFacts, type EntryFacts } from "../engine/entryFacts.js";
import type { HistoryEngine } from "../analytics/lineHistoryCache.js";
import type { LegalViewId } from "../engine/stackTypes.js";
import type { DuckDb } from "../store/duckdb.js";

/**
 * The compiled interval panel: for each (HTS-10 line × origin class × entry-fact profile), every legal interval of the
 * ledger's coverage with every layer of its stack (heading, authority, rate, value share, effective rate, refundable in
 * the view, instrument, needsFacts/uncertain). Derived from the engine itself: `leafHistory` gives the intervals and
 * `resolveLeafStack` the layers of each — no second implementation of any rule. Persisted as Parquet chunks, one
 * folder per (ledger version, engine code, view), so a line resolved once is never resolved again; a plain table that
 * any SQL engine can join (`src/entries/sql/price-lines.sql`).
 */

export interface PanelKey {
  hts10: string;
  origin: string;
  originClass: string;
  factsKey: string;
}

/** Panel columns (Parquet), in order, with their SQL types. */
export const PANEL_COLUMNS: [string, string][] = [
  ["hts10", "VARCHAR"],
  ["origin_class", "VARCHAR"],
  ["facts_key", "VARCHAR"],
  ["valid_from", "DATE"],
  ["valid_to", "DATE"],
  ["line_order", "INTEGER"],
  ["heading", "VARCHAR"],
  ["authority", "VARCHAR"],
  ["program", "VARCHAR"],
  ["role", "VARCHAR"],
  ["rate_percent", "DOUBLE"],
  ["rate_text", "VARCHAR"],
  ["value_base", "VARCHAR"],
  ["value_share", "DOUBLE"],
  ["effective_percent", "DECIMAL(18,6)"],
  ["refundable", "BOOLEAN"],
  ["instrument", "VARCHAR"],
  ["measure_id", "VARCHAR"],
  ["needs_facts", "VARCHAR"],
  ["uncertain", "VARCHAR"],
];

export interface PanelBuild {
  /** Folder of the panel's Parquet chunks. */
  dir: string;
  /** Keys resolved now (the others came from earlier runs). */
  resolved: number;
  reused: number;
  /** Keys the engine could not resolve, with the reason (their lines are rejected, naming the column). */
  failures: { key: PanelKey; reason: string }[];
}

function csv(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function panelDir(cacheDir: string, engine: HistoryEngine, view: LegalViewId): string {
  return join(cacheDir, "compiled", "entry-panel", `${engine.ledger.version}-${ENGINE_VERSION.replace("/", "")}-${engineFingerprint()}-${view}`);
}

export async function panelFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith(".parquet")).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/** Resolve the panel rows of one key (every interval of the coverage) as CSV text. */
function keyRows(engine: HistoryEngine, key: PanelKey, facts: EntryFacts, view: LegalViewId): string {
  const { ledger, index } = engine;
  const intervals = leafHistory(ledger, index, key.hts10, key.origin, ledger.coverage.from, ledger.coverage.to, facts, view);
  let out = "";
  for (const iv of intervals) {
    const stack = resolveLeafStack(ledger, index, key.hts10, key.origin, iv.from, facts, view);
    const needs = [...new Set(stack.needsFacts.map((n) => n.fact))].join("|");
    const uncertain = [...new Set(stack.uncertain.map((u) => `${u.heading}: ${u.reason}`))].join(" | ");
    stack.lines.forEach((l, i) => {
      const lineUncertain = [l.ratePercent === null && l.role === "base" ? `base rate "${l.rateText}" is not ad valorem: its amount needs the quantity` : ""].filter(Boolean).join("; ");
      out +=
        [
          key.hts10, csv(key.originClass), csv(key.factsKey), iv.from, iv.to, i, l.heading, l.authority, csv(l.program), l.role,
          l.ratePercent ?? "", csv(l.rateText), l.valueBase, l.valueShare, l.effectivePercent.toFixed(6), l.refundable ? "true" : "false",
          csv(l.instrument?.id ?? ""), csv(l.measureId ?? ""), csv(needs), csv([...new Set([uncertain, lineUncertain].filter(Boolean))].join(" | ")),
        ].join(",") + "\n";
    });
  }
  return out;
}

/**
 * Make sure the panel holds every key: keys already in the folder's chunks are reused, the others resolved through the
 * engine and written as one new chunk. `onProgress(done, total)` is called as keys are resolved.
 */
export async function buildIntervalPanel(
  db: DuckDb,
  engine: HistoryEngine,
  keys: PanelKey[],
  options: { cacheDir: string; view: LegalViewId; workDir: string; onProgress?: (done: number, total: number) => void },
): Promise<PanelBuild> {
  const dir = panelDir(options.cacheDir, engine, options.view);
  await mkdir(dir, { recursive: true });
  const files = await panelFiles(dir);
  const have = new Set<string>();
  if (files.length > 0) {
    const rows = await db.query<{ k: string }>(`SELECT DISTINCT hts10 || '#' || origin_class || '#' || facts_key AS k FROM read_parquet($1)`, [files]);
    for (const r of rows) have.add(r.k);
  }
  const unique = new Map<string, PanelKey>();
  for (const k of keys) {
    const id = `${k.hts10}#${k.originClass}#${k.factsKey}`;
    if (!have.has(id) && !unique.has(id)) unique.set(id, k);
  }
  const missing = [...unique.values()];
  const failures: PanelBuild["failures"] = [];
  if (missing.length > 0) {
    const tmp = join(options.workDir, `panel-${randomUUID()}.csv`);
    const out = createWriteStream(tmp);
    out.write(PANEL_COLUMNS.map(([n]) => n).join(",") + "\n");
    let done = 0;
    for (const key of missing) {
      try {
        const facts = key.factsKey === "{}" ? {} : checkEntryFacts(JSON.parse(key.factsKey) as Record<string, unknown>);
        const text = keyRows(engine, key, facts, options.view);
        if (!out.write(text)) await once(out, "drain");
      } catch (e) {
        failures.push({ key, reason: (e as Error).message });
      }
      done++;
      // Let a server answer between keys (a key takes ~10–30 ms).
      if (done % 10 === 0) await new Promise((r) => setImmediate(r));
      if (options.onProgress && (done % 50 === 0 || done === missing.length)) options.onProgress(done, missing.length);
    }
    out.end();
    await once(out, "close");
    const types = `{${PANEL_COLUMNS.map(([n, t]) => `'${n}': '${t}'`).join(", ")}}`;
    const chunk = join(dir, `chunk-${Date.now()}-${randomUUID().slice(0, 8)}.parquet`);
    const part = `${chunk}.part`;
    await db.exec(`COPY (SELECT * FROM read_csv($1, header = true, columns = ${types}, quote = '"', escape = '"')) TO '${part.replace(/'/g, "''")}' (FORMAT PARQUET)`, [tmp]);
    // Written under a temporary name and renamed: a chunk is complete or absent.
    const { rename } = await import("node:fs/promises");
    await rename(part, chunk);
    await rm(tmp, { force: true });
  }
  return { dir, resolved: missing.length, reused: keys.length - missing.length, failures };
}
