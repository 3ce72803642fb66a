import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { join, extname } from "node:path";
import { randomUUID } from "node:crypto";
import { InputError } from "../common/errors.js";
import { packageRoot } from "../data/manifest.js";
import { legalView } from "../ledger/legalViews.js";
import type { Tariffscope } from "../session.js";
import { openDuckDb, type DuckDb } from "../store/duckdb.js";
import { loadEntryFile, type ReadEntriesOptions } from "./entryReader.js";
import { buildIntervalPanel, panelFiles, type PanelKey } from "./intervalPanel.js";
import type { ColumnMapping } from "./entrySchema.js";
import { timedDuckDb, type StatementCost } from "./statementTiming.js";

/** The pricing SQL (portable: DuckDB, Spark SQL, Trino). */
export const PRICE_SQL_FILE = join(packageRoot, "sql", "price-lines.sql");
/** The priced rows with their panel layers' columns (the `priced` view over `priced_amounts`). */
export const PRICED_LAYERS_SQL_FILE = join(packageRoot, "sql", "priced-layers.sql");

export interface PriceOptions {
  cacheDir: string;
  mapping?: ColumnMapping;
  maxBytes?: number;
  /** The view whose void authorities mark refundable lines (default "adjudicated"); every line is priced as collected. */
  view?: string;
  /** DuckDB's memory limit (default "1GB"); beyond it DuckDB spills to disk. */
  memoryLimit?: string;
  /** Progress: a stage name and its fraction done. */
  onProgress?: (stage: "read" | "panel" | "price" | "write", done: number, total: number) => void;
  /** Profiling: each SQL statement of the run (pricing and the refund book on `PricedRun.db`) with its wall and CPU time. */
  onStatement?: (cost: StatementCost) => void;
}

