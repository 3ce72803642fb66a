import { describe, expect, it } from "vitest";
import {
  asksFor as asks,
  dutyLine as duty,
  exemptionLine as exemption,
  headingsOf as headings,
  ledgerStacks,
} from "../support/stackLines.js";

/**
 * The 2026 Section 301 country actions beyond China: the forced-labor action's heading for every economy (U.S. note 52,
 * 2026 rev 13, from Jul 24, 2026) and the Brazil action (U.S. note 50, rev 12, from Jul 22, 2026). Collected view. Each
 * total is derived by hand: the line's column 1 General rate (edition in force) + the heading's rate text as transcribed
 * in us/hts-later/2026HTSRev1{2,3}/headings.md, dated by the change record of the revision.
 */
const stack = ledgerStacks();
const SWEATER = "6110.20.20.10"; // General 16.5%
const MACHINE = "8479.89.95.95"; // General 2.5%

describe("forced-labor Section 301, every economy (note 52; 2026 rev 13 CR: established Jul 24, 2026)", () => {
  it("Vietnamese sweater: Jul 23 — 16.5 + Section 122 10% (to Jul 24) = 26.5%; Jul 24 — 9903.05.84 +12.5% = 29%", () => {
    expect(stack(SWEATER, "VN", "2026-07-23").totalPercent).toBeCloseTo(26.5, 6);
    const s = stack(SWEATER, "VN", "2026-07-24");
    expect(duty(s, "9903.05.84")!.ratePercent).toBe(12.5);
    expect(s.totalPercent).toBeCloseTo(29, 6);
  });
  it("loaded before Jul 24 and entered before Jul 28: 9903.05.85 takes the duty off", () => {
    const s = stack(SWEATER, "VN", "2026-07-27", { loadedOnVessel: "2026-07-20" });
    expect(exemption(s, "9903.05.85")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(16.5, 6);
  });
  it("Indian goods: 9903.05.44 +10%", () => {
    const s = stack(SWEATER, "IN", "2026-08-01");
    expect(duty(s, "9903.05.44")!.ratePercent).toBe(10);
    expect(s.totalPercent).toBeCloseTo(26.5, 6);
  });
  it("EU pair at 10%: a 16.5% sweater declares 9903.05.38 and pays its column 1 rate; a 2.5% machine 9903.05.39, 10% in all", () => {
    const hi = stack(SWEATER, "DE", "2026-08-01");
    expect(duty(hi, "9903.05.38")!.ratePercent).toBe(0);
    expect(hi.totalPercent).toBeCloseTo(16.5, 6);
    const lo = stack(MACHINE, "FR", "2026-08-01");
    expect(duty(lo, "9903.05.39")).toBeDefined();
    expect(headings(lo)).not.toContain("9903.05.38");
    expect(lo.totalPercent).toBeCloseTo(10, 6);
  });
  it("Japan's pair at 12.5%: a 2.5% machine — 9903.05.49, 12.5% in all", () => {
    const s = stack(MACHINE, "JP", "2026-08-01");
    expect(duty(s, "9903.05.49")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(12.5, 6);
  });
  it("a Section 232 article is out (9903.05.90): German steel pays the 232 duty only", () => {
    const s = stack("7208.51.00.30", "DE", "2026-08-01");
    expect(headings(s).some((h) => h.startsWith("9903.05.3"))).toBe(false);
  });
  it("the country exception lists of note 52(g)-(j) are not in the mirror: the duty is flagged, never silently final", () => {
    const s = stack(MACHINE, "MX", "2026-08-01", { usmcaQualifying: false });
    expect(duty(s, "9903.05.55")!.ratePercent).toBe(10);
    expect(s.uncertain.some((u) => u.heading === "9903.05.94")).toBe(true);
  });
});

describe("Brazil Section 301 (note 50; 2026 rev 12 CR: established Jul 22, 2026)", () => {
  // 0901.21.00.20 roasted coffee: General Free.
  it("Jul 21 — 0%; Jul 22 — 9903.05.01 +25%; from Jul 24 also 9903.05.27 +12.5% — 37.5%", () => {
    expect(stack("0901.21.00.20", "BR", "2026-07-21").totalPercent).toBeCloseTo(0, 6);
    const s = stack("0901.21.00.20", "BR", "2026-07-22");
    expect(duty(s, "9903.05.01")!.ratePercent).toBe(25);
    expect(s.totalPercent).toBeCloseTo(25, 6);
    expect(stack("0901.21.00.20", "BR", "2026-08-01").totalPercent).toBeCloseTo(37.5, 6);
  });
  it("in transit (loaded Jul 20, entered Jul 23): 9903.05.02 — no 25%; asked when not stated", () => {
    const s = stack("0901.21.00.20", "BR", "2026-07-23", { loadedOnVessel: "2026-07-20" });
    expect(exemption(s, "9903.05.02")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(0, 6);
    expect(asks(stack("0901.21.00.20", "BR", "2026-07-23"), "loadedOnVessel")).toBe(true);
  });
  it("note 50(a)(ii)/(iii) lists are not in the mirror: the 25% is flagged uncertain", () => {
    const s = stack("0901.21.00.20", "BR", "2026-07-22");
    expect(s.uncertain.some((u) => u.heading === "9903.05.03")).toBe(true);
  });
});
