import { constants } from "node:fs";
import { access, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { InputError } from "../common/errors.js";
import { compareScenarios, windowText } from "../analytics/scenarioCompare.js";
import { renderSeriesPng, renderSeriesSvg, seriesChartData } from "../analytics/seriesChart.js";
import type { AverageRow, AverageSeries } from "../analytics/seriesTypes.js";
import { parseFactPairs } from "../engine/entryFacts.js";
import { action } from "./errorReport.js";
import { openForCli } from "./openForCli.js";
import { formatCnAverage, issuerOption, openChinaForCli } from "./chinaCommands.js";

interface SeriesOpts {
  origin: string;
  issuer?: string;
  dates?: string;
  from?: string;
  to?: string;
  at?: string;
  weights: string;
  view?: string;
  scenario?: string[];
  fact?: string[];
  dir?: string;
}

const num = (x: number): string => x.toFixed(2);

async function series(opts: SeriesOpts): Promise<AverageSeries> {
  const { ts } = await openForCli(opts.dir, opts.scenario);
  // Defaults come from the ledger (coverage.yaml, views.yaml), as in the API.
  const from = opts.at ?? opts.from ?? ts.ledger.coverage.from;
  const to = opts.at ?? opts.to ?? ts.ledger.coverage.to;
  return ts.average({
    origin: opts.origin,
    from,
    to,
    weights: opts.weights,
    view: opts.view,
    facts: parseFactPairs(opts.fact ?? []),
    cacheDir: opts.dir,
  });
}

/**
 * `average --origin ALL`: the all-partner average on the days asked (--at, --dates) or every day of a range
 * (--from/--to; both default to the panel's period), decomposed by authority and by origin — `ts.averageAll`, as the
 * API's /api/average?origin=ALL.
 */
async function printAllPartners(opts: SeriesOpts & { json: boolean; csv: boolean }): Promise<void> {
  const dates = opts.dates ? opts.dates.split(",").map((d) => d.trim()).filter((d) => d !== "") : opts.at ? [opts.at] : [];
  const range = opts.from !== undefined || opts.to !== undefined;
  if (dates.length > 0 && range) {
    throw new InputError("BAD_OPTION", "--origin ALL", "give days (--at, --dates) or a range (--from/--to), not both");
  }
  if (opts.weights !== "census-2024") throw new InputError("BAD_OPTION", "--weights", "the all-partner average uses census-2024 (every partner's 2024 HS-10 imports)", ["census-2024"]);
  const { ts } = await openForCli(opts.dir, opts.scenario);
  const span = dates.length > 0 ? { dates } : { from: opts.from, to: opts.to };
  const a = await ts.averageAll({ ...span, view: opts.view, facts: parseFactPairs(opts.fact ?? []), cacheDir: opts.dir });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(a, null, 2)}\n`);
    return;
  }
  if (opts.csv) {
    const lines = ["date,partner,origin,name,value,totalPercent,contributionPercent,preferenceShare,coverage"];
    for (const d of a.days) for (const o of d.byOrigin) lines.push([d.date, o.partner, o.origin, JSON.stringify(o.name), o.value.toFixed(0), o.totalPercent, o.contributionPercent, o.preferenceShare ?? "", o.coverage].join(","));
    process.stdout.write(`${lines.join("\n")}\n`);
    return;
  }
  const out = [`Average US tariff on goods of every partner (ALL) — weights census-2024 (51 partner files), view ${a.view}`];
  for (const l of a.leftOut) out.push(`left out: ${l.partner} ${l.name} (held by the aggregate ${l.heldBy})`);
  // A long range prints its first and last day and the days the total changes (all days: --json / --csv).
  const shown = a.days.length > 40 ? a.days.filter((d, i) => i === 0 || i === a.days.length - 1 || Math.abs(d.totalPercent - a.days[i - 1]!.totalPercent) > 1e-6) : a.days;
  for (const d of shown) {
    const auth = Object.entries(d.byAuthority).map(([k, v]) => `${k} ${num(v)}`).join(" + ");
    out.push(`${d.date}  total ${num(d.totalPercent)}%  additional ${num(d.additionalPercent)}%  [${auth}]  on $${((d.totalValue - d.unmatchedValue) / 1e9).toFixed(0)}bn; uncertain lines $${(d.uncertainValue / 1e9).toFixed(1)}bn`);
    if (shown.length > 12 && d !== shown[0] && d !== shown[shown.length - 1]) continue;
    const top = d.byOrigin.slice(0, 12).map((o) => `${o.origin === "ZZ" ? o.partner : o.origin} ${num(o.totalPercent)}% (${num(o.contributionPercent)} pts${o.preferenceShare !== undefined ? `, preference claims ${(o.preferenceShare * 100).toFixed(0)}%` : ""}${o.coverage === "partial" ? ", partial" : ""})`);
    out.push(`    by origin: ${top.join("; ")}${d.byOrigin.length > 12 ? `; … ${d.byOrigin.length - 12} more (--json / --csv)` : ""}`);
  }
  if (shown.length < a.days.length) out.push(`(${a.days.length} days; showing the first, the last and the days the total changes — use --json or --csv for all)`);
  process.stdout.write(`${out.join("\n")}\n`);
}

/** The chart's output file: .svg or .png, in an existing folder we may write to (checked before computing). */
async function checkChartOut(out: string): Promise<void> {
  if (!/\.(svg|png)$/i.test(out)) throw new InputError("BAD_OPTION", "--out", `"${out}" should end in .svg or .png`);
  const folder = dirname(resolve(out));
  try {
    if (!(await stat(folder)).isDirectory())
      throw new InputError("BAD_OPTION", "--out", `${folder} is not a folder`);
    await access(folder, constants.W_OK);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      "BAD_OPTION",
      "--out",
      code === "ENOENT" ? `folder ${folder} does not exist` : `cannot write in ${folder} (${code ?? "error"})`,
    );
  }
}

/** Write the chart; a write failure names the file (never a stack trace). */
async function writeOut(out: string, bytes: string | Buffer): Promise<void> {
  try {
    await writeFile(out, bytes);
  } catch (err) {
    throw new InputError("BAD_OPTION", "--out", `cannot write ${out} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

function csv(rows: AverageRow[]): string {
  const auths = [...new Set(rows.flatMap((r) => Object.keys(r.byAuthority)))];
  const head = [
    "date",
    "totalPercent",
    "additionalPercent",
    ...auths.map((a) => `byAuthority.${a}`),
    "coveragePercent",
    "simplePercent",
    "needsFactsLines",
    "uncertainLines",
  ];
  const lines = rows.map((r) =>
    [
      r.date,
      r.totalPercent,
      r.additionalPercent,
      ...auths.map((a) => r.byAuthority[a] ?? 0),
      r.coveragePercent,
      r.simplePercent,
      r.needsFactsLines,
      r.uncertainLines,
    ].join(","),
  );
  return [head.join(","), ...lines].join("\n");
}

function seriesOptions(cmd: Command): Command {
  return cmd
    .requiredOption("--origin <code>", "origin (ISO code), e.g. CN; ALL: every partner with 2024 imports (--at, --dates, or a range --from/--to)")
    .option("--dates <list>", "ALL only: comma-separated days, e.g. 2025-04-09,2025-08-07 (instead of a range)")
    .option("--from <yyyy-mm-dd>", "first day (default: start of the ledger's coverage)")
    .option("--to <yyyy-mm-dd>", "last day (default: end of the ledger's coverage)")
    .option("--at <yyyy-mm-dd>", "one day only")
    .option(
      "--weights <name>",
      "weight set: census-2024 | approx-2017 | comtrade-<year> (2015…2025, e.g. comtrade-2017)",
      "census-2024",
    )
    .option("--view <view>", "legal view of the ledger (views.yaml: collected, adjudicated); default: the ledger's default view")
    .option(
      "--scenario <file...>",
      "scenario files or shipped names (no-ieepa, threat-100-2025-11-01, busan-truce-lapses-2026-11-10)",
    )
    .option("--fact <key=value...>", "entry facts assumed for every line, e.g. steelShare=0.5 (defaults: see README)")
    .option("--dir <dir>", "data cache folder");
}

export function registerAverageCommands(program: Command): void {
  seriesOptions(
    program
      .command("average")
      .description("the daily trade-weighted average US tariff on goods of an origin, by authority"),
  )
    .option(
      "--issuer <code>",
      "whose tariffs: US (default) or CN (China's average tariff on US goods; weights piie-2017 by default, or comtrade-<year>)",
      "US",
    )
    .option("--steps", "print only the days where the average changes, with the instruments", false)
    .option("--by <what>", "decomposition: authority", "authority")
    .option("--json", "print JSON", false)
    .option("--csv", "print CSV", false)
    .action(
      action(async (opts: SeriesOpts & { steps: boolean; json: boolean; csv: boolean; by: string }, cmd: Command) => {
        if (issuerOption(opts.issuer) === "CN") {
          const cn = await openChinaForCli(opts.dir);
          // The US default weight set is not China's: without --weights the China side uses its own default.
          const weights = cmd.getOptionValueSource("weights") === "default" ? undefined : opts.weights;
          const s = await cn.average({ origin: opts.origin, from: opts.at ?? opts.from, to: opts.at ?? opts.to, weights });
          process.stdout.write(opts.json ? `${JSON.stringify(s, null, 2)}\n` : `${formatCnAverage(s, opts.at)}\n`);
          return;
        }
        if (opts.by !== "authority")
          throw new InputError("BAD_OPTION", "--by", `"${opts.by}" is not a decomposition`, ["authority"]);
        if (opts.origin.trim().toUpperCase() === "ALL") {
          await printAllPartners(opts);
          return;
        }
        const s = await series(opts);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(opts.steps ? { ...s, rows: undefined } : s, null, 2)}\n`);
          return;
        }
        if (opts.csv) {
          process.stdout.write(`${csv(s.rows)}\n`);
          return;
        }
        const out = [
          `Average US tariff on goods of ${s.origin} — weights ${s.weights}, view ${s.view}${s.scenarios.length ? `, scenarios: ${s.scenarios.join(", ")}` : ""}`,
        ];
        out.push(
          `weights: $${(s.totalValue / 1e9).toFixed(1)}bn of imports; $${(s.unmatchedValue / 1e9).toFixed(2)}bn not placed on an HTS line of the edition (chapter 98, Census-only codes, no line in the HTS-8), left out of the average`,
        );
        if (s.weightsUnplaced) {
          const u = s.weightsUnplaced;
          out.push(
            `weights: before that, $${(u.value / 1e9).toFixed(2)}bn (${(u.share * 100).toFixed(2)}%) of the year's HS-6 imports had no 2024 line: ` +
              u.codes
                .slice(0, 5)
                .map((c) => `${c.hs6} $${(c.value / 1e9).toFixed(3)}bn (${c.reason})`)
                .join(", "),
          );
        }
        if (s.priorBase) {
          const p = s.priorBase;
          out.push(
            `base rates ${p.periods.map((x) => `${x.from} to ${x.to}`).join(", ")} from ${p.periods[0]?.dataset ?? "an earlier schedule"}: ` +
              `$${(p.unplacedValue / 1e9).toFixed(2)}bn on ${p.unplacedLines} lines not placed on it (no base rate on those days, flagged uncertain)` +
              (p.codes.length ? `, largest ${p.codes.slice(0, 3).map((c) => `${c.hts8} $${(c.value / 1e9).toFixed(3)}bn`).join(", ")}` : "") +
              `; $${(p.uncertainValue / 1e9).toFixed(2)}bn on lines placed with differing candidate rates`,
          );
        }
        if (opts.steps) {
          for (const st of s.steps) {
            const parts = Object.entries(st.byAuthorityDelta)
              .map(([a, d]) => `${a} ${d > 0 ? "+" : ""}${num(d)}`)
              .join(", ");
            out.push(
              `${st.date}  ${num(st.totalPercent)}%  (${st.deltaPercent > 0 ? "+" : ""}${num(st.deltaPercent)}: ${parts})  ${st.instruments.map((i) => i.id).join("; ")}`,
            );
          }
        } else {
          const rows =
            s.rows.length > 40
              ? s.rows.filter((r, i) => i === 0 || i === s.rows.length - 1 || s.steps.some((st) => st.date === r.date))
              : s.rows;
          for (const r of rows) {
            const parts = Object.entries(r.byAuthority)
              .map(([a, v]) => `${a} ${num(v)}`)
              .join(" + ");
            out.push(
              `${r.date}  total ${num(r.totalPercent)}%  additional ${num(r.additionalPercent)}%  [${parts}]  coverage ${num(r.coveragePercent)}%  simple ${num(r.simplePercent)}%`,
            );
          }
          if (rows.length < s.rows.length)
            out.push(
              `(${s.rows.length} days; showing the first, the last and the days it changes — use --json or --csv for all)`,
            );
        }
        process.stdout.write(`${out.join("\n")}\n`);
      }),
    );

  seriesOptions(
    program
      .command("chart")
      .description("a step chart of the average by authority, annotated with the legal events (SVG or PNG)"),
  )
    .option("--out <file>", "output file: .svg or .png (required unless --json)")
    .option("--title <text>", "chart title")
    .option("--issuer <code>", "whose tariffs: US (default) or CN (China's average on US goods, one line)", "US")
    .option("--two-way", "draw both: the US average on goods of --origin and China's average on US goods (China's weights: piie-2017)", false)
    .option("--json", "print the data the chart draws (per day and authority, the labelled steps) as JSON", false)
    .action(
      action(async (opts: SeriesOpts & { out?: string; title?: string; json: boolean; twoWay: boolean }, cmd: Command) => {
        if (opts.out === undefined && !opts.json)
          throw new InputError("MISSING_OPTION", "--out", "give the output file (.svg or .png), or --json for the data");
        if (opts.out !== undefined) await checkChartOut(opts.out);
        const issuer = issuerOption(opts.issuer);
        if (issuer === "CN" || opts.twoWay) {
          const { chinaLine, twoWayChartData, twoWayChartSpec, usLine } = await import("../analytics/twoWayChart.js");
          const cn = await openChinaForCli(opts.dir);
          const cnWeights = issuer === "CN" && cmd.getOptionValueSource("weights") !== "default" ? opts.weights : undefined;
          const cnSeries = await cn.average({ origin: issuer === "CN" ? opts.origin : "US", weights: cnWeights });
          const lines = issuer === "CN" ? [chinaLine(cnSeries)] : [usLine(await series(opts)), chinaLine(cnSeries)];
          const data = twoWayChartData(lines, opts.title);
          if (opts.out !== undefined) {
            const { renderSpecPng, renderSpecSvg } = await import("../analytics/seriesChart.js");
            const spec = twoWayChartSpec(data);
            await writeOut(opts.out, opts.out.toLowerCase().endsWith(".png") ? await renderSpecPng(spec) : await renderSpecSvg(spec));
            if (!opts.json) process.stdout.write(`wrote ${opts.out} (${lines.map((l) => `${l.label}: ${l.events.length} events`).join("; ")})\n`);
          }
          if (opts.json) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
          return;
        }
        const s = await series(opts);
        const chartOpts = opts.title ? { title: opts.title } : {};
        if (opts.out !== undefined) {
          const bytes = opts.out.toLowerCase().endsWith(".png")
            ? await renderSeriesPng(s, chartOpts)
            : await renderSeriesSvg(s, chartOpts);
          await writeOut(opts.out, bytes);
          if (!opts.json) process.stdout.write(`wrote ${opts.out} (${s.rows.length} days, ${s.steps.length} steps)\n`);
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(seriesChartData(s, chartOpts), null, 2)}\n`);
      }),
    );

  program
    .command("compare")
    .description("baseline vs scenario: the average series and the difference by authority")
    .requiredOption("--scenario <file...>", "scenario files or shipped names")
    .requiredOption("--origin <code>", "origin (ISO code)")
    .option("--from <yyyy-mm-dd>", "first day (default: start of the ledger's coverage)")
    .option("--to <yyyy-mm-dd>", "last day (default: end of the ledger's coverage)")
    .option("--weights <name>", "weight set (census-2024, approx-2017, comtrade-<year>)", "census-2024")
    .option("--view <view>", "legal view of the ledger (views.yaml); default: the ledger's default view")
    .option("--dir <dir>", "data cache folder")
    .option("--json", "print JSON", false)
    .action(
      action(async (opts: Omit<SeriesOpts, "from" | "to"> & { from?: string; to?: string; json: boolean }) => {
        const { base, scenarios } = await openForCli(opts.dir, opts.scenario);
        const c = await compareScenarios(base, scenarios, {
          origin: opts.origin,
          from: opts.from,
          to: opts.to,
          weights: opts.weights,
          view: opts.view,
          cacheDir: opts.dir,
        });
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ ...c, baseline: { ...c.baseline, rows: undefined }, scenario: { ...c.scenario, rows: undefined } }, null, 2)}\n`,
          );
          return;
        }
        const out = [
          `Scenario: ${c.scenarios.map((s) => s.name).join(" + ")} — origin ${opts.origin}, ${opts.weights}`,
          ...c.scenarios.map((s) => `  ${s.description.replace(/\s+/g, " ")}\n  source: ${s.source.title}`),
          `window ${windowText(c.window)}; ledger reviewed through ${c.window.reviewedThrough}`,
          `mean difference over the window ${num(c.meanDeltaPercent)} points; largest ${c.largest ? `${num(c.largest.deltaPercent)} on ${c.largest.date}` : "none"}`,
          "date         baseline  scenario  delta   by authority",
          ...c.steps.map(
            (r) =>
              `${r.date}  ${num(r.baselinePercent).padStart(7)}%  ${num(r.scenarioPercent).padStart(7)}%  ${(r.deltaPercent >= 0 ? "+" : "") + num(r.deltaPercent)}  ${Object.entries(
                r.byAuthorityDelta,
              )
                .map(([a, d]) => `${a} ${d > 0 ? "+" : ""}${num(d)}`)
                .join(", ")}`,
          ),
        ];
        process.stdout.write(`${out.join("\n")}\n`);
      }),
    );
}
