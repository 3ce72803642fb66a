import { performance } from "node:perf_hooks";
import { beforeAll, describe, expect, it } from "vitest";
import {
  chinaChapterTotals2017,
  clearWeightCache,
  collectedRate2024,
  joinWeightsToEdition,
  loadWeightSet,
  preloadImports2024,
  type EditionJoin,
  type WeightSet,
} from "../../src/analytics/weights.js";
import { loadHtsCatalog } from "../../src/schedule/scheduleCatalog.js";
import { sourcePath } from "../../src/data/locate.js";
import type { HtsCatalog } from "../../src/schedule/htsCatalog.js";
import { withDuckDb } from "../../src/store/duckdb.js";

const bn = (x: number): string => `$${(x / 1e9).toFixed(3)}bn`;
const pct = (x: number): string => `${(x * 100).toFixed(3)}%`;

let china: WeightSet;
let catalog: HtsCatalog;
let chinaLoadMs = 0;

beforeAll(async () => {
  clearWeightCache();
  const t0 = performance.now();
  china = await loadWeightSet("census-2024", { partner: "CN" });
  chinaLoadMs = performance.now() - t0;
  catalog = (await loadHtsCatalog()).catalog;
});

describe("census-2024 weights from the real Census files", () => {
  it("China 2024: 14,422 HTS-10 lines, $429.43bn imports, $46.66bn calculated duty", async () => {
    expect(china.partner).toBe("5700");
    expect(china.partnerIso).toBe("CN");
    expect(china.partnerName).toBe("CHINA");
    expect(china.rows).toHaveLength(14_422);
    expect(china.totalValue).toBe(429_425_828_419);
    expect(china.totalDuty).toBe(46_661_215_871);
    expect(new Set(china.rows.map((r) => r.hts10)).size).toBe(14_422);
    expect(china.source.files).toEqual([sourcePath("us/imports-2024/2024-hs10-imports5700.parquet")]);
    // the totals agree with a plain SQL sum over the file
    const [sql] = await withDuckDb((db) =>
      db.query<{ v: number; n: number }>(
        "SELECT sum(CAST(CON_VAL_YR AS HUGEINT))::DOUBLE AS v, count(*) AS n FROM read_parquet($f)",
        {
          f: china.source.files[0]!,
        },
      ),
    );
    expect(sql).toEqual({ v: china.totalValue, n: 14_422 });
    console.log(
      `China census-2024: ${china.rows.length} lines, ${bn(china.totalValue)}, loaded in ${chinaLoadMs.toFixed(0)} ms`,
    );
  });

  it("loads all 51 partners in one query, then any partner from memory", async () => {
    clearWeightCache();
    const t0 = performance.now();
    const codes = await preloadImports2024();
    const allMs = performance.now() - t0;
    expect(codes).toHaveLength(51);
    const t1 = performance.now();
    const jp = await loadWeightSet("census-2024", { partner: "JP" });
    const cn = await loadWeightSet("census-2024", { partner: "5700" });
    const memMs = performance.now() - t1;
    expect(jp.partnerName).toBe("JAPAN");
    expect(jp.rows).toHaveLength(10_102);
    expect(cn.totalValue).toBe(china.totalValue);
    expect(await loadWeightSet("census-2024", { partner: "CN" })).toBe(cn); // cached object
    const eu = await loadWeightSet("census-2024", { partner: "0003" });
    expect(eu.partnerIso).toBeNull();
    expect(eu.rows).toHaveLength(15_777);
    console.log(
      `all 51 partners: ${allMs.toFixed(0)} ms; two weight sets from memory afterwards: ${memMs.toFixed(1)} ms`,
    );
  });
});

