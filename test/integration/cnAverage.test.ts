import { beforeAll, describe, expect, it } from "vitest";
import { openChinaTariffs, type ChinaTariffs } from "../../src/cnSession.js";
import { cnAverageAt, type CnAverageSeries } from "../../src/analytics/cnAverage.js";

/**
 * China's average tariff on US goods against the PIIE workbook's own Figure 1 (Bown, Jung & Zhang, June 2019). The
 * figure's note says it is weighted by US exports to the world in 2017, which the data mirror does not hold; with the
 * workbook's own China-imports-from-the-US weights (piie-2017) the level differs (docs/comparison.md), so the test
 * holds what the mirror can reproduce: the figure's dates are exactly the series' steps in 2018-2019, every step moves
 * in the figure's direction, and the MFN-only path ("Other exporters") falls on the same dates.
 */
let cn: ChinaTariffs;
let piie: CnAverageSeries;
const FIG_DATES = ["2018-01-01", "2018-04-02", "2018-05-01", "2018-07-01", "2018-07-06", "2018-08-23", "2018-09-24", "2018-11-01", "2019-01-01", "2019-06-01"];
beforeAll(async () => {
  cn = await openChinaTariffs();
  piie = await cn.average({ origin: "US", weights: "piie-2017", from: "2018-01-01", to: "2019-08-31" });
});

describe("the PIIE workbook's Figure 1", () => {
  it("is read from the workbook: ten dates, 7.99 → 20.72 toward the US", () => {
    const f = cn.ledger.workbook.figure1;
    expect(f.columns).toHaveLength(10);
    expect(f.columns[0]).toMatch(/^January 1, 2018/);
    expect(f.unitedStates[0]).toBeCloseTo(7.993421, 5);
    expect(f.unitedStates[9]).toBeCloseTo(20.723729, 5);
  });
  it("its dates are the series' steps", () => {
    expect(piie.steps.map((s) => s.from)).toEqual(FIG_DATES);
  });
  it("every step moves the way the figure moves, for the US and for the MFN-only path", () => {
    const f = cn.ledger.workbook.figure1;
    for (let i = 1; i < FIG_DATES.length; i++) {
      const ours = cnAverageAt(piie, FIG_DATES[i]!)!.totalPercent - cnAverageAt(piie, FIG_DATES[i - 1]!)!.totalPercent;
      const theirs = f.unitedStates[i]! - f.unitedStates[i - 1]!;
      expect(Math.sign(ours), `${FIG_DATES[i]}: ours ${ours.toFixed(3)}, figure ${theirs.toFixed(3)}`).toBe(Math.sign(theirs));
      const mfnOurs = (cnAverageAt(piie, FIG_DATES[i]!)!.byAuthority["base"] ?? 0) - (cnAverageAt(piie, FIG_DATES[i - 1]!)!.byAuthority["base"] ?? 0);
      const mfnTheirs = f.otherExporters[i]! - f.otherExporters[i - 1]!;
      expect(Math.sign(Math.abs(mfnOurs) < 1e-9 ? 0 : mfnOurs), `MFN ${FIG_DATES[i]}: ours ${mfnOurs}`).toBe(Math.sign(Math.abs(mfnTheirs) < 1e-9 ? 0 : mfnTheirs));
    }
  });
  it("under the workbook's own 2017 weights: the figures of docs/comparison.md", () => {
    const at = (d: string): number => Number(cnAverageAt(piie, d)!.totalPercent.toFixed(2));
    expect(at("2018-01-01")).toBe(5.98);
    expect(at("2018-09-24")).toBe(15.84);
    expect(at("2019-06-01")).toBe(15.64);
  });
});

describe("China's average over 2018-2026", () => {
  it("parts add up to the total on every step, and the 2025 steps follow the ledger", async () => {
    const s = await cn.average({ origin: "US" });
    for (const st of s.steps) expect(Object.values(st.byAuthority).reduce((a, b) => a + b, 0)).toBeCloseTo(st.totalPercent, 6);
    const at = (d: string): number => cnAverageAt(s, d)!.totalPercent;
    expect(at("2025-04-12") - at("2025-04-10")).toBeCloseTo(41, 6); // 84 → 125 on every line
    expect(at("2025-04-12") - at("2025-05-14")).toBeCloseTo(115, 6); // 125 → 10
    expect(cnAverageAt(s, "2025-05-14")!.byAuthority["r2025-reciprocal"]).toBeCloseTo(10, 6);
  });
  it("Comtrade weights: US exports to China of a year, with what cannot be placed reported", async () => {
    const s = await cn.average({ origin: "US", weights: "comtrade-2017", from: "2018-01-01", to: "2018-01-01" });
    expect(s.weights.totalValue).toBeGreaterThan(1e11);
    expect(s.weights.placedValue).toBeLessThan(s.weights.totalValue);
    expect(s.weights.unplacedTop[0]!.code).toBe("999999");
  });
  it("refuses an unknown weight set, naming it", async () => {
    await expect(cn.average({ origin: "US", weights: "census-2024" })).rejects.toThrow(/census-2024/);
  });
});

describe("the two-way chart's data", () => {
  it("draws China's steps and events from the series, and renders SVG", async () => {
    const { chinaLine, twoWayChartData, twoWayChartSpec } = await import("../../src/analytics/twoWayChart.js");
    const { renderSpecSvg } = await import("../../src/analytics/seriesChart.js");
    const s = await cn.average({ origin: "US" });
    const line = chinaLine(s);
    expect(line.points.map((p) => p.percent).slice(0, -1)).toEqual(s.steps.map((x) => x.totalPercent));
    expect(line.events.map((e) => e.date)).toEqual(s.steps.slice(1).map((x) => x.from));
    const svg = await renderSpecSvg(twoWayChartSpec(twoWayChartData([line])));
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("China on goods of US");
  });
});
