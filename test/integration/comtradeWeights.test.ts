import { beforeAll, describe, expect, it } from "vitest";
import { computeAverageSeries } from "../../src/analytics/averageSeries.js";
import { clearWeightCache, loadWeightSet, type WeightSet } from "../../src/analytics/weights.js";
import { sourcePath } from "../../src/data/locate.js";
import { createServer } from "../../src/server/app.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { withDuckDb } from "../../src/store/duckdb.js";

const bn = (x: number): string => `$${(x / 1e9).toFixed(3)}bn`;
const COMTRADE = "trade/comtrade-usa-chn-hs6-annual-2015-2025.csv.gz";

let w17: WeightSet;
/** The file's 2017 import total and phone (8517.12) value, summed by SQL straight from the file, not by the reader. */
let fileTotal2017 = 0;
let phones2017 = 0;

beforeAll(async () => {
  clearWeightCache();
  w17 = await loadWeightSet("comtrade-2017", { partner: "CN" });
  const file = sourcePath(COMTRADE);
  const [t] = await withDuckDb((db) =>
    db.query<{ total: number; phones: number }>(
      `SELECT sum(CAST(value_usd AS DOUBLE)) AS total,
              sum(CAST(value_usd AS DOUBLE)) FILTER (WHERE hs6 = '851712') AS phones
         FROM read_csv($f, header = true, all_varchar = true) WHERE "year" = '2017' AND flow = 'import'`,
      { f: file },
    ),
  );
  fileTotal2017 = t!.total;
  phones2017 = t!.phones;
});

describe("comtrade-2017 weights from the real Comtrade file", () => {
  it("totals the file's 2017 imports from China minus the value reported as unplaced", () => {
    const h = w17.hs6!;
    expect(fileTotal2017 / 1e9).toBeCloseTo(525.765, 2); // the mirror README: $525.8bn over 4,539 HS-6 codes
    expect(h.totalValue).toBeCloseTo(fileTotal2017, 0);
    expect(Math.abs(w17.totalValue - (fileTotal2017 - h.unplacedValue))).toBeLessThan(1); // USD
    expect(h.unplaced.reduce((s, u) => s + u.value, 0)).toBeCloseTo(h.unplacedValue, 0);
    // Comtrade's 999999 (not specified according to kind) is no product: reported with its amount.
    const u999 = h.unplaced.find((u) => u.hs6 === "999999")!;
    expect(u999).toMatchObject({ reason: "not-specified" });
    expect(u999.line).toBeGreaterThan(1); // its line in the CSV file
    // Codes of HS2017 that HS2022 no longer has and the concordance does not carry: under 1% of the total.
    expect(h.unplacedByReason["not-in-hs2022"] + h.unplacedByReason["no-2024-line"]).toBeLessThan(0.01 * fileTotal2017);
    expect(h.nomenclature).toBe("HS2017");
    expect(h.concordance).toHaveLength(1);
    expect(h.concordance![0]).toMatch(/hs-concordance-2017-2022\.csv$/);
    for (const r of w17.rows) {
      expect(r.hts10).toMatch(/^[0-9]{10}$/);
      expect(r.hts10.startsWith("98") || r.hts10.startsWith("99")).toBe(false);
      expect(r.value).toBeGreaterThan(0);
    }
    console.log(
      `comtrade-2017: ${w17.rows.length} lines, ${bn(w17.totalValue)} placed of ${bn(fileTotal2017)}; unplaced ` +
        `${bn(h.unplacedValue)} (${((100 * h.unplacedValue) / fileTotal2017).toFixed(2)}%): ` +
        h.unplaced
          .slice(0, 6)
          .map((u) => `${u.hs6} ${bn(u.value)} ${u.reason}`)
          .join(", "),
    );
  });

  it("puts the 2017 phones (HS2017 8517.12) on 8517.13 (smartphones), split with 8517.14 by 2024 values", () => {
    const h = w17.hs6!;
    expect(phones2017 / 1e9).toBeGreaterThan(40);
    const to13 = h.concordanceSplits.find((s) => s.from === "851712" && s.to === "851713")!.value;
    const to14 = h.concordanceSplits.find((s) => s.from === "851712" && s.to === "851714")?.value ?? 0;
    expect(to13 + to14).toBeCloseTo(phones2017, 0);
    expect(to13).toBeGreaterThan(0.9 * phones2017);
    const on13 = w17.rows.filter((r) => r.hts10.startsWith("851713")).reduce((s, r) => s + r.value, 0);
    expect(on13).toBeGreaterThanOrEqual(to13);
    expect(w17.rows.some((r) => r.hts10.startsWith("851712"))).toBe(false);
  });

  it("other years: HS2022 years need no concordance; HS2012 years report what the concordance does not carry", async () => {
    const w24 = await loadWeightSet("comtrade-2024", { partner: "CN" });
    expect(w24.hs6).toMatchObject({ year: 2024, nomenclature: "HS2022", concordance: null });
    expect(w24.hs6!.byRoute.concordance.codes).toBe(0);
    const w15 = await loadWeightSet("comtrade-2015", { partner: "CN" });
    expect(w15.hs6!.nomenclature).toBe("HS2012");
    expect(w15.hs6!.concordance!.map((f) => f.split("/").pop())).toEqual([
      "hs-concordance-2012-2022.csv",
      "hs-concordance-2017-2022.csv",
    ]);
    // HS2012 monitors (8528.51) go through the HS2012 table, HS2012 phones (8517.12, unchanged in HS2017) through the
    // HS2017 one
    expect(w15.hs6!.concordanceSplits.some((s) => s.from === "852851" && s.to === "852852")).toBe(true);
    expect(w15.hs6!.concordanceSplits.some((s) => s.from === "851712" && s.to === "851713")).toBe(true);
    expect(w15.hs6!.unplacedByReason["not-in-hs2022"] + w15.hs6!.unplacedByReason["no-2024-line"]).toBeLessThan(
      0.01 * w15.hs6!.totalValue,
    );
    expect(Math.abs(w15.totalValue + w15.hs6!.unplacedValue - w15.hs6!.totalValue)).toBeLessThan(1);
    console.log(
      `comtrade-2015: unplaced ${bn(w15.hs6!.unplacedValue)} of ${bn(w15.hs6!.totalValue)}; comtrade-2024: unplaced ` +
        `${bn(w24.hs6!.unplacedValue)} of ${bn(w24.hs6!.totalValue)}`,
    );
  });
});

