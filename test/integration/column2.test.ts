import { describe, expect, it } from "vitest";
import { dutyLine as duty, ledgerStacks } from "../support/stackLines.js";

/**
 * Column 2 countries (general note 3(b); ledger/us/column2.yaml) pay the line's column 2 ("Other") rate, and Russian goods
 * of U.S. note 30(b)/(d) pay 35%/70% in lieu of it (9903.90.08/.09). Collected view; rates as printed in the edition in
 * force (2025 rev 13 on 2025-06-01).
 */
const stack = ledgerStacks();

describe("column 2", () => {
  it("a Russian cotton sweater pays column 2 (50%), not column 1 General (16.5%)", () => {
    const s = stack("6110.20.20.10", "RU", "2025-06-01");
    expect(s.lines[0]!.ratePercent).toBe(50);
    expect(s.lines[0]!.note).toMatch(/column 2/);
    expect(s.totalPercent).toBeCloseTo(50, 6);
  });
  it("the same sweater of Germany pays column 1 General", () => {
    expect(stack("6110.20.20.10", "DE", "2025-03-01").lines[0]!.ratePercent).toBe(16.5);
  });
  it("Russian salt (2501.00.00.00, note 30(b)): 9903.90.08 35% replaces the column 2 rate (26%)", () => {
    const s = stack("2501.00.00.00", "RU", "2025-06-01");
    expect(s.lines[0]!.ratePercent).toBe(26);
    expect(duty(s, "9903.90.08")!.ratePercent).toBe(35);
    expect(s.totalPercent).toBeCloseTo(35, 6);
  });
  it("a preference claim on goods of a column 2 country is noted, never applied", () => {
    const s = stack("6110.20.20.10", "CU", "2025-06-01", { specialProgram: "E" });
    expect(s.lines[0]!.ratePercent).toBe(50);
    expect(s.notes.some((n) => /pay column 2/.test(n))).toBe(true);
  });
});
