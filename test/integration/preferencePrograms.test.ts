import { describe, expect, it } from "vitest";
import { asksFor as asks, dutyLine as duty, headingsOf as headings, ledgerStacks } from "../support/stackLines.js";

/**
 * Preference programs of column 1 Special (ledger/us/preferences.yaml) claimed by the entry's special program indicator
 * (fact specialProgram), and the measures that turn on a claim. Collected view, real HTS editions. Each total is derived
 * by hand from the line's column 1 General / Special text (the edition in force) and the Chapter 99 heading's text
 * ("notes" = us/hts-notes/chapter99_2026_rev_6.txt.gz).
 */
const stack = ledgerStacks();

// 6110.20.20.10 cotton sweater: General 16.5%, Special "Free (AU,BH,CL,CO,IL,JO,KR,MA,OM,P,PA,PE,S,SG)".
const SWEATER = "6110.20.20.10";

describe("a claimed FTA rate replaces column 1 General; a silent entry is asked", () => {
  it("Australian sweater, 2025-06-01: AU claimed — Free + 9903.01.25 10% = 10%; not stated — 16.5 + 10 = 26.5%, asked", () => {
    const claimed = stack(SWEATER, "AU", "2025-06-01", { specialProgram: "AU" });
    expect(claimed.lines[0]!.ratePercent).toBe(0);
    expect(claimed.lines[0]!.program).toBe("australia");
    expect(claimed.totalPercent).toBeCloseTo(10, 6);
    const silent = stack(SWEATER, "AU", "2025-06-01");
    expect(silent.lines[0]!.ratePercent).toBe(16.5);
    expect(silent.totalPercent).toBeCloseTo(26.5, 6);
    expect(asks(silent, "specialProgram")).toBe(true);
    const none = stack(SWEATER, "AU", "2025-06-01", { specialProgram: "none" });
    expect(none.totalPercent).toBeCloseTo(26.5, 6);
    expect(asks(none, "specialProgram")).toBe(false);
  });
  it("a program of another origin is ignored with a note (KR declared on goods of Australia)", () => {
    const s = stack(SWEATER, "AU", "2025-06-01", { specialProgram: "KR" });
    expect(s.lines[0]!.ratePercent).toBe(16.5);
    expect(s.notes.some((n) => /Korea.*not of AU: the claim is ignored/.test(n))).toBe(true);
  });
  it("GSP cannot be claimed after 2020 (19 U.S.C. 2465): column 1 General, with a note", () => {
    const s = stack("8708.99.81.80", "TH", "2025-06-01", { specialProgram: "A" });
    expect(s.lines[0]!.ratePercent).toBe(2.5);
    expect(
      s.notes.some((n) =>
        /Generalized System of Preferences \(general note 4\) cannot be claimed on 2025-06-01/.test(n),
      ),
    ).toBe(true);
  });
  it("an indicator no program lists is refused, naming the fact", () => {
    expect(() => stack(SWEATER, "AU", "2025-06-01", { specialProgram: "ZZ" })).toThrow(
      /specialProgram.*"ZZ" is not a special program indicator/,
    );
  });
  it("'S' is a USMCA claim (usmcaQualifying follows); a contradiction is refused", () => {
    const s = stack("8708.99.81.80", "MX", "2025-03-07", { specialProgram: "S" });
    expect(s.lines[0]!.ratePercent).toBe(0);
    expect(headings(s)).toContain("9903.01.04"); // the USMCA exemption of the Mexico IEEPA duty
    expect(() => stack("8708.99.81.80", "MX", "2025-03-07", { specialProgram: "S", usmcaQualifying: false })).toThrow(
      /usmcaQualifying=false contradicts specialProgram=S/,
    );
  });
  it("an FTA rate given by reference to a quota provision is uncertain, never read as a rate", () => {
    // 0401.40.25.00: Special "... See 9822.04.05 (AU) ..."
    const s = stack("0401.40.25.00", "AU", "2025-06-01", { specialProgram: "AU" });
    expect(s.lines[0]!.ratePercent).toBeNull();
    expect(s.lines[0]!.uncertain).toMatch(/See 9822\.04\.05/);
    expect(asks(s, "quantity")).toBe(false);
  });
});

