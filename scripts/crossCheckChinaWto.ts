/**
 * Cross-checks the China ledger against the WTO Tariff & Trade Data file (China's applied rates on US goods by HS-6,
 * on 9 dates of 2025-2026) and, for 2018-2019, the researcher's HS-6 series (secondary): for each date, the ledger's HS-6 average (mean of its HS-8 lines' totals) beside the
 * WTO's `best_avlbl`, how many HS-6 agree within 0.5 point, and the change from the previous date on both sides.
 * Run: npx tsx scripts/crossCheckChinaWto.ts   (docs/china-issuer.md quotes its output)
 */
import { sourcePath } from "../src/data/locate.js";
import { openChinaTariffs } from "../src/cnSession.js";
import { cnLayers, cnLiveMeasures } from "../src/engine/cnStack.js";
import { readWaughRetaliation, readWtoTtdChina, type Hs6RateRow } from "../src/sources/hs6RateTables.js";

const FILE = "cn/wto-ttd-chn-applied-on-usa-hs6-2025-2026.csv";
const WAUGH = "reference/waugh-china-retaliation-hs6-2018-2019.csv";
const cn = await openChinaTariffs();
const tables: [string, Hs6RateRow[]][] = [
  ["researcher's HS-6 series (secondary)", await readWaughRetaliation(sourcePath(WAUGH), WAUGH)],
  ["WTO TTD", await readWtoTtdChina(sourcePath(FILE), FILE)],
];
const lines = cn.ledger.catalog.lines;
const ours = (date: string): Map<string, number> => {
  const day = cnLiveMeasures(cn.ledger, date > cn.ledger.coverage.through ? cn.ledger.coverage.through : date);
  const byHs8 = new Map<string, number[]>();
  lines.forEach((l, i) => {
    const layers = cnLayers(day, i);
    if (!layers.some((x) => x.measure.authority === "base")) return;
    const t = layers.reduce((s, x) => s + x.effective, 0);
    const k = l.code.slice(0, 8);
    (byHs8.get(k) ?? byHs8.set(k, []).get(k)!).push(t);
  });
  const byHs6 = new Map<string, number[]>();
  for (const [k, ts] of byHs8) (byHs6.get(k.slice(0, 6)) ?? byHs6.set(k.slice(0, 6), []).get(k.slice(0, 6))!).push(ts.reduce((a, b) => a + b, 0) / ts.length);
  return new Map([...byHs6].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));
};
for (const [name, rows] of tables) {
const dates = [...new Set(rows.map((r) => r.date))].sort();
console.log(`\n### ${name}\n`);
console.log("| date | HS-6 compared | agree within 0.5 | table mean | ledger mean | table change from previous date | ledger change |");
console.log("|---|---|---|---|---|---|---|");
let prev: { wto: number; led: number } | undefined;
for (const d of dates) {
  const o = ours(d);
  const w = rows.filter((r) => r.date === d && r.ratePercent !== null && o.has(r.hs6));
  const agree = w.filter((r) => Math.abs(r.ratePercent! - o.get(r.hs6)!) <= 0.5).length;
  const wto = w.reduce((s, r) => s + r.ratePercent!, 0) / w.length;
  const led = w.reduce((s, r) => s + o.get(r.hs6)!, 0) / w.length;
  console.log(`| ${d}${d > cn.ledger.coverage.through ? " (ledger: last covered day)" : ""} | ${w.length} | ${agree} (${((agree / w.length) * 100).toFixed(1)}%) | ${wto.toFixed(2)} | ${led.toFixed(2)} | ${prev ? (wto - prev.wto).toFixed(2) : ""} | ${prev ? (led - prev.led).toFixed(2) : ""} |`);
  prev = { wto, led };
}
for (const [hs6, label] of [["120190", "soybeans"], ["271111", "LNG"], ["870323", "cars 1.5-3 l"], ["020329", "pork, frozen"], ["270900", "crude oil"], ["880330", "aircraft parts"]] as const) {
  console.log(`\n${hs6} ${label}: ` + dates.map((d) => `${d} table ${rows.find((r) => r.date === d && r.hs6 === hs6)?.ratePercent ?? "-"} / ledger ${ours(d).get(hs6)?.toFixed(2) ?? "-"}`).join("; "));
}
}