describe("concordance of China 2024 weights to HTS editions", () => {
  function report(j: EditionJoin): void {
    const r = j.unmatchedByReason;
    console.log(
      `${j.edition}: unmatched ${bn(j.unmatchedValue)} (${pct(j.unmatchedValue / j.totalValue)}) = ` +
        `chapter 98 ${bn(r["chapter-98"])} + Census-only 9999.95 ${bn(r["census-only"])} + ` +
        `product lines with no line in their HTS-8 ${bn(r["no-line-in-hts8"])} (${pct(r["no-line-in-hts8"] / j.totalValue)}); ` +
        `split (flagged) ${bn(j.splitValue)}: successors ${j.byMethod.successors.rows} rows ${bn(j.byMethod.successors.value)}, ` +
        `hts8 ${j.byMethod.hts8.rows} rows ${bn(j.byMethod.hts8.value)}`,
    );
  }

  function checkConservation(j: EditionJoin): void {
    const matched = j.matched.reduce((s, m) => s + m.value, 0);
    expect(j.totalValue).toBe(china.totalValue);
    expect(Math.abs(matched + j.unmatchedValue - j.totalValue)).toBeLessThan(1);
    expect(j.unmatchedValue).toBe(j.unmatched.reduce((s, u) => s + u.value, 0));
  }

  it("2026_rev_10: product lines unmatched well below 1%; Chapter 98 and 9999.95 reported, not dropped", () => {
    const j = joinWeightsToEdition(china, catalog, catalog.editions.indexOf("2026_rev_10"));
    report(j);
    checkConservation(j);
    // Not product lines of the schedule: Chapter 98 provisions and the Census low-value estimate
    expect(j.unmatchedByReason["chapter-98"]).toBe(6_303_135_229);
    expect(j.unmatchedByReason["census-only"]).toBe(5_135_973_063);
    // Product lines the concordance could not place: tiny (8-digit legal lines printed without HTS-10 rows, 9102/9105)
    expect(j.unmatchedByReason["no-line-in-hts8"] / j.totalValue).toBeLessThan(0.001);
    expect(j.unmatched.filter((u) => u.reason === "no-line-in-hts8").every((u) => u.hts10.startsWith("91"))).toBe(true);
    // everything together, as the data says: about 2.7% of China's 2024 value is not a line of the edition
    expect(j.unmatchedValue / j.totalValue).toBeGreaterThan(0.026);
    expect(j.unmatchedValue / j.totalValue).toBeLessThan(0.028);
    // the large majority is matched code for code
    expect(j.byMethod.exact.value / j.totalValue).toBeGreaterThan(0.9);
    expect(
      j.matched.filter((m) => m.method !== "exact").every((m) => m.hts10.slice(0, 8) === m.source.slice(0, 8)),
    ).toBe(true);
  });

  it("2025_basic: the same picture, reported", () => {
    const j = joinWeightsToEdition(china, catalog, catalog.editions.indexOf("2025_basic"));
    report(j);
    checkConservation(j);
    expect(j.byMethod.successors.rows).toBe(0); // nothing is discontinued before the first edition
    expect(j.unmatchedByReason["no-line-in-hts8"] / j.totalValue).toBeLessThan(0.002);
  });
});

describe("approx-2017 and collected duty", () => {
  it("China approx-2017: every HS-2 chapter totals its 2017 imports from China", async () => {
    const a = await loadWeightSet("approx-2017", { partner: "CN" });
    const totals2017 = await chinaChapterTotals2017();
    const by = new Map<string, number>();
    for (const r of a.rows) by.set(r.hts10.slice(0, 2), (by.get(r.hts10.slice(0, 2)) ?? 0) + r.value);
    expect(totals2017.size).toBe(98);
    for (const [ch, v] of totals2017) expect(Math.abs((by.get(ch) ?? 0) - v)).toBeLessThan(0.01);
    const sum2017 = [...totals2017.values()].reduce((s, v) => s + v, 0);
    expect(sum2017).toBe(503_651_580_046);
    expect(a.rescale!.unallocatedValue).toBe(0);
    expect(Math.abs(a.totalValue - sum2017)).toBeLessThan(1);
    expect(a.rows).toHaveLength(china.rows.length);
    // within-chapter shares are those of 2024
    const share = (s: WeightSet, code: string) =>
      s.rows.find((r) => r.hts10 === code)!.value /
      s.rows.filter((r) => r.hts10.startsWith(code.slice(0, 2))).reduce((x, r) => x + r.value, 0);
    expect(share(a, "8471300100")).toBeCloseTo(share(china, "8471300100"), 12);
    console.log(
      `approx-2017 China: ${a.rescale!.chapters.length} chapters, total ${bn(a.totalValue)} (2017 HS-2 sum ${bn(sum2017)})`,
    );
  });

  it("prints the collected duty rate on China, 2024", () => {
    const c = collectedRate2024(china);
    expect(c.value).toBe(china.totalValue);
    expect(c.rate!).toBeCloseTo(46_661_215_871 / 429_425_828_419, 12);
    const top = [...c.byChapter].sort((x, y) => y.value - x.value).slice(0, 5);
    console.log(
      `collected duty rate on China 2024: ${pct(c.rate!)}; largest chapters: ` +
        top.map((t) => `${t.chapter} ${pct(t.rate ?? 0)} of ${bn(t.value)}`).join(", "),
    );
  });
});