describe("the China average under comtrade-2017", () => {
  let ts: Tariffscope;
  beforeAll(async () => {
    ts = await openTariffscope();
  });

  it("is selectable and weighs the tariffed 2017 mix more than 2024 imports do (2025-10-15)", async () => {
    const day = "2025-10-15";
    const c17 = await computeAverageSeries(ts, { origin: "CN", from: day, to: day, weights: "comtrade-2017" });
    const c24 = await computeAverageSeries(ts, { origin: "CN", from: day, to: day, weights: "census-2024" });
    expect(c17.weights).toBe("comtrade-2017");
    const a17 = c17.rows[0]!.totalPercent;
    const a24 = c24.rows[0]!.totalPercent;
    expect(a17).toBeGreaterThan(a24 + 1);
    expect(a17).toBeLessThan(100);
    // what the HS-6 placement left out travels with the series; census-2024 has no such part
    expect(c17.weightsUnplaced!.value).toBeCloseTo(w17.hs6!.unplacedValue, 0);
    expect(c17.weightsUnplaced!.codes[0]).toMatchObject({ hs6: "999999", reason: "not-specified" });
    expect(c24.weightsUnplaced).toBeUndefined();
    // the edition join's residue is reported, and small
    expect(c17.unmatchedValue).toBeLessThan(0.01 * w17.totalValue);
    console.log(`China average ${day}: comtrade-2017 ${a17.toFixed(2)}%, census-2024 ${a24.toFixed(2)}%`);
  });
});

describe("comtrade-2017 through the HTTP API", () => {
  it("is listed in /api/status with its label and accepted by /api/average", async () => {
    const ts = await openTariffscope();
    const app = await createServer({ ts, webDir: false });
    try {
      await app.ready();
      const status = JSON.parse((await app.inject({ method: "GET", url: "/api/status" })).body) as {
        weightSets: { name: string; label: string }[];
      };
      expect(status.weightSets.find((w) => w.name === "comtrade-2017")).toMatchObject({
        label: "2017 products (Comtrade)",
      });
      const r = await app.inject({
        method: "GET",
        url: "/api/average?origin=CN&from=2025-10-15&to=2025-10-15&weights=comtrade-2017",
      });
      expect(r.statusCode).toBe(200);
      const body = JSON.parse(r.body) as { weights: string; rows: { totalPercent: number }[] };
      expect(body.weights).toBe("comtrade-2017");
      const lib = await computeAverageSeries(ts, {
        origin: "CN",
        from: "2025-10-15",
        to: "2025-10-15",
        weights: "comtrade-2017",
      });
      expect(body.rows[0]!.totalPercent).toBeCloseTo(lib.rows[0]!.totalPercent, 6);
    } finally {
      await app.close();
    }
  });
});