export interface PricedRun {
  db: DuckDb;
  workDir: string;
  rows: number;
  priced: number;
  rejected: number;
  ignoredColumns: string[];
  panel: { resolved: number; reused: number; dir: string };
  view: string;
  /** Close the database and remove the work folder. */
  dispose(): Promise<void>;
}

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Read an entry file and price every accepted line in DuckDB: leaves the tables `entry_lines` (accepted and priced
 * lines), `priced_amounts` (one row per line × heading, `sql/price-lines.sql`: the amounts and the panel row), the view
 * `priced` (those rows with their layers' columns, `sql/priced-layers.sql`) and `rejects` (row, column, reason) in the
 * returned database. Every data row is in exactly one of: priced, rejected.
 */
export async function priceEntryFile(ts: Tariffscope, file: string, options: PriceOptions): Promise<PricedRun> {
  const view = legalView(ts.ledger, ts.imposedView ?? options.view ?? "adjudicated", "view").id;
  const workDir = join(options.cacheDir, "entries", "work", randomUUID());
  await mkdir(workDir, { recursive: true });
  // A memory limit: DuckDB spills to the work folder beyond it, so a file of any size stays within bounded memory.
  const opened = await openDuckDb({ config: { memory_limit: options.memoryLimit ?? "1GB" } });
  const db = options.onStatement ? timedDuckDb(opened, options.onStatement) : opened;
  const dispose = async (): Promise<void> => {
    db.close();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    const readOpts: ReadEntriesOptions = {
      ...(options.mapping ? { mapping: options.mapping } : {}),
      ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    };
    await db.exec(`SET temp_directory = ${q(join(workDir, "duckdb-tmp"))}`);
    options.onProgress?.("read", 0, 1);
    const read = await loadEntryFile(db, file, workDir, { coverage: ts.ledger.coverage, knownLines: ts.ledger.catalog.lines.keys() }, readOpts);
    options.onProgress?.("read", 1, 1);
    // Duplicated lines: the first occurrence of (entry number, line number) is kept, each later one is rejected naming it.
    await db.exec(`INSERT INTO rejects SELECT src_row, 'line_number', 'duplicate of row ' || first_row || ' (same entry number ' || entry_number || ' and line number ' || line_number || ')', NULL
      FROM (SELECT src_row, entry_number, line_number, min(src_row) OVER (PARTITION BY entry_number, line_number) AS first_row FROM entry_lines) WHERE src_row <> first_row`);
    await db.exec(`DELETE FROM entry_lines WHERE src_row IN (SELECT "row" FROM rejects)`);
    // Origins → origin class (origins no measure names share answers) and coverage, from the ledger.
    const origins = await db.query<{ origin: string }>(`SELECT DISTINCT origin FROM entry_lines`);
    await db.exec(`CREATE TABLE origin_classes (origin VARCHAR, origin_class VARCHAR, coverage VARCHAR)`);
    for (const { origin } of origins) {
      await db.exec(`INSERT INTO origin_classes VALUES ($1, $2, $3)`, [origin, ts.index.originClass(origin), ts.ledger.origins.full.includes(origin) ? "full" : "partial"]);
    }
    // Headings → authority, and whether the view voids it (refundable).
    const voidAuthorities = new Set<string>(legalView(ts.ledger, view).voidAuthorities ?? []);
    const headings = new Map<string, string>();
    for (const m of ts.ledger.measures) if (m.heading && !headings.has(m.heading)) headings.set(m.heading, m.authority);
    await db.exec(`CREATE TABLE heading_authorities (heading VARCHAR, authority VARCHAR, refundable BOOLEAN)`);
    const values = [...headings].map(([h, a]) => `(${q(h)}, ${q(a)}, ${voidAuthorities.has(a)})`);
    for (let i = 0; i < values.length; i += 500) await db.exec(`INSERT INTO heading_authorities VALUES ${values.slice(i, i + 500).join(",")}`);
    await db.exec(`CREATE TABLE declared_lines AS SELECT entry_number, line_number, split_part(part, '=', 1) AS heading, CAST(split_part(part, '=', 2) AS DECIMAL(18,2)) AS declared_amount
      FROM (SELECT entry_number, line_number, unnest(string_split(declared, ';')) AS part FROM entry_lines WHERE declared <> '')`);
    // The panel: every (line, origin class, fact profile) in the file, resolved by the engine once and kept.
    const keyRows = await db.query<{ hts10: string; origin: string; origin_class: string; facts_key: string }>(
      `SELECT hts10, min(e.origin) AS origin, o.origin_class, facts_key FROM entry_lines e JOIN origin_classes o USING (origin) GROUP BY hts10, o.origin_class, facts_key`,
    );
    const keys: PanelKey[] = keyRows.map((r) => ({ hts10: r.hts10, origin: r.origin, originClass: r.origin_class, factsKey: r.facts_key }));
    const panel = await buildIntervalPanel(db, ts, keys, { cacheDir: options.cacheDir, view, workDir, onProgress: (d, t) => options.onProgress?.("panel", d, t) });
    if (panel.failures.length > 0) {
      await db.exec(`CREATE TABLE panel_failures (hts10 VARCHAR, origin_class VARCHAR, facts_key VARCHAR, reason VARCHAR)`);
      for (const f of panel.failures) await db.exec(`INSERT INTO panel_failures VALUES ($1, $2, $3, $4)`, [f.key.hts10, f.key.originClass, f.key.factsKey, f.reason]);
      await db.exec(`INSERT INTO rejects SELECT e.src_row, 'hts10', 'the engine cannot price this line: ' || f.reason, NULL FROM entry_lines e JOIN origin_classes o USING (origin) JOIN panel_failures f ON f.hts10 = e.hts10 AND f.origin_class = o.origin_class AND f.facts_key = e.facts_key`);
      await db.exec(`DELETE FROM entry_lines WHERE src_row IN (SELECT "row" FROM rejects)`);
    }
    const files = await panelFiles(panel.dir);
    // Each panel row's layer_id: its chunk's place in the list (high 32 bits) and its row in the chunk.
    const list = `[${files.map(q).join(",")}]`;
    await db.exec(`CREATE VIEW interval_panel AS SELECT (CAST(list_position(${list}, filename) AS BIGINT) << 32) + file_row_number AS layer_id,
      * EXCLUDE (filename, file_row_number) FROM read_parquet(${list}, filename = true, file_row_number = true)`);
    options.onProgress?.("price", 0, 1);
    await db.exec(`CREATE TABLE priced_amounts AS ${await readFile(PRICE_SQL_FILE, "utf8")}`);
    await db.exec(`CREATE VIEW priced AS ${await readFile(PRICED_LAYERS_SQL_FILE, "utf8")}`);
    // A line the panel has no interval for on its date (cannot happen inside coverage; kept as a guard): rejected, never dropped.
    await db.exec(`INSERT INTO rejects SELECT src_row, 'entry_date', 'no duty stack for ' || hts10 || ' from ' || origin || ' on ' || entry_date, NULL FROM entry_lines WHERE src_row NOT IN (SELECT src_row FROM priced_amounts)`);
    await db.exec(`DELETE FROM entry_lines WHERE src_row IN (SELECT "row" FROM rejects)`);
    options.onProgress?.("price", 1, 1);
    const [{ priced, rejected }] = (await db.query<{ priced: number; rejected: number }>(
      `SELECT (SELECT count(*) FROM entry_lines) AS priced, (SELECT count(DISTINCT "row") FROM rejects) AS rejected`,
    )) as [{ priced: number; rejected: number }];
    if (priced + rejected !== read.rows) {
      throw new Error(`internal: ${read.rows} rows read but ${priced} priced + ${rejected} rejected`);
    }
    return { db, workDir, rows: read.rows, priced, rejected, ignoredColumns: read.ignoredColumns, panel, view, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** Output format from a file name: `.parquet` or `.csv`. */
export function outputFormat(file: string): "parquet" | "csv" {
  const ext = extname(file).toLowerCase();
  if (ext === ".parquet") return "parquet";
  if (ext === ".csv") return "csv";
  throw new InputError("BAD_OUTPUT", "--out", `"${file}" should end in .parquet or .csv`);
}

/** Write a query's rows to a file atomically (a `.part` file renamed when complete). */
export async function writeQuery(db: DuckDb, sql: string, file: string): Promise<void> {
  const fmt = outputFormat(file);
  const part = `${file}.part`;
  await db.exec(`COPY (${sql}) TO ${q(part)} (${fmt === "parquet" ? "FORMAT PARQUET" : "HEADER, DELIMITER ','"})`);
  await rename(part, file);
}

/** The rejects, sorted by row, as CSV (row, column, reason, record). */
export async function writeRejects(db: DuckDb, file: string): Promise<void> {
  const part = `${file}.part`;
  await db.exec(`COPY (SELECT * FROM rejects ORDER BY "row") TO ${q(part)} (HEADER, DELIMITER ',')`);
  await rename(part, file);
}

export const PRICED_LINES_QUERY = `SELECT p.src_row AS "row", p.entry_number, p.line_number, e.entry_date, e.hts10, e.origin, o.coverage, e.entered_value,
  p.heading, p.authority, p.program, p.role, p.rate_percent, p.value_share, p.amount, p.declared_amount, p.difference, p.refundable,
  p.instrument, p.needs_facts, p.uncertain,
  sum(p.amount) OVER (PARTITION BY p.src_row) AS line_total_collected,
  sum(CASE WHEN p.refundable THEN 0 ELSE p.amount END) OVER (PARTITION BY p.src_row) AS line_total_adjudicated
FROM priced p JOIN entry_lines e ON e.src_row = p.src_row JOIN origin_classes o ON o.origin = e.origin
ORDER BY p.src_row, p.line_order, p.heading`;

export interface PriceSummary {
  rows: number;
  priced: number;
  rejected: number;
  enteredValue: string;
  dutyCollected: string;
  ieepaRefundable: string;
  dutyAdjudicated: string;
  declared: string | null;
  /** Lines (and headings) whose declared amount differs from the computed one. */
  linesWithDifferences: number;
  headingsWithDifferences: number;
  differenceTotal: string | null;
  linesNeedingFacts: number;
  linesUncertain: number;
  linesPartialCoverage: number;
  rejectsByColumn: Record<string, number>;
  ignoredColumns: string[];
  panel: { resolved: number; reused: number };
  view: string;
  ledgerVersion: string;
}

const money = (v: unknown): string => (v === null || v === undefined ? "0.00" : String(v));

export async function priceSummary(run: PricedRun, ledgerVersion: string): Promise<PriceSummary> {
  const [t] = await run.db.query<Record<string, unknown>>(`SELECT
    (SELECT CAST(sum(entered_value) AS VARCHAR) FROM entry_lines) AS entered,
    CAST(sum(amount) AS VARCHAR) AS collected,
    CAST(sum(CASE WHEN refundable THEN amount END) AS VARCHAR) AS refundable,
    CAST(sum(CASE WHEN refundable THEN 0 ELSE amount END) AS VARCHAR) AS adjudicated,
    CAST(sum(declared_amount) AS VARCHAR) AS declared,
    count(DISTINCT CASE WHEN difference <> 0 THEN src_row END) AS diff_lines,
    count(CASE WHEN difference <> 0 THEN 1 END) AS diff_headings,
    CAST(sum(difference) AS VARCHAR) AS diff_total,
    count(DISTINCT CASE WHEN needs_facts IS NOT NULL AND needs_facts <> '' THEN src_row END) AS needs,
    count(DISTINCT CASE WHEN uncertain IS NOT NULL AND uncertain <> '' THEN src_row END) AS uncertain
    FROM priced`);
  const [cov] = await run.db.query<{ n: number }>(`SELECT count(*) AS n FROM entry_lines JOIN origin_classes USING (origin) WHERE coverage = 'partial'`);
  const byCol = await run.db.query<{ column: string; n: number }>(`SELECT "column", count(*) AS n FROM rejects GROUP BY 1 ORDER BY 2 DESC`);
  return {
    rows: run.rows,
    priced: run.priced,
    rejected: run.rejected,
    enteredValue: money(t!.entered),
    dutyCollected: money(t!.collected),
    ieepaRefundable: money(t!.refundable),
    dutyAdjudicated: money(t!.adjudicated),
    declared: t!.declared === null ? null : String(t!.declared),
    linesWithDifferences: Number(t!.diff_lines),
    headingsWithDifferences: Number(t!.diff_headings),
    differenceTotal: t!.diff_total === null ? null : String(t!.diff_total),
    linesNeedingFacts: Number(t!.needs),
    linesUncertain: Number(t!.uncertain),
    linesPartialCoverage: cov!.n,
    rejectsByColumn: Object.fromEntries(byCol.map((r) => [r.column, r.n])),
    ignoredColumns: run.ignoredColumns,
    panel: { resolved: run.panel.resolved, reused: run.panel.reused },
    view: run.view,
    ledgerVersion,
  };
}

