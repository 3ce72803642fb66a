import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { resolveCacheDir } from "../data/cacheDir.js";
import { InputError } from "../common/errors.js";
import type { ColumnMapping } from "../entries/entrySchema.js";
import { action } from "./errorReport.js";
import { openForCli } from "./openForCli.js";
import { stageProgress } from "./stageProgress.js";

/** `--map file.yaml`: a header → column mapping (a `columns:` map), e.g. manifest/entry-mappings/ace-entry-summary-line.yaml. */
export function readMapping(file: string | undefined): ColumnMapping | undefined {
  if (!file) return undefined;
  const doc = parseYaml(readFileSync(file, "utf8")) as { columns?: Record<string, string> } | null;
  if (!doc || typeof doc.columns !== "object") throw new InputError("BAD_MAPPING", "--map", `${file} has no "columns:" map of header → column`);
  return doc.columns;
}

interface PriceCliOptions {
  scenario?: string[];
  out?: string;
  map?: string;
  json?: boolean;
  progress?: boolean;
}

export function registerEntryCommands(program: Command): void {
  registerRefundCommand(program);
  const entries = program.command("entries").description("Customs entry files: price every line, make synthetic files");
  entries
    .command("synth")
    .description("write a realistic synthetic entry file (origins, products and values from the 2024 imports; entries 2025-02 → 2026-02)")
    .requiredOption("--lines <n>", "number of entry lines")
    .option("--out <file>", "CSV file to write", "entries-synthetic.csv")
    .option("--seed <n>", "random seed (same seed, same file)", "20260220")
    .option("--products <n>", "top HTS-10 lines per origin drawn from", "1500")
    .option("--no-progress", "no progress bar")
    .option("--json", "JSON report")
    .action(
      action(async (opts: { lines: string; out: string; seed: string; products: string; progress?: boolean; json?: boolean }) => {
        const lines = Number(opts.lines);
        if (!Number.isInteger(lines) || lines < 1 || lines > 1e9) throw new InputError("BAD_OPTION", "--lines", `"${opts.lines}" is not a whole number of lines (1 to 1,000,000,000)`);
        const { synthEntries } = await import("../entries/syntheticEntries.js");
        const { ts } = await openForCli(undefined, []);
        const progress = stageProgress(opts.progress !== false && process.stderr.isTTY === true);
        const r = await synthEntries({ lines, out: opts.out, seed: Number(opts.seed), productsPerOrigin: Number(opts.products), knownLine: (c) => ts.ledger.catalog.lines.has(c), onProgress: (d, t) => progress.update("synth", d, t) });
        progress.stop();
        process.stdout.write(opts.json ? `${JSON.stringify({ ...r, out: opts.out })}\n` : `wrote ${r.lines} lines in ${r.entries} entries (origins ${r.origins.join(", ")}) to ${opts.out}\n`);
      }),
    );
  entries
    .command("price <file>")
    .description("price every line of an entry file (CSV, XLSX, Parquet) and reconcile declared Chapter 99 amounts")
    .option("--scenario <name...>", "price under scenarios (shipped names or files)")
    .option("--out <file>", "per-line output (.parquet or .csv); rejects go beside it as <out>.rejects.csv")
    .option("--map <file>", "column mapping (YAML `columns: {header: column}`), e.g. manifest/entry-mappings/ace-entry-summary-line.yaml")
    .option("--no-progress", "no progress bar")
    .option("--json", "summary as JSON")
    .action(
      action(async (file: string, opts: PriceCliOptions) => {
        const { priceEntryFile, priceSummary, writeQuery, writeRejects, PRICED_LINES_QUERY, outputFormat } = await import("../entries/entryPricing.js");
        if (opts.out) outputFormat(opts.out);
        const cacheDir = resolveCacheDir({});
        const { ts } = await openForCli(undefined, opts.scenario ?? []);
        const progress = stageProgress(opts.progress !== false && process.stderr.isTTY === true);
        const run = await priceEntryFile(ts, file, { cacheDir, ...(opts.map ? { mapping: readMapping(opts.map)! } : {}), onProgress: progress.update });
        try {
          if (opts.out) {
            progress.update("write", 0, 1);
            await writeQuery(run.db, PRICED_LINES_QUERY, opts.out);
            await writeRejects(run.db, `${opts.out}.rejects.csv`);
          }
          progress.stop();
          const summary = await priceSummary(run, ts.ledger.version);
          if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          else process.stdout.write(formatPriceSummary(summary, opts.out));
        } finally {
          progress.stop();
          await run.dispose();
        }
      }),
    );
}

interface RefundCliOptions {
  asOf?: string;
  capeDate?: string;
  importer?: string;
  out?: string;
  map?: string;
  csv?: boolean;
  json?: boolean;
  progress?: boolean;
}

