import type { Command } from "commander";
import { action } from "./errorReport.js";
import { InputError } from "../common/errors.js";
import { openScreener } from "../controls/openScreener.js";
import { screenBatchFile } from "../controls/batchScreening.js";
import { readOwnershipFile } from "../controls/ownership.js";
import { assessAffiliates } from "../controls/affiliatesRule.js";
import { loadControlLedger } from "../controls/controlLedger.js";
import { controlsReport } from "../controls/chinaControls.js";
import type { ScreeningResult } from "../controls/screening.js";

const out = (v: unknown): void => void process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);

function score(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InputError("BAD_SCORE", "--min-score", `${JSON.stringify(v)} is not a number between 0 and 1`);
  return n;
}

function printResult(r: ScreeningResult): void {
  process.stdout.write(`${JSON.stringify(r.query)} → ${r.status}${r.normalised ? ` (screened as "${r.normalised}")` : ""}\n`);
  for (const w of r.warnings) process.stdout.write(`  warning: ${w}\n`);
  if (r.status === "no-match") process.stdout.write(`  no entry scores ${"≥"} the minimum among the ${r.screenedAgainst.entries} entries of ${r.screenedAgainst.file}\n`);
  for (const m of r.matches) {
    process.stdout.write(`  ${m.score.toFixed(3)} ${m.strength.padEnd(8)} ${m.name}${m.matchedName !== m.name ? `  [matched: ${m.matchedName} (${m.matchedKind})]` : ""}\n`);
    process.stdout.write(`           ${m.countries.join(",") || "—"} | start ${m.startDate} | ${m.federalRegisterNotices.join("; ")} | ${m.licensePolicy.slice(0, 100)}\n`);
    for (const n of m.notes) process.stdout.write(`           note: ${n}\n`);
  }
}

export function registerControlCommands(program: Command): void {
  program
    .command("screen")
    .description("screen a name (or a CSV of counterparties with --batch) against the Entity List")
    .argument("[name]", "the counterparty's name")
    .option("--batch <file>", "a CSV of counterparties (columns name, and optionally country, id)")
    .option("--name-column <c>", "the batch file's name column", "name")
    .option("--country <iso2>", "the counterparty's address country (ISO-2)")
    .option("--min-score <s>", "lowest score listed (0–1)", "0.75")
    .option("--limit <n>", "most matches per name", "10")
    .option("--list <file>", "an official Consolidated Screening List file (CSV or JSON) instead of the cached extract")
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (name: string | undefined, opts: { batch?: string; nameColumn: string; country?: string; minScore: string; limit: string; list?: string; dir?: string; json: boolean }) => {
        if ((name === undefined) === (opts.batch === undefined)) {
          throw new InputError("BAD_ARGUMENTS", "name", name === undefined ? "give a name, or --batch <file>" : "give a name or --batch, not both");
        }
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new InputError("BAD_LIMIT", "--limit", `${opts.limit} is not a whole number ≥ 1`);
        const screener = await openScreener({ cacheDir: opts.dir, listFile: opts.list });
        if (opts.batch) {
          const t0 = performance.now();
          const report = screenBatchFile(screener, opts.batch, { nameColumn: opts.nameColumn, minScore: score(opts.minScore), limit });
          if (opts.json) return out(report);
          for (const r of report.rows) {
            if (r.error) process.stdout.write(`line ${r.line}: error [${r.error.code}] ${r.error.message}\n`);
            else if (r.result && r.result.status !== "no-match") {
              const best = r.result.matches[0];
              process.stdout.write(`line ${r.line}: ${r.result.query} → ${r.result.status}${best ? ` ${best.score.toFixed(3)} ${best.name} (${best.federalRegisterNotices[0] ?? ""}, ${best.startDate})` : ` (${r.result.warnings[0]})`}\n`);
            }
          }
          const c = report.counts;
          process.stdout.write(`${c.rows} rows: ${c.match} with matches, ${c.noMatch} without, ${c.unscreenable} unscreenable, ${c.errors} errors (${((performance.now() - t0) / 1000).toFixed(2)} s)\n`);
          return;
        }
        const r = screener.screen(name!, { country: opts.country, minScore: score(opts.minScore), limit });
        if (opts.json) return out(r);
        printResult(r);
      }),
    );
  program
    .command("affiliates")
    .description("the BIS Affiliates Rule on your ownership file (owner,owned,share): aggregate ownership by listed parties on a date")
    .argument("<ownership>", "CSV with columns owner, owned, share (percent), optionally listed (yes/no)")
    .requiredOption("--date <date>", "the date to assess (YYYY-MM-DD)")
    .option("--firm <name...>", "only these firms")
    .option("--list <file>", "an official Consolidated Screening List file instead of the cached extract")
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (file: string, opts: { date: string; firm?: string[]; list?: string; dir?: string; json: boolean }) => {
        const graph = readOwnershipFile(file);
        const screener = await openScreener({ cacheDir: opts.dir, listFile: opts.list });
        const a = assessAffiliates(graph, screener, loadControlLedger(), opts.date, opts.firm);
        if (opts.json) return out(a);
        process.stdout.write(`Affiliates Rule on ${a.date}: ${a.rule.status}${a.rule.instrument ? ` (${a.rule.instrument})` : ""} [${a.rule.state ?? "no state"}]\n`);
        if (a.rule.uncertain) process.stdout.write(`  uncertain: ${a.rule.uncertain}\n`);
        process.stdout.write(`  aggregation: ${a.aggregation}\n`);
        for (const w of a.warnings) process.stdout.write(`  warning: ${w}\n`);
        for (const f of a.firms) {
          process.stdout.write(`${f.reached ? "REACHED" : f.listed ? "LISTED " : "       "} ${f.firm}: ${f.why}\n`);
          for (const c of f.contributions) process.stdout.write(`          ${c.share}% from ${c.owner} (${c.as}, line ${c.line})\n`);
        }
      }),
    );
  program
    .command("controls")
    .description("export controls both ways (US BIS rules, China's MOFCOM/GAC announcements): status on a date, US import exposure by year")
    .option("--issuer <issuer>", "US or CN (default both)")
    .option("--date <date>", "state on this date (default: today)")
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (opts: { issuer?: string; date?: string; dir?: string; json: boolean }) => {
        const issuer = opts.issuer?.toUpperCase();
        if (issuer !== undefined && issuer !== "US" && issuer !== "CN") throw new InputError("UNKNOWN_ISSUER", "--issuer", `${opts.issuer} is not US or CN`, ["US", "CN"]);
        const report = await controlsReport({ cacheDir: opts.dir, date: opts.date, issuer });
        if (opts.json) return out(report);
        process.stdout.write(`Export controls on ${report.date}\n`);
        for (const c of report.controls) {
          process.stdout.write(`${c.issuer} ${c.stateOnDate.padEnd(14)} ${c.id}  ${c.instrument}\n   ${c.title}\n`);
          if (c.exposure.length > 0) {
            process.stdout.write(`   US imports from China, HS-6 ${c.hs6.join(" ")} (USD m): ${c.exposure.map((e) => `${e.year} ${(e.usd / 1e6).toFixed(1)}`).join(", ")}\n`);
          }
          if (c.uncertain) process.stdout.write(`   uncertain: ${c.uncertain}\n`);
        }
      }),
    );
}

