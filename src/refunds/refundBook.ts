import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LegalDay } from "../common/legalDate.js";
import type { DuckDb } from "../store/duckdb.js";
import type { PricedRun } from "../entries/entryPricing.js";
import { capeCaseSql, loadCapeRules, type CapeRules } from "./capeRules.js";
import { interestFactor, loadInterestRates, type ImporterKind, type QuarterRate } from "./interest.js";
import { writeCapeDeclarations } from "./capeFiles.js";
import type { RefundSummary } from "./refundSummaryTypes.js";

export type { RefundSummary };

/**
 * The IEEPA refund book over a priced entry file (tables of `priceEntryFile`): per line, the IEEPA duty paid (the
 * declared Chapter 99 amounts when the line declares them, else the amounts computed as collected) and the refund (every
 * duty of an authority the adjudicated view voids); per entry summary, the refund, interest from deposit to the refund
 * date (19 U.S.C. 1505(c), 19 CFR 24.36; `interest.ts`) and the CAPE status (CSMS 68340863; `capeRules.ts`).
 */

export interface RefundOptions {
  /** Interest runs to this day (by law: the liquidation or reliquidation date; default today). */
  asOf: LegalDay;
  /** The day the CAPE declaration is filed (for the 80-days-past-liquidation test); default `asOf`. */
  capeDate?: LegalDay;
  /** Importer kind for lines whose file does not say (26 U.S.C. 6621(a)(1)): default non-corporate (+3 points). */
  importerKind?: ImporterKind;
  rates?: QuarterRate[];
  rules?: CapeRules;
}

/** Rows per slice of the per-line book. */
const REFUND_LINE_SLICE = 1_000_000;

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Build `refund_headings`, `refund_lines`, `refund_entries` in the run's database. */
export async function buildRefundBook(run: PricedRun, options: RefundOptions): Promise<{ uncertainRates: string[] }> {
  const { db } = run;
  const rates = options.rates ?? loadInterestRates();
  const rules = options.rules ?? loadCapeRules();
  const capeDate = options.capeDate ?? options.asOf;
  const kind = options.importerKind ?? "non-corporate";
  // IEEPA paid per heading: declared amounts where the line declares, else computed as collected.
  await db.exec(`CREATE TABLE refund_headings AS
    SELECT p.src_row, p.entry_number, p.line_number, p.heading, p.authority,
      CASE WHEN e.has_declared THEN COALESCE(p.declared_amount, CAST(0 AS DECIMAL(18,2))) ELSE p.amount END AS paid,
      CASE WHEN e.has_declared THEN 'declared' ELSE 'computed' END AS basis,
      CASE WHEN e.has_declared THEN p.declared_amount IS NOT NULL ELSE p.amount > 0 END AS on_entry
    FROM priced_amounts p JOIN entry_lines e ON e.src_row = p.src_row
    WHERE p.refundable`);
  // Per line, in slices of rows: in one statement over 10M lines the headings' ordered aggregate ran out of DuckDB's
  // memory limit; a slice bounds that memory whatever the file's size. The table is the same as one statement makes.
  const lines = (lo: number, hi: number): string => `
    SELECT e.src_row, e.entry_number, e.line_number, e.entry_type, e.entry_date, e.deposit_date, e.hts10, e.origin, e.entered_value,
      CASE WHEN e.has_declared THEN 'declared' ELSE 'computed' END AS basis,
      CAST(COALESCE(h.paid, 0) AS DECIMAL(18,2)) AS ieepa_paid,
      CAST(COALESCE(h.paid, 0) AS DECIMAL(18,2)) AS refund,
      COALESCE(h.headings, '') AS ieepa_headings,
      COALESCE(h.n, 0) > 0 AS has_ieepa_line,
      COALESCE(e.importer_kind, '') AS importer_kind
    FROM entry_lines e
    LEFT JOIN (SELECT src_row, sum(paid) AS paid, count(CASE WHEN on_entry THEN 1 END) AS n,
          array_to_string(list_sort(list(heading) FILTER (WHERE on_entry)), ';') AS headings
        FROM refund_headings WHERE src_row BETWEEN ${lo} AND ${hi} GROUP BY src_row) h
      ON h.src_row = e.src_row
    WHERE e.src_row BETWEEN ${lo} AND ${hi}`;
  const [{ last }] = (await db.query<{ last: number | null }>(`SELECT max(src_row) AS last FROM entry_lines`)) as [{ last: number | null }];
  await db.exec(`CREATE TABLE refund_lines AS ${lines(1, Math.min(last ?? 0, REFUND_LINE_SLICE))}`);
  for (let lo = REFUND_LINE_SLICE + 1; lo <= (last ?? 0); lo += REFUND_LINE_SLICE) {
    await db.exec(`INSERT INTO refund_lines ${lines(lo, lo + REFUND_LINE_SLICE - 1)}`);
  }
  // Interest factors for each (deposit day, importer kind) — computed from the rate table, joined in SQL.
  const pairs = await db.query<{ d: string; k: string }>(
    `SELECT DISTINCT CAST(deposit_date AS VARCHAR) AS d, COALESCE(NULLIF(importer_kind, ''), ${lit(kind)}) AS k FROM refund_lines`,
  );
  await db.exec(
    `CREATE TABLE interest_factors (deposit_date DATE, importer_kind VARCHAR, factor DOUBLE, days INTEGER, uncertain VARCHAR)`,
  );
  const uncertainRates = new Set<string>();
  const values: string[] = [];
  for (const { d, k } of pairs) {
    const f = interestFactor(rates, d, options.asOf, k as ImporterKind);
    f.uncertain.forEach((u) => uncertainRates.add(u));
    values.push(
      `(DATE ${lit(d)}, ${lit(k)}, ${f.factor}, ${f.days}, ${f.uncertain.length ? lit(f.uncertain.join(" | ")) : "NULL"})`,
    );
  }
  for (let i = 0; i < values.length; i += 500)
    await db.exec(`INSERT INTO interest_factors VALUES ${values.slice(i, i + 500).join(",")}`);
  // Entry summaries: flags of any line flag the entry; one deposit date (the earliest), one importer kind.
  const fields = `entry_number, any_value(entry_type) AS entry_type, min(entry_date) AS entry_date, min(deposit_date) AS deposit_date,
      bool_or(reconciliation) AS reconciliation, bool_or(drawback) AS drawback, max(protest_status) AS protest_status,
      max(liquidation_status) AS liquidation_status, max(liquidation_date) AS liquidation_date, bool_or(adcvd) AS adcvd,
      bool_or(adcvd_instructions) AS adcvd_instructions, bool_or(ieepa_value_reported) AS ieepa_value_reported,
      bool_or(surety_paid) AS surety_paid, COALESCE(max(NULLIF(importer_kind, '')), ${lit(kind)}) AS importer_kind,
      count(*) AS lines, sum(entered_value) AS entered_value`;
  await db.exec(`CREATE TABLE refund_entries AS
    WITH s AS (SELECT ${fields} FROM entry_lines GROUP BY entry_number),
    r AS (SELECT entry_number, sum(refund) AS refund, bool_or(has_ieepa_line) AS has_ieepa_line FROM refund_lines GROUP BY entry_number),
    x AS (SELECT s.*, r.refund, r.has_ieepa_line,
            CASE WHEN s.liquidation_date IS NULL THEN NULL ELSE DATE ${lit(capeDate)} - s.liquidation_date END AS days_past_liquidation
          FROM s JOIN r USING (entry_number))
    SELECT x.*, ${capeCaseSql(rules, "status", "accepted")} AS cape_status,
      ${capeCaseSql(rules, "id", null)} AS cape_rule,
      ${capeCaseSql(rules, "reason", null)} AS cape_reason,
      ${capeCaseSql(rules, "route", null)} AS route,
      f.days AS interest_days, f.factor AS interest_factor, f.uncertain AS interest_uncertain,
      CAST(ROUND(CAST(x.refund AS DOUBLE) * (f.factor - 1), 2) AS DECIMAL(18,2)) AS interest
    FROM x JOIN interest_factors f ON f.deposit_date = x.deposit_date AND f.importer_kind = x.importer_kind`);
  return { uncertainRates: [...uncertainRates] };
}