describe("Korea's floors test the column the entry is made under (notes 2(v)(xxiv)(a): 'Column 1-General or ... Column 1-Special, as applicable')", () => {
  it("Korean sweater 2025-12-01: no claim — 16.5% ≥ 15, 9903.02.79, 16.5% in all", () => {
    const s = stack(SWEATER, "KR", "2025-12-01", { specialProgram: "none" });
    expect(duty(s, "9903.02.79")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(16.5, 6);
  });
  it("Korean sweater 2025-12-01: KORUS claimed — Free < 15, 9903.02.80, 15% in all", () => {
    const s = stack(SWEATER, "KR", "2025-12-01", { specialProgram: "KR" });
    expect(duty(s, "9903.02.80")!.ratePercent).toBe(15);
    expect(headings(s)).not.toContain("9903.02.79");
    expect(s.totalPercent).toBeCloseTo(15, 6);
  });
});

describe("Nicaragua Section 301 (9903.89.01, note 29): not for originating goods under CAFTA-DR", () => {
  it("2025-12-31: not yet in force — 16.5 + 9903.02.47 18% = 34.5%", () => {
    const s = stack(SWEATER, "NI", "2025-12-31", { specialProgram: "none" });
    expect(headings(s)).not.toContain("9903.89.01");
    expect(s.totalPercent).toBeCloseTo(34.5, 6);
  });
  it("2026-03-01: declared at 0% (note 29(b)); with Section 122 — 26.5%", () => {
    const s = stack(SWEATER, "NI", "2026-03-01", { specialProgram: "none" });
    expect(duty(s, "9903.89.01")!.ratePercent).toBe(0);
    expect(s.totalPercent).toBeCloseTo(26.5, 6);
  });
  it("2027-03-01: 10% without a CAFTA-DR claim (asked when silent), beside the forced-labor 9903.05.58 12.5% — 39%; with it the base is Free and 9903.89.01 is out — 12.5%", () => {
    const silent = stack(SWEATER, "NI", "2027-03-01");
    expect(duty(silent, "9903.89.01")!.ratePercent).toBe(10);
    expect(duty(silent, "9903.05.58")!.ratePercent).toBe(12.5);
    expect(silent.totalPercent).toBeCloseTo(39, 6);
    expect(asks(silent, "specialProgram")).toBe(true);
    const claimed = stack(SWEATER, "NI", "2027-03-01", { specialProgram: "P" });
    expect(headings(claimed)).not.toContain("9903.89.01");
    expect(claimed.totalPercent).toBeCloseTo(12.5, 6);
    // CAFTA-DR textiles may be excepted by 9903.05.95 (note 52(i), not in the mirror): flagged.
    expect(claimed.uncertain.some((u) => u.heading === "9903.05.95")).toBe(true);
  });
});

describe("Russian-smelted aluminum in goods of any origin before Mar 12, 2025 (2025 Basic 9903.85.67: 'or where any amount of primary aluminum ... is smelted in Russia')", () => {
  // 7601.10.30.00 unwrought aluminum of Canada: General 2.6%.
  it("2025-02-01, Russian smelt: 9903.85.67 +200% in lieu of the 10% of 9903.85.01 — 202.6%", () => {
    const s = stack("7601.10.30.00", "CA", "2025-02-01", { russianAluminum: true, usmcaQualifying: false });
    expect(duty(s, "9903.85.67")!.ratePercent).toBe(200);
    expect(headings(s)).not.toContain("9903.85.01");
    expect(s.totalPercent).toBeCloseTo(202.6, 6);
  });
  it("2025-02-01, no Russian smelt (default, asked): no 200%", () => {
    const s = stack("7601.10.30.00", "CA", "2025-02-01", { usmcaQualifying: false });
    expect(headings(s)).not.toContain("9903.85.67");
    expect(asks(s, "russianAluminum")).toBe(true);
  });
});

describe("programs open to goods of any origin: C civil aircraft, K pharmaceuticals, L dye intermediates", () => {
  // 8411.99.90 parts of gas turbines: General 2.4%, Special "Free (A*,AU,BH,C,...)" (2025 rev 24).
  it("French gas-turbine parts 2025-10-01: no claim — the EU floor 9903.02.20 (2.4 < 15) gives 15%, C asked; C claimed — Free, a civil aircraft article (general note 6), so 9903.02.76 takes the reciprocal off: 0%", () => {
    const silent = stack("8411.99.90.90", "FR", "2025-10-01", { civilAircraftArticle: false });
    expect(silent.totalPercent).toBeCloseTo(15, 6);
    expect(asks(silent, "specialProgram")).toBe(true);
    const claimed = stack("8411.99.90.90", "FR", "2025-10-01", { specialProgram: "C" });
    expect(claimed.lines[0]!.ratePercent).toBe(0);
    expect(claimed.lines[0]!.program).toBe("civil-aircraft");
    expect(headings(claimed)).toContain("9903.02.76");
    expect(claimed.totalPercent).toBeCloseTo(0, 6);
  });
  it("a C claim contradicting civilAircraftArticle=false is refused, naming both facts", () => {
    expect(() => stack("8411.99.90.90", "FR", "2025-10-01", { specialProgram: "C", civilAircraftArticle: false })).toThrow(
      /civilAircraftArticle=false contradicts specialProgram=C/,
    );
  });
  it("Indian dye intermediate 2903.19.60 on 2025-09-01: 5.5 + 9903.02.26 25 + 9903.01.84 25 = 55.5%; L claimed — Free + 50 = 50%", () => {
    expect(stack("2903.19.60", "IN", "2025-09-01").totalPercent).toBeCloseTo(55.5, 6);
    const claimed = stack("2903.19.60", "IN", "2025-09-01", { specialProgram: "L" });
    expect(claimed.lines[0]!.ratePercent).toBe(0);
    expect(duty(claimed, "9903.01.84")?.ratePercent).toBe(25);
    expect(claimed.totalPercent).toBeCloseTo(50, 6);
  });
  it("Chinese pharmaceutical 2933.39.61 on 2025-12-01: K claimed — Free + 9903.01.24 10% = 10%; none — 6.5 + 10 = 16.5%", () => {
    const claimed = stack("2933.39.61.10", "CN", "2025-12-01", { specialProgram: "K" });
    expect(claimed.lines[0]!.ratePercent).toBe(0);
    expect(claimed.notes.some((n) => /Pharmaceutical Appendix/.test(n))).toBe(true);
    expect(claimed.totalPercent).toBeCloseTo(10, 6);
    expect(stack("2933.39.61.10", "CN", "2025-12-01", { specialProgram: "none" }).totalPercent).toBeCloseTo(16.5, 6);
  });
  it("goods of a column 2 country claim none of them (general note 3(b)): Russian 2933.39.61 with K pays column 2", () => {
    const s = stack("2933.39.61.10", "RU", "2025-12-01", { specialProgram: "K" });
    expect(s.lines[0]!.rateText).toMatch(/52%/);
    expect(s.notes.some((n) => /column 2 \(general note 3\(b\)\): no preference program applies/.test(n))).toBe(true);
  });
});
