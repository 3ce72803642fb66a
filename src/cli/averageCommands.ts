import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { InputError } from "../common/errors.js";
import { computeAverageSeries } from "../analytics/averageSeries.js";
import { compareScenarios, windowText } from "../analytics/scenarioCompare.js";
import { renderSeriesPng, renderSeriesSvg } from "../analytics/seriesChart.js";
import type { AverageRow, AverageSeries } from "../analytics/seriesTypes.js";
import { parseFactPairs } from "../engine/entryFacts.js";
import { action } from "./errorReport.js";
import { openForCli } from "./openForCli.js";

interface SeriesOpts {
  origin: string;
  from: string;
  to: string;
  at?: string;
  weights: string;
  view: string;
  scenario?: string[];
  fact?: string[];
  dir?: string;
}

const num = (x: number): string => x.toFixed(2);

async function series(opts: SeriesOpts): Promise<AverageSeries> {
  const { ts } = await openForCli(opts.dir, opts.scenario);
  const from = opts.at ?? opts.from;
  const to = opts.at ?? opts.to;
  if (opts.view !== "collected" && opts.view !== "adjudicated")
    throw new InputError("BAD_VIEW", "--view", `"${opts.view}" is not a legal view`, ["collected", "adjudicated"]);
  return computeAverageSeries(ts, {
    origin: opts.origin,
    from,
    to,
    weights: opts.weights,
    view: opts.view,
    facts: parseFactPairs(opts.fact ?? []),
    cacheDir: opts.dir,
  });
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
    .requiredOption("--origin <code>", "origin (ISO code), e.g. CN")
    .option("--from <yyyy-mm-dd>", "first day", "2025-01-01")
    .option("--to <yyyy-mm-dd>", "last day", "2026-11-22")
    .option("--at <yyyy-mm-dd>", "one day only")
    .option("--weights <name>", "weight set: census-2024 | approx-2017", "census-2024")
    .option("--view <view>", "legal view: collected | adjudicated", "collected")
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
    .option("--steps", "print only the days where the average changes, with the instruments", false)
    .option("--by <what>", "decomposition: authority", "authority")
    .option("--json", "print JSON", false)
    .option("--csv", "print CSV", false)
    .action(
      action(async (opts: SeriesOpts & { steps: boolean; json: boolean; csv: boolean; by: string }) => {
        if (opts.by !== "authority")
          throw new InputError("BAD_OPTION", "--by", `"${opts.by}" is not a decomposition`, ["authority"]);
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
          `weights: $${(s.totalValue / 1e9).toFixed(1)}bn of imports; $${(s.unmatchedValue / 1e9).toFixed(2)}bn not placed on an HTS line (chapter 98, Census-only codes), left out of the average`,
        );
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
    .requiredOption("--out <file>", "output file: .svg or .png")
    .option("--title <text>", "chart title")
    .action(
      action(async (opts: SeriesOpts & { out: string; title?: string }) => {
        if (!/\.(svg|png)$/i.test(opts.out))
          throw new InputError("BAD_OPTION", "--out", `"${opts.out}" should end in .svg or .png`);
        const s = await series(opts);
        const chartOpts = opts.title ? { title: opts.title } : {};
        const bytes = opts.out.toLowerCase().endsWith(".png")
          ? await renderSeriesPng(s, chartOpts)
          : await renderSeriesSvg(s, chartOpts);
        await writeFile(opts.out, bytes);
        process.stdout.write(`wrote ${opts.out} (${s.rows.length} days, ${s.steps.length} steps)\n`);
      }),
    );

  program
    .command("compare")
    .description("baseline vs scenario: the average series and the difference by authority")
    .requiredOption("--scenario <file...>", "scenario files or shipped names")
    .requiredOption("--origin <code>", "origin (ISO code)")
    .option("--from <yyyy-mm-dd>", "first day (default: start of the ledger's coverage)")
    .option("--to <yyyy-mm-dd>", "last day (default: end of the ledger's coverage)")
    .option("--weights <name>", "weight set", "census-2024")
    .option("--view <view>", "legal view", "collected")
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
          view: opts.view as "collected",
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
