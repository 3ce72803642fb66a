/**
 * Prints the figures of docs/comparison.md: the project's China series beside published figures, under the
 * project's defaults and under the publisher's declared conventions. Run: npx tsx scripts/comparison.ts
 */
import { computeAverageSeries } from "../src/analytics/averageSeries.js";
import type { AverageOptions } from "../src/analytics/seriesTypes.js";
import { openTariffscope } from "../src/session.js";

const ts = await openTariffscope();
const at = async (date: string, o: Partial<AverageOptions> = {}): Promise<number> =>
  (await computeAverageSeries(ts, { origin: "CN", from: date, to: date, ...o })).rows[0]!.totalPercent;

const dates = ["2025-01-20", "2025-04-11", "2025-05-14", "2025-10-15", "2025-11-10", "2026-01-01", "2026-02-24", "2026-08-01"];
console.log("| date | census-2024 | approx-2017 | census-2024, adjudicated |");
console.log("|---|---|---|---|");
for (const d of dates) {
  console.log(`| ${d} | ${(await at(d)).toFixed(2)} | ${(await at(d, { weights: "approx-2017" })).toFixed(2)} | ${(await at(d, { view: "adjudicated" })).toFixed(2)} |`);
}
console.log("\nSensitivity to the metal-content default (232 on content before 2026-04-06):");
for (const d of ["2026-01-01", "2026-02-24"]) {
  const full = await at(d);
  const half = await at(d, { facts: { steelShare: 0.5, aluminumShare: 0.4, copperShare: 0.1 } });
  console.log(`| ${d} | shares 1.0: ${full.toFixed(2)} | steel 0.5, aluminum 0.4, copper 0.1: ${half.toFixed(2)} | difference ${(half - full).toFixed(2)} |`);
}
