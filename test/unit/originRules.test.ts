import { describe, expect, it } from "vitest";
import { resolveLeafStack } from "../../src/engine/resolveStack.js";
import { parseOrigin } from "../../src/common/country.js";
import { partnerPreferenceShare, preferenceShareOfLine } from "../../src/analytics/preferenceShares.js";
import { specialRateFor } from "../../src/schedule/specialRates.js";
import { syntheticLedger, type SyntheticLedgerSpec } from "../support/syntheticLedger.js";

const LOW = "1111111111"; // column 1 General 2.5%
const HIGH = "2222222222"; // column 1 General 16.5%
const SPECIFIC = "3333333333"; // 40¢ each + 8.5%
const floorPair = (below: string, atLeast: string): SyntheticLedgerSpec["measures"] => [
  { id: "floor-below", authority: "ieepa-reciprocal", program: "deal", heading: below, role: "duty", origins: ["DE"], products: { all: true }, rate: { floor: 15 }, window: { from: "2025-01-01" }, conditions: [{ baseAdValorem: { below: 15 } }] },
  { id: "floor-at-least", authority: "ieepa-reciprocal", program: "deal", heading: atLeast, role: "duty", origins: ["DE"], products: { all: true }, rate: { floor: 15 }, window: { from: "2025-01-01" }, conditions: [{ baseAdValorem: { atLeast: 15 } }] },
];
const lines = {
  [LOW]: { general: "2.5%", special: "Free (A,AU,S,SG)" },
  [HIGH]: { general: "16.5%" },
  [SPECIFIC]: { general: "40¢ each + 8.5%" },
};

describe("a deal floor is a formula of the line's column 1 rate", () => {
  const { ledger, index } = syntheticLedger({ lines, measures: floorPair("9903.02.20", "9903.02.19") });
  const stack = (code: string) => resolveLeafStack(ledger, index, code, "DE", "2025-06-01", {}, "collected");
  it("below the floor: the floor heading replaces the column 1 rate (15% in all)", () => {
    const s = stack(LOW);
    expect(s.lines.map((l) => l.heading)).toContain("9903.02.20");
    expect(s.totalPercent).toBeCloseTo(15, 9);
  });
  it("at or above the floor: the other heading is declared and nothing is added", () => {
    const s = stack(HIGH);
    expect(s.lines.slice(1).map((l) => l.heading)).toEqual(["9903.02.19"]);
    expect(s.totalPercent).toBeCloseTo(16.5, 9);
  });
  it("a base rate with specific parts asks for quantities (its ad valorem equivalent decides)", () => {
    const s = stack(SPECIFIC);
    expect(s.needsFacts.some((n) => n.fact === "quantity" && /9903\.02\.20/.test(n.why))).toBe(true);
    expect(s.totalPercent).toBeCloseTo(15, 9);
  });
});

describe("USMCA: column 1 Special for a claimed program, and the exemption on the claim", () => {
  const { ledger, index } = syntheticLedger({
    lines,
    measures: [
      { id: "mx-25", authority: "ieepa-fentanyl", program: "mx", heading: "9903.01.01", role: "duty", origins: ["MX"], products: { all: true }, rate: { addOn: 25 }, window: { from: "2025-01-01" } },
      { id: "mx-usmca", authority: "ieepa-fentanyl", program: "mx", heading: "9903.01.04", role: "exemption", exempts: ["mx-25"], origins: ["MX"], products: { all: true }, rate: { none: true }, window: { from: "2025-01-01" }, conditions: [{ usmcaQualifying: true }] },
    ],
    preferences: [{ id: "usmca", label: "USMCA", origins: ["CA", "MX"], indicators: ["S", "S+"], fact: "usmcaQualifying", source: { file: "x", where: "y" } }],
  });
  const stack = (code: string, facts = {}) => resolveLeafStack(ledger, index, code, "MX", "2025-06-01", facts, "collected");
  it("a qualifying good pays the special rate and is exempt", () => {
    const s = stack(LOW, { usmcaQualifying: true });
    expect(s.lines[0]!.program).toBe("usmca");
    expect(s.totalPercent).toBe(0);
  });
  it("without a claim: column 1 General plus the duty, and the fact is asked for", () => {
    const s = stack(LOW);
    expect(s.totalPercent).toBeCloseTo(27.5, 9);
    expect(s.needsFacts.some((n) => n.fact === "usmcaQualifying")).toBe(true);
  });
  it("a USMCA claim on goods of another origin is ignored with a note, never silently", () => {
    const s = resolveLeafStack(ledger, index, LOW, "DE", "2025-06-01", { usmcaQualifying: true }, "collected");
    expect(s.lines[0]!.ratePercent).toBe(2.5);
    expect(s.notes.some((n) => /not of DE: the claim is ignored/.test(n))).toBe(true);
  });
  it("a line that grants no USMCA rate keeps column 1 General even with the claim (and says so)", () => {
    const s = stack(HIGH, { usmcaQualifying: true });
    expect(s.lines[0]!.ratePercent).toBe(16.5);
    expect(s.notes.some((n) => /grants no special rate/.test(n))).toBe(true);
  });
});

describe("special rates and preference shares", () => {
  it("reads the rate printed for an indicator", () => {
    expect(specialRateFor("Free (A+,AU,S,SG) 2.5% (JP)", ["S", "S+"])).toBe("Free");
    expect(specialRateFor("Free (A+,AU,SG) 2.5% (JP)", ["S", "S+"])).toBeUndefined();
    expect(specialRateFor("", ["S"])).toBeUndefined();
  });
  it("treats the duty not collected on an eligible dutiable line as preference claims", () => {
    const line = { general: "2.5%", special: "Free (S)" };
    expect(preferenceShareOfLine({ value: 1000, duty: 25 }, line, ["S"], 0.5).share).toBe(0);
    expect(preferenceShareOfLine({ value: 1000, duty: 0 }, line, ["S"], 0.5).share).toBe(1);
    expect(preferenceShareOfLine({ value: 1000, duty: 10 }, line, ["S"], 0.5).share).toBeCloseTo(0.6, 9);
    expect(preferenceShareOfLine({ value: 1000, duty: 0 }, { general: "Free", special: "" }, ["S"], 0.5)).toEqual({ share: 0, basis: "not-eligible" });
    expect(preferenceShareOfLine({ value: 1000, duty: 0 }, { general: "Free", special: "Free (S)" }, ["S"], 0.5)).toEqual({ share: 0.5, basis: "partner-share" });
    expect(partnerPreferenceShare([{ value: 1000, duty: 0, line }, { value: 3000, duty: 75, line }], ["S"])).toBeCloseTo(0.25, 9);
  });
});

describe("unknown origins", () => {
  it("suggest the nearest ISO codes", () => {
    expect(() => parseOrigin("DX")).toThrow(/DE \(Germany\)/);
    expect(parseOrigin("vn")).toBe("VN");
  });
});
