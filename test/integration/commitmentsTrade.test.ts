import { describe, expect, it } from "vitest";
import { phaseOneReport } from "../../src/commitments/phaseOne.js";
import { soybeanReport } from "../../src/commitments/soybeanPledge.js";
import { tradeReport } from "../../src/trade/bilateralFlows.js";

describe("Phase One fulfilment by category (ledger/relations/commitments.yaml against commitments/)", () => {
  it("computes targets from the 2017 baseline and Annex 6.1 increments, and the shares", async () => {
    const r = await phaseOneReport();
    const cat = (id: string) => r.categories.find((c) => c.id === id)!;
    // Agriculture: 2017 = 20,969,792,856 (sum of the 2017 months); target 2020 = + 12.5 bn; 2021 = + 19.5 bn.
    expect(cat("agriculture").baseline2017).toBeCloseTo(20_969_792_856, -1);
    expect(cat("agriculture").target).toEqual({ "2020": expect.closeTo(33_469_792_856, -1), "2021": expect.closeTo(40_469_792_856, -1) });
    expect(cat("agriculture").fulfilment).toEqual({ "2020": 81.58, "2021": 74.62 });
    expect(cat("manufactured-goods").fulfilment).toEqual({ "2020": 62.97, "2021": 59.55 });
    expect(cat("energy").fulfilment).toEqual({ "2020": 43.46, "2021": 34.28 });
    // The computed targets agree with the tracker's own goals rows (no note about them).
    for (const c of r.categories) expect(c.notes.join()).not.toMatch(/Goals: tracker table/);
    // The energy 2020 value disagrees between the tracker's tables and the monthly sums: reported, not hidden.
    expect(cat("energy").notes.join("\n")).toMatch(/phase-one-goals.csv line 4 says 8797696034/);
    expect(cat("services").fulfilment["2020"]).toBeNull();
  });
  it("reproduces the tracker's published goods shares: 62.5% (2020), 57.1% (2021)", async () => {
    const r = await phaseOneReport();
    expect(r.goodsTotal.trackerPublished).toEqual({ "2020": 62.47, "2021": 57.06 });
    expect(r.goodsTotal.fulfilment2020to2021).toBe(60.05);
  });
});

describe("soybean pledge", () => {
  it("says plainly that the pledge cannot yet be measured, and why", async () => {
    const r = await soybeanReport();
    expect(r.items.map((i) => i.measurable)).toEqual([false, false, false, false]);
    expect(r.items[0]!.why).toMatch(/weekly export sales in the mirror end on 2022-03-31/);
    expect(r.items[1]!.why).toMatch(/annual exports in the mirror end in 2025/);
    expect(r.annual.find((a) => a.year === 2025)!.tons).toBe(7_562_272);
    expect(r.annual.find((a) => a.year === 2017)!.tons).toBe(31_688_935);
  });
});

describe("bilateral trade flows (trade/comtrade-usa-chn-hs6-annual-2015-2025.csv.gz)", () => {
  it("sums imports, exports and balance by year and section, with the breaks", async () => {
    const r = await tradeReport();
    expect(r.years.map((y) => y.year)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025]);
    const y2017 = r.years.find((y) => y.year === 2017)!;
    expect(y2017.imports / 1e9).toBeCloseTo(525.8, 1);
    expect(y2017.balance).toBe(y2017.exports - y2017.imports);
    expect(y2017.sections.reduce((s, x) => s + x.imports, 0)).toBeCloseTo(y2017.imports, -3);
    expect(r.breaks.map((b) => b.year)).toEqual(expect.arrayContaining([2019, 2025]));
  });
});