export function registerTalksCommands(program: Command): void {
  program
    .command("talks")
    .description("the US–China negotiation record 2017 → 2026, each round with the ledger measures it changed")
    .option("--round <round>", "one round: its id or a word of its name (geneva, busan, …)")
    .option("--check", "check every link and list China tariff ids awaiting ledger/cn/events/", false)
    .option("--json", "print JSON", false)
    .action(
      action(async (opts: { round?: string; check: boolean; json: boolean }) => {
        const { loadTalks, findRound } = await import("../talks/rounds.js");
        const record = loadTalks();
        if (opts.check) {
          const links = record.rounds.reduce((s, r) => s + r.changed.length, 0);
          if (opts.json) return out({ rounds: record.rounds.length, links, awaiting: record.awaiting });
          process.stdout.write(`${record.rounds.length} rounds, ${links} links; every US and control link resolves\n`);
          if (record.awaiting.length > 0) {
            process.stdout.write(`${record.awaiting.length} China tariff ids await ledger/cn/events/ (absent here):\n`);
            for (const a of record.awaiting) process.stdout.write(`  ${a.measure}  (${a.round})\n`);
          }
          return;
        }
        const rounds = opts.round ? [findRound(record, opts.round)] : record.rounds;
        if (opts.json) return out(opts.round ? rounds[0] : rounds);
        for (const r of rounds) {
          process.stdout.write(`${r.dates.from}${r.dates.to !== r.dates.from ? `→${r.dates.to}` : ""}  ${r.name} (${r.place}) [${r.id}]\n`);
          if (opts.round) process.stdout.write(`  ${r.outcome}\n`);
          for (const c of r.changed) {
            process.stdout.write(`    ${c.effect.padEnd(6)} ${c.issuer} ${c.ledger.padEnd(8)} ${c.measure}${c.resolved ? `  ${c.window?.from ?? ""}→${c.window?.to ?? "…"} ${c.status ?? ""} ${c.instrument ?? ""}` : "  (awaiting ledger/cn/events/)"}\n`);
          }
          if (opts.round && r.changed.length === 0) process.stdout.write("    no ledger measure changed\n");
          if (opts.round) for (const s of r.sources) process.stdout.write(`  source: ${s.file ?? s.url} — ${s.where}\n`);
          if (opts.round && r.uncertain) process.stdout.write(`  uncertain: ${r.uncertain}\n`);
        }
      }),
    );
}
