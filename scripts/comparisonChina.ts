/**
 * Prints the China figures of docs/comparison.md (section "China's tariffs on US goods"): China's average tariff on
 * US goods on the issue's dates under each China-side weight set, and the PIIE workbook's Figure 1 beside the same
 * computation on its dates. Run: npx tsx scripts/comparisonChina.ts
 */
import { cnAverageAt } from "../src/analytics/cnAverage.js";
import { openChinaTariffs } from "../src/cnSession.js";

const cn = await openChinaTariffs();
const sets = ["piie-2017", "comtrade-2017", "comtrade-2024", "comtrade-2025"];
const series = new Map<string, Awaited<ReturnType<typeof cn.average>>>();
for (const w of sets) series.set(w, await cn.average({ origin: "US", weights: w }));
const dates = ["2018-01-01", "2018-09-24", "2019-06-01", "2020-02-14", "2025-04-12", "2025-05-14", "2025-11-10"];
console.log(`| date | ${sets.join(" | ")} |`);
console.log(`|---|${sets.map(() => "---").join("|")}|`);
for (const d of dates) console.log(`| ${d} | ${sets.map((w) => cnAverageAt(series.get(w)!, d)!.totalPercent.toFixed(2)).join(" | ")} |`);
for (const w of sets) {
  const s = series.get(w)!;
  console.log(`${w}: $${(s.weights.totalValue / 1e9).toFixed(2)}bn, placed $${(s.weights.placedValue / 1e9).toFixed(2)}bn, unplaced ${s.weights.unplacedCount} codes (${s.weights.unplacedTop.slice(0, 3).map((u) => `${u.code} $${(u.value / 1e6).toFixed(0)}m`).join(", ")})`);
}
const fig = cn.ledger.workbook.figure1;
const figDates = ["2018-01-01", "2018-04-02", "2018-05-01", "2018-07-01", "2018-07-06", "2018-08-23", "2018-09-24", "2018-11-01", "2019-01-01", "2019-06-01"];
console.log("\n| Figure 1 date | PIIE US | ours piie-2017 | ours comtrade-2017 | PIIE other exporters | ours MFN (piie-2017) |");
console.log("|---|---|---|---|---|---|");
figDates.forEach((d, i) => {
  const a = cnAverageAt(series.get("piie-2017")!, d)!;
  const b = cnAverageAt(series.get("comtrade-2017")!, d)!;
  console.log(`| ${d} | ${fig.unitedStates[i]!.toFixed(2)} | ${a.totalPercent.toFixed(2)} | ${b.totalPercent.toFixed(2)} | ${fig.otherExporters[i]!.toFixed(2)} | ${(a.byAuthority["base"] ?? 0).toFixed(2)} |`);
});
