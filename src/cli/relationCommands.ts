import type { Command } from "commander";
import { action } from "./errorReport.js";
import { InputError } from "../common/errors.js";

const out = (v: unknown): void => void process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
const bn = (v: number | null | undefined): string => (v === null || v === undefined ? "—" : `${(v / 1e9).toFixed(2)}`);

function year(v: string | undefined, field: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^(19|20)\d{2}$/.test(v)) throw new InputError("BAD_YEAR", field, `${JSON.stringify(v)} is not a year`);
  return Number(v);
}

export function registerRelationCommands(program: Command): void {
  program
    .command("commitments")
    .description("purchase commitments: Phase One (Annex 6.1) fulfilment by category, the 2025 soybean pledge, the 2017 items")
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (opts: { dir?: string; json: boolean }) => {
        const { phaseOneReport, loadCommitments } = await import("../commitments/phaseOne.js");
        const { soybeanReport } = await import("../commitments/soybeanPledge.js");
        const commitments = loadCommitments();
        const phaseOne = await phaseOneReport({ cacheDir: opts.dir, commitments });
        const soybeans = await soybeanReport({ cacheDir: opts.dir, commitments });
        if (opts.json) return out({ phaseOne, soybeans, events: commitments.events });
        process.stdout.write(`Phase One (${phaseOne.agreement}, signed ${phaseOne.signed}) — USD bn\n`);
        process.stdout.write(`category              2017   target20 actual20  share20 | target21 actual21  share21 | 2020-21 | tracker's 2020 / 2021\n`);
        for (const c of [...phaseOne.categories, phaseOne.goodsTotal]) {
          const p = (v: number | null | undefined): string => (v === null || v === undefined ? "—" : `${v.toFixed(1)}%`);
          process.stdout.write(
            `${c.label.padEnd(20)} ${bn(c.baseline2017).padStart(6)} ${bn(c.target["2020"]).padStart(9)} ${bn(c.actual["2020"]).padStart(8)} ${p(c.fulfilment["2020"]).padStart(8)} | ${bn(c.target["2021"]).padStart(8)} ${bn(c.actual["2021"]).padStart(8)} ${p(c.fulfilment["2021"]).padStart(8)} | ${p(c.fulfilment2020to2021).padStart(7)} | ${p(c.trackerPublished["2020"])} / ${p(c.trackerPublished["2021"])}\n`,
          );
          for (const n of c.notes) process.stdout.write(`    note: ${n}\n`);
        }
        process.stdout.write(`  method: ${phaseOne.method}\n`);
        if (phaseOne.uncertain) process.stdout.write(`  uncertain: ${phaseOne.uncertain}\n`);
        process.stdout.write(`\nSoybean pledge (${soybeans.by}, ${soybeans.announced})\n`);
        for (const i of soybeans.items) {
          process.stdout.write(`  ${i.id.padEnd(10)} ${(i.metricTons / 1e6).toFixed(0)} MMT  ${i.measurable ? `measured ${(i.measuredTons! / 1e6).toFixed(2)} MMT` : i.why}\n`);
        }
        process.stdout.write(`  US exports of soybeans to China by year (MMT): ${soybeans.annual.map((a) => `${a.year} ${(a.tons / 1e6).toFixed(1)}`).join(", ")}\n`);
        process.stdout.write(`\nDated items\n`);
        for (const e of commitments.events) process.stdout.write(`  ${e.date}  ${e.issuer}  ${e.title}\n`);
      }),
    );
  program
    .command("trade")
    .description("US–China goods trade by year: imports, exports, balance, by HS section (UN Comtrade, US as reporter)")
    .option("--from <year>", "first year")
    .option("--to <year>", "last year")
    .option("--sections", "list each year's HS sections", false)
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (opts: { from?: string; to?: string; sections: boolean; dir?: string; json: boolean }) => {
        const { tradeReport } = await import("../trade/bilateralFlows.js");
        const r = await tradeReport({ cacheDir: opts.dir, from: year(opts.from, "--from"), to: year(opts.to, "--to") });
        if (opts.json) return out(r);
        process.stdout.write(`year  imports  exports  balance  (USD bn; ${r.valuation})\n`);
        for (const y of r.years) {
          process.stdout.write(`${y.year} ${bn(y.imports).padStart(8)} ${bn(y.exports).padStart(8)} ${bn(y.balance).padStart(8)}  ${y.importsChangePct === null ? "" : `imports ${y.importsChangePct > 0 ? "+" : ""}${y.importsChangePct}%`}\n`);
          if (opts.sections) for (const s of y.sections) process.stdout.write(`      ${s.id.padEnd(5)} ${s.label.padEnd(38)} ${bn(s.imports).padStart(8)} ${bn(s.exports).padStart(8)}  ${s.importShare}% of imports\n`);
        }
        process.stdout.write(`breaks (imports down > 10%): ${r.breaks.map((b) => `${b.year} ${b.importsChangePct}%`).join(", ") || "none"}\n`);
        for (const m of r.missing) process.stdout.write(`not here: ${m}\n`);
      }),
    );
}