export function registerRefundCommand(program: Command): void {
  program
    .command("refunds <file>")
    .description("the IEEPA refund book of an entry file: refund, interest and CAPE status per entry; CAPE declaration CSVs")
    .option("--as-of <date>", "interest runs to this date (the expected liquidation/reliquidation date); default today")
    .option("--cape-date <date>", "the day the CAPE declaration is filed (80-days-past-liquidation test); default --as-of")
    .option("--importer <kind>", "corporate | non-corporate: the 26 U.S.C. 6621 overpayment rate for lines whose file does not say", "non-corporate")
    .option("--out <dir>", "folder for lines.parquet, entries.csv, rejects.csv, summary.json and cape/*.csv", "refund-book")
    .option("--map <file>", "column mapping (YAML `columns: {header: column}`)")
    .option("--csv", "also write lines.csv")
    .option("--no-progress", "no progress bar")
    .option("--json", "summary as JSON")
    .action(
      action(async (file: string, opts: RefundCliOptions) => {
        const { priceEntryFile } = await import("../entries/entryPricing.js");
        const { writeRefundBook } = await import("../refunds/refundBook.js");
        const { parseLegalDay } = await import("../common/legalDate.js");
        const asOf = opts.asOf ? parseLegalDay(opts.asOf, "--as-of") : new Date().toISOString().slice(0, 10);
        const capeDate = opts.capeDate ? parseLegalDay(opts.capeDate, "--cape-date") : asOf;
        if (opts.importer !== "corporate" && opts.importer !== "non-corporate") throw new InputError("BAD_OPTION", "--importer", `"${opts.importer}" is not corporate or non-corporate`);
        const cacheDir = resolveCacheDir({});
        const { ts } = await openForCli(undefined, []);
        const progress = stageProgress(opts.progress !== false && process.stderr.isTTY === true);
        const run = await priceEntryFile(ts, file, { cacheDir, ...(opts.map ? { mapping: readMapping(opts.map)! } : {}), onProgress: progress.update });
        try {
          progress.update("write", 0, 1);
          const summary = await writeRefundBook(run, opts.out!, { asOf, capeDate, importerKind: opts.importer, csv: opts.csv === true });
          progress.stop();
          if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          else process.stdout.write(formatRefundSummary(summary, opts.out!));
        } finally {
          progress.stop();
          await run.dispose();
        }
      }),
    );
}

function formatRefundSummary(s: import("../refunds/refundBook.js").RefundSummary, out: string): string {
  const lines = [
    `rows ${s.rows}: priced ${s.priced}, rejected ${s.rejectedRows} (see ${out}/rejects.csv); entry summaries ${s.entries}`,
    `IEEPA paid $${s.ieepaPaid}; refund $${s.refund}; interest to ${s.asOf} $${s.interest}`,
    "by CAPE status:",
    ...s.byStatus.map((r) => `  ${r.status.padEnd(13)} ${String(r.entries).padStart(8)} entries  refund $${r.refund}  interest $${r.interest}`),
  ];
  if (s.byReason.length > 0) lines.push("rejections:", ...s.byReason.map((r) => `  ${r.rule.padEnd(24)} ${String(r.entries).padStart(7)}  $${r.refund}  — route: ${r.route}`));
  lines.push("by month of entry:", ...s.byMonth.map((r) => `  ${r.month}  ${String(r.entries).padStart(8)} entries  refund $${r.refund}  interest $${r.interest}`));
  lines.push("by authority:", ...s.byAuthority.map((r) => `  ${r.authority.padEnd(18)} $${r.refund}`));
  lines.push("by origin:", ...s.byOrigin.slice(0, 10).map((r) => `  ${r.origin}  ${String(r.lines).padStart(8)} lines  $${r.refund}`));
  for (const u of s.uncertainRates) lines.push(`uncertain rate: ${u}`);
  lines.push(`CAPE declarations (≤ 9,999 entry numbers each): ${s.capeFiles.length ? s.capeFiles.map((f) => `${out}/${f}`).join(", ") : "none"}`);
  return lines.join("\n") + "\n";
}

function formatPriceSummary(s: Awaited<ReturnType<typeof import("../entries/entryPricing.js").priceSummary>>, out: string | undefined): string {
  const lines = [
    `rows ${s.rows}: priced ${s.priced}, rejected ${s.rejected}`,
    `entered value $${s.enteredValue}; duty as collected $${s.dutyCollected} (IEEPA, refundable in the ${s.view} view: $${s.ieepaRefundable}; without it $${s.dutyAdjudicated})`,
  ];
  if (s.declared !== null) lines.push(`declared Chapter 99/base amounts $${s.declared}; difference computed − declared $${s.differenceTotal} on ${s.linesWithDifferences} line(s), ${s.headingsWithDifferences} heading(s)`);
  lines.push(`lines needing facts ${s.linesNeedingFacts}, uncertain ${s.linesUncertain}, partial coverage ${s.linesPartialCoverage}`);
  if (s.rejected > 0) lines.push(`rejects by column: ${Object.entries(s.rejectsByColumn).map(([c, n]) => `${c} ${n}`).join(", ")}`);
  if (s.ignoredColumns.length > 0) lines.push(`columns ignored (not in the schema): ${s.ignoredColumns.join(", ")}`);
  lines.push(`interval panel: ${s.panel.resolved} line profile(s) resolved now, ${s.panel.reused} reused; ledger ${s.ledgerVersion}`);
  if (out) lines.push(`written: ${out}, ${out}.rejects.csv`);
  return lines.join("\n") + "\n";
}
