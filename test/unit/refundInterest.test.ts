import { describe, expect, it } from "vitest";
import { interestCents, interestFactor, loadInterestRates, quarterOf, type QuarterRate } from "../../src/refunds/interest.js";

// Hand-computed (Python, independently): principal × (∏(1 + r/N)^days − 1), rounded to the cent.
const table: QuarterRate[] = [
  { quarter: "2027Q4", nonCorporate: 5, corporate: 4, source: { id: "test", inMirror: false } },
  { quarter: "2028Q1", nonCorporate: 8, corporate: 7, source: { id: "test", inMirror: false } },
  { quarter: "2028Q2", nonCorporate: 6, corporate: 5, source: { id: "test", inMirror: false } },
];

describe("refund interest (19 U.S.C. 1505(c), 26 U.S.C. 6621/6622)", () => {
  it("a leap-day span across a quarter boundary: 2028-02-20 → 2028-04-10 on $10,000.00 = $104.91", () => {
    const f = interestFactor(table, "2028-02-20", "2028-04-10", "non-corporate");
    expect(f.periods).toEqual([
      { quarter: "2028Q1", days: 41, ratePercent: 8, yearDays: 366 },
      { quarter: "2028Q2", days: 9, ratePercent: 6, yearDays: 366 },
    ]);
    expect(interestCents(1_000_000, f)).toBe(10491);
  });
  it("a year boundary changes the day count: 2027-12-20 → 2028-01-10 = $36.17 (12 days /365 at 5%, 9 days /366 at 8%)", () => {
    expect(interestCents(1_000_000, interestFactor(table, "2027-12-20", "2028-01-10", "non-corporate"))).toBe(3617);
  });
  it("corporate rate is 1 point lower; no days, no interest; a quarter beyond the table is carried and flagged", () => {
    const f = interestFactor(table, "2028-06-20", "2028-07-05", "corporate");
    expect(f.periods.map((p) => p.ratePercent)).toEqual([5, 5]);
    expect(f.uncertain.join()).toMatch(/2028Q3: no rate/);
    expect(interestFactor(table, "2028-02-20", "2028-02-20", "corporate").factor).toBe(1);
    expect(() => interestFactor(table, "2027-01-01", "2028-01-01", "corporate")).toThrow(/before the first quarter/);
  });
  it("the ledger's table: 2025Q1 → 2026Q4, each quarter sourced or uncertain; 2026-06-10 → 2026-04-15 spans 309 days at 7%", () => {
    const rates = loadInterestRates();
    expect(rates[0]!.quarter).toBe("2025Q1");
    expect(rates[rates.length - 1]!.quarter).toBe("2026Q4");
    expect(rates.filter((r) => r.uncertain).map((r) => r.quarter)).toEqual(["2026Q2", "2026Q3", "2026Q4"]);
    const f = interestFactor(rates, "2025-06-10", "2026-04-15", "non-corporate");
    expect(f.days).toBe(309);
    expect(interestCents(30_000, f)).toBe(1831);
    expect(quarterOf("2026-04-15")).toBe("2026Q2");
  });
});