/** Per-line book (for Parquet/CSV): the line, its IEEPA paid and refund, the entry's CAPE status, interest on the line's refund. */
export const REFUND_LINES_QUERY = `SELECT l.src_row AS "row", l.entry_number, l.line_number, l.entry_type, l.entry_date, l.deposit_date, l.hts10, l.origin,
  l.entered_value, l.basis, l.ieepa_headings, l.ieepa_paid, l.refund,
  CAST(ROUND(CAST(l.refund AS DOUBLE) * (e.interest_factor - 1), 2) AS DECIMAL(18,2)) AS interest_on_line,
  e.cape_status, e.cape_rule, e.cape_reason, e.route
FROM refund_lines l JOIN refund_entries e USING (entry_number) ORDER BY l.src_row`;

export const REFUND_ENTRIES_QUERY = `SELECT entry_number, entry_type, entry_date, deposit_date, lines, entered_value, refund, interest_days, interest,
  refund + interest AS refund_with_interest, importer_kind, liquidation_status, liquidation_date, days_past_liquidation, protest_status,
  cape_status, cape_rule, cape_reason, route, interest_uncertain
FROM refund_entries ORDER BY entry_number`;

const s = (v: unknown): string => (v === null || v === undefined ? "0.00" : String(v));

export async function refundSummary(
  db: DuckDb,
  run: PricedRun,
  opts: {
    asOf: LegalDay;
    capeDate: LegalDay;
    importerKind: ImporterKind;
    capeFiles: string[];
    uncertainRates: string[];
  },
): Promise<RefundSummary> {
  const [t] = await db.query<Record<string, unknown>>(
    `SELECT count(*) AS entries, CAST(sum(refund) AS VARCHAR) AS refund, CAST(sum(interest) AS VARCHAR) AS interest FROM refund_entries`,
  );
  const [paid] = await db.query<Record<string, unknown>>(
    `SELECT CAST(sum(ieepa_paid) AS VARCHAR) AS paid FROM refund_lines`,
  );
  const byStatus = await db.query<Record<string, unknown>>(
    `SELECT cape_status AS status, count(*) AS entries, CAST(sum(refund) AS VARCHAR) AS refund, CAST(sum(interest) AS VARCHAR) AS interest FROM refund_entries GROUP BY 1 ORDER BY 1`,
  );
  const byReason = await db.query<Record<string, unknown>>(
    `SELECT cape_rule AS rule, any_value(cape_reason) AS reason, any_value(route) AS route, count(*) AS entries, CAST(sum(refund) AS VARCHAR) AS refund FROM refund_entries WHERE cape_rule IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  const byMonth = await db.query<Record<string, unknown>>(
    `SELECT strftime(entry_date, '%Y-%m') AS month, count(*) AS entries, CAST(sum(refund) AS VARCHAR) AS refund, CAST(sum(interest) AS VARCHAR) AS interest FROM refund_entries GROUP BY 1 ORDER BY 1`,
  );
  const byOrigin = await db.query<Record<string, unknown>>(
    `SELECT origin, count(*) AS lines, CAST(sum(refund) AS VARCHAR) AS refund FROM refund_lines GROUP BY 1 ORDER BY sum(refund) DESC`,
  );
  const byAuthority = await db.query<Record<string, unknown>>(
    `SELECT authority, CAST(sum(paid) AS VARCHAR) AS refund FROM refund_headings GROUP BY 1 ORDER BY 1`,
  );
  return {
    asOf: opts.asOf,
    capeDate: opts.capeDate,
    importerKindDefault: opts.importerKind,
    rows: run.rows,
    priced: run.priced,
    rejectedRows: run.rejected,
    entries: Number(t!.entries),
    ieepaPaid: s(paid!.paid),
    refund: s(t!.refund),
    interest: s(t!.interest),
    byStatus: byStatus.map((r) => ({
      status: String(r.status),
      entries: Number(r.entries),
      refund: s(r.refund),
      interest: s(r.interest),
    })),
    byReason: byReason.map((r) => ({
      rule: String(r.rule),
      reason: String(r.reason),
      route: String(r.route),
      entries: Number(r.entries),
      refund: s(r.refund),
    })),
    byMonth: byMonth.map((r) => ({
      month: String(r.month),
      entries: Number(r.entries),
      refund: s(r.refund),
      interest: s(r.interest),
    })),
    byOrigin: byOrigin.map((r) => ({ origin: String(r.origin), lines: Number(r.lines), refund: s(r.refund) })),
    byAuthority: byAuthority.map((r) => ({ authority: String(r.authority), refund: s(r.refund) })),
    capeFiles: opts.capeFiles,
    uncertainRates: opts.uncertainRates,
    interestConvention:
      "19 U.S.C. 1505(c), 19 CFR 24.36: from the deposit day (included) to the refund date (excluded), at the 26 U.S.C. 6621(a)(1) overpayment rate of each day's quarter (non-corporate +3 points, corporate +2), compounded daily (26 U.S.C. 6622) with rate/365 (366 in leap years); per entry summary, rounded half up to the cent",
  };
}

/** Write the book to `dir`: lines.parquet (and lines.csv), entries.csv, rejects.csv, summary.json, CAPE declarations. */
export async function writeRefundBook(
  run: PricedRun,
  dir: string,
  options: RefundOptions & { csv?: boolean },
): Promise<RefundSummary> {
  await mkdir(dir, { recursive: true });
  const { uncertainRates } = await buildRefundBook(run, options);
  const q = (f: string): string => `'${f.replace(/'/g, "''")}'`;
  const copy = async (sql: string, file: string, fmt: string): Promise<void> => {
    await run.db.exec(`COPY (${sql}) TO ${q(`${file}.part`)} (${fmt})`);
    await rename(`${file}.part`, file);
  };
  await copy(REFUND_LINES_QUERY, join(dir, "lines.parquet"), "FORMAT PARQUET");
  if (options.csv) await copy(REFUND_LINES_QUERY, join(dir, "lines.csv"), "HEADER, DELIMITER ','");
  await copy(REFUND_ENTRIES_QUERY, join(dir, "entries.csv"), "HEADER, DELIMITER ','");
  await copy(`SELECT * FROM rejects ORDER BY "row"`, join(dir, "rejects.csv"), "HEADER, DELIMITER ','");
  const capeFiles = await writeCapeDeclarations(run.db, join(dir, "cape"));
  const summary = await refundSummary(run.db, run, {
    asOf: options.asOf,
    capeDate: options.capeDate ?? options.asOf,
    importerKind: options.importerKind ?? "non-corporate",
    capeFiles: capeFiles.map((f) => `cape/${f}`),
    uncertainRates,
  });
  await writeFile(join(dir, "summary.json.part"), JSON.stringify(summary, null, 2));
  await rename(join(dir, "summary.json.part"), join(dir, "summary.json"));
  return summary;
}
