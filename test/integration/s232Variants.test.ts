import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadLedgerFiles } from "../../src/ledger/eventFiles.js";
import type { Measure } from "../../src/ledger/measureSchema.js";
import { toStackMeasures } from "../../src/ledger/stackMeasures.js";
import { repoRoot } from "../support/mirror.js";
import {
  dutyLine as duty,
  exemptionLine as exemption,
  headingsOf as headings,
  ledgerStacks,
} from "../support/stackLines.js";

/**
 * Section 232 deal-country and 2026 variants (ledger/us/events/s232-deals.yaml). Collected view. Each total is derived
 * by hand: the line's column 1 rate (General, or column 2 for Russia, in the edition in force) + the heading's rate
 * text as printed in the HTS JSON edition named, dated by the change record of its revision.
 */
let measures: Measure[] = [];
beforeAll(async () => {
  measures = toStackMeasures(await loadLedgerFiles(join(repoRoot, "ledger", "us", "events")));
});
const stack = ledgerStacks();

const CHAIR = "9401.61.40.11"; // upholstered wooden chair, note 37(d); General Free
const CABINET = "9403.40.90.60"; // wooden kitchen cabinet, note 37(f); General Free

describe("wood deal headings 9903.76.20-.24 (note 37(h)-(m))", () => {
  // Oct 13, 2025: no 232 wood duty yet; the reciprocal applies (JP/EU floor 15%, UK 10%).
  // Oct 14 (2025 rev 25 CR: .20-.22 added, PP 10976): JP 9903.76.21 '15%' → 15% in all; EU .22 '15%'; UK .20 '+ 10%' → 0 + 10.
  it("Japan: Oct 13, 2025 — no wood heading, 15%; Oct 14 — 9903.76.21, 15% in all", () => {
    const before = stack(CHAIR, "JP", "2025-10-13");
    expect(headings(before)).not.toContain("9903.76.21");
    expect(before.totalPercent).toBeCloseTo(15, 6);
    const s = stack(CHAIR, "JP", "2025-10-14");
    expect(duty(s, "9903.76.21")!.ratePercent).toBe(15);
    expect(headings(s)).not.toContain("9903.76.02");
    expect(s.totalPercent).toBeCloseTo(15, 6);
  });
  it("EU (Germany): Oct 14, 2025 — 9903.76.22, 15%; UK: 9903.76.20, 0 + 10 = 10%", () => {
    const de = stack(CHAIR, "DE", "2025-10-14");
    expect(duty(de, "9903.76.22")!.ratePercent).toBe(15);
    expect(de.totalPercent).toBeCloseTo(15, 6);
    expect(headings(stack(CHAIR, "GB", "2025-10-13"))).not.toContain("9903.76.20");
    const gb = stack(CHAIR, "GB", "2025-10-14");
    expect(duty(gb, "9903.76.20")!.ratePercent).toBe(10);
    expect(gb.totalPercent).toBeCloseTo(10, 6);
  });
  // Korea: note 37(c) names Korea only from Nov 14, 2025 (2025 rev 32 CR: note 37(c)-(f) modified, (l) and 9903.76.23
  // added): Nov 13 — 9903.76.02 +25% (the reciprocal yields to 232); Nov 14 — 9903.76.23 '15%'.
  it("Korea: Nov 13, 2025 — 9903.76.02, 25%; Nov 14 — 9903.76.23, 15% (chair and cabinet)", () => {
    const before = stack(CHAIR, "KR", "2025-11-13");
    expect(duty(before, "9903.76.02")!.ratePercent).toBe(25);
    expect(before.totalPercent).toBeCloseTo(25, 6);
    const s = stack(CHAIR, "KR", "2025-11-14");
    expect(duty(s, "9903.76.23")!.ratePercent).toBe(15);
    expect(headings(s)).not.toContain("9903.76.02");
    expect(s.totalPercent).toBeCloseTo(15, 6);
    expect(duty(stack(CABINET, "KR", "2025-11-13"), "9903.76.03")!.ratePercent).toBe(25);
    const cab = stack(CABINET, "KR", "2025-11-14");
    expect(duty(cab, "9903.76.23")!.ratePercent).toBe(15);
    expect(cab.totalPercent).toBeCloseTo(15, 6);
  });
  // Taiwan: 9903.76.24 added May 1, 2026 (2026 rev 9 CR); before, 9903.76.02 +25% (Section 122 yields to 232 from Apr 6).
  it("Taiwan: Apr 30, 2026 — 9903.76.02, 25%; May 1 — 9903.76.24, 15%, flagged uncertain (note 37 of rev 9 not in the mirror)", () => {
    const before = stack(CHAIR, "TW", "2026-04-30");
    expect(duty(before, "9903.76.02")!.ratePercent).toBe(25);
    expect(before.totalPercent).toBeCloseTo(25, 6);
    const s = stack(CHAIR, "TW", "2026-05-01");
    expect(duty(s, "9903.76.24")!.ratePercent).toBe(15);
    expect(headings(s)).not.toContain("9903.76.02");
    expect(s.totalPercent).toBeCloseTo(15, 6);
    expect(s.uncertain.some((u) => u.heading === "9903.76.24")).toBe(true);
  });
  it("a non-wooden cabinet of Taiwan (9903.76.04) owes no wood duty: only Section 122 (10%) on May 1, 2026", () => {
    const s = stack(CABINET, "TW", "2026-05-01", { certifications: ["not-wooden-kitchen-cabinet-or-vanity-note37g"] });
    expect(exemption(s, "9903.76.04")).toBeDefined();
    expect(headings(s)).not.toContain("9903.76.24");
    expect(s.totalPercent).toBeCloseTo(10, 6);
  });
  it("China keeps 9903.76.02", () => {
    expect(duty(stack(CHAIR, "CN", "2026-05-01"), "9903.76.02")!.ratePercent).toBe(25);
  });
});

const STEEL = "7208.51.00.30"; // note 16(c)(iii); General Free, column 2 20%
const STEEL_DERIV = "7323.94.00.10"; // note 16(c)(vii); General 2.7%, column 2 35.5%
const AL_DERIV = "7615.20.00.00"; // note 16(c)(vi); General 3.8%
const ANNEX_III = "8428.33.00.00"; // note 16(c)(x); General Free, column 2 35%
const UK95 = { certifications: ["uk-metal-95pct-note16d"] };

describe("UK metals under the Apr 6, 2026 annex: 9903.82.04 (+25%) and .05 (+15%), note 16(d)", () => {
  // 2026 rev 10 JSON: .04 '+ 25%' on (c)(i)-(iv), .05 '+ 15%' on (c)(vi)-(vii), UK goods with 95% UK metal.
  it("UK steel with 95% UK metal: Apr 5 — 9903.81.94, 25%; Apr 6 — 9903.82.04, 0 + 25 = 25%; without the statement 9903.82.02, 50%", () => {
    expect(duty(stack(STEEL, "GB", "2026-04-05", UK95), "9903.81.94")!.ratePercent).toBe(25);
    const s = stack(STEEL, "GB", "2026-04-06", UK95);
    expect(duty(s, "9903.82.04")!.ratePercent).toBe(25);
    expect(headings(s)).not.toContain("9903.82.02");
    expect(s.totalPercent).toBeCloseTo(25, 6);
    const plain = stack(STEEL, "GB", "2026-04-06");
    expect(duty(plain, "9903.82.02")!.ratePercent).toBe(50);
    expect(headings(plain)).not.toContain("9903.82.04");
  });
  it("UK derivatives: steel (c)(vii) 2.7 + 15 = 17.7% (else 9903.82.09, 27.7%); aluminum (c)(vi) 3.8 + 15 = 18.8%", () => {
    const s = stack(STEEL_DERIV, "GB", "2026-04-06", UK95);
    expect(duty(s, "9903.82.05")!.ratePercent).toBe(15);
    expect(s.totalPercent).toBeCloseTo(17.7, 6);
    expect(stack(STEEL_DERIV, "GB", "2026-04-06").totalPercent).toBeCloseTo(27.7, 6);
    expect(stack(AL_DERIV, "GB", "2026-04-06", UK95).totalPercent).toBeCloseTo(18.8, 6);
  });
});

describe("Russia under the Apr 6, 2026 annex: 9903.82.14-.17", () => {
  // Russia pays column 2 (general note 3(b)); steel also 9903.90.09 +70% (note 30). Apr 5: 9903.81.87 +50%.
  it("Russian steel: Apr 5 — 9903.81.87; Apr 6 — 9903.82.14 +50%: 20 + 70 + 50 = 120%", () => {
    expect(headings(stack(STEEL, "RU", "2026-04-05"))).toContain("9903.81.87");
    const s = stack(STEEL, "RU", "2026-04-06");
    expect(duty(s, "9903.82.14")!.ratePercent).toBe(50);
    expect(headings(s)).not.toContain("9903.82.02");
    expect(s.totalPercent).toBeCloseTo(120, 6);
  });
  it("Russian derivative steel (c)(vii): 9903.82.16 +25%: 35.5 + 25 = 60.5%; with the US-metal statement 9903.82.15 +10%: 45.5%, not 9903.82.06", () => {
    const s = stack(STEEL_DERIV, "RU", "2026-04-06");
    expect(duty(s, "9903.82.16")!.ratePercent).toBe(25);
    expect(headings(s)).not.toContain("9903.82.09");
    expect(s.totalPercent).toBeCloseTo(60.5, 6);
    const us = stack(STEEL_DERIV, "RU", "2026-04-06", { certifications: ["us-metal-95pct-note16e"] });
    expect(duty(us, "9903.82.15")!.ratePercent).toBe(10);
    expect(headings(us)).not.toContain("9903.82.06");
    expect(headings(us)).not.toContain("9903.82.16");
    expect(us.totalPercent).toBeCloseTo(45.5, 6);
  });
  it("Russian (c)(x) article: Apr 5 — 35 + Section 122 10 = 45%; Apr 6 — 9903.82.17 +25% = 60% (Germany: 9903.82.10, 15% in all)", () => {
    expect(stack(ANNEX_III, "RU", "2026-04-05").totalPercent).toBeCloseTo(45, 6);
    const s = stack(ANNEX_III, "RU", "2026-04-06");
    expect(duty(s, "9903.82.17")!.ratePercent).toBe(25);
    expect(headings(s)).not.toContain("9903.82.10");
    expect(s.totalPercent).toBeCloseTo(60, 6);
    expect(stack(ANNEX_III, "RU", "2027-12-31").totalPercent).toBeCloseTo(60, 6);
    expect(duty(stack(ANNEX_III, "DE", "2026-04-06"), "9903.82.10")!.ratePercent).toBe(15);
  });
});

describe("the Jun 8, 2026 note 16 list changes (2026 rev 10 CR, PP 11032; note text not in the mirror)", () => {
  // 9903.82.16 modified Jun 8 (adds (c)(xi)); (c)(vii) modified: the rev 6 list is kept and the answer flagged from Jun 8.
  it("Russian (c)(vii) article: Jun 7 — 9903.82.16 certain; Jun 8 — same 25%, flagged uncertain", () => {
    const before = stack(STEEL_DERIV, "RU", "2026-06-07");
    expect(duty(before, "9903.82.16")!.ratePercent).toBe(25);
    expect(before.uncertain.some((u) => u.heading === "9903.82.16")).toBe(false);
    const s = stack(STEEL_DERIV, "RU", "2026-06-08");
    expect(duty(s, "9903.82.16")!.ratePercent).toBe(25);
    expect(s.uncertain.some((u) => u.heading === "9903.82.16")).toBe(true);
    expect(s.totalPercent).toBeCloseTo(60.5, 6);
  });
});

describe("pharmaceutical and unmanned-aircraft deal headings (lists of notes 40 and 43 not in the mirror: registered empty)", () => {
  // No line can carry these yet; the ledger states them with their windows and rates, flagged uncertain.
  const m = (id: string) => measures.find((x) => x.id === id)!;
  it("9903.04.62: 15% in all from Jul 31, 2026 (2026 rev 14); 9903.04.63: UK +0% from Jul 31, 2026 (rev 15 replaced the +10% retroactively)", () => {
    expect(m("s232-deal.9903.04.62.pharma-15")).toMatchObject({ rate: { total: 15 }, window: { from: "2026-07-31" } });
    expect(m("s232-deal.9903.04.62.pharma-15").origins).toEqual(
      expect.arrayContaining(["JP", "KR", "CH", "LI", "IE", "DE"]),
    );
    expect(m("s232-deal.9903.04.63.gb-pharma-0")).toMatchObject({
      rate: { addOn: 0 },
      window: { from: "2026-07-31" },
      origins: ["GB"],
    });
    expect(m("s232-deal.9903.04.62.pharma-15").uncertain).toBeDefined();
  });
  it("9903.08.23: UK +10%, 9903.08.24: 15% in all (JP, LI, KR, CH, TW, EU), from Sep 3, 2026 (2026 rev 18)", () => {
    expect(m("s232-deal.9903.08.23.gb-uas-10")).toMatchObject({ rate: { addOn: 10 }, window: { from: "2026-09-03" } });
    expect(m("s232-deal.9903.08.24.uas-15")).toMatchObject({ rate: { total: 15 }, window: { from: "2026-09-03" } });
    expect(m("s232-deal.9903.08.24.uas-15").origins).toEqual(expect.arrayContaining(["TW", "JP", "FR"]));
  });
  it("the Jun 8, 2026 metals headings: 9903.82.20 +25%, .22 15% in all for the framework partners (not China), .23/.24 and .25/.26 floor pairs at 10% and 15% (2026 rev 10)", () => {
    expect(m("s232-jun2026.9903.82.20.derivative-steel-25")).toMatchObject({
      rate: { addOn: 25 },
      window: { from: "2026-06-08" },
    });
    const fw = m("s232-jun2026.9903.82.22.framework-derivative-steel-15");
    expect(fw).toMatchObject({ rate: { total: 15 }, window: { from: "2026-06-08" } });
    expect(fw.origins).toEqual(expect.arrayContaining(["AR", "EC", "SV", "GT", "TW", "GB", "DE"]));
    expect(fw.origins).not.toContain("CN");
    expect(m("s232-jun2026.9903.82.23.us-metal-floor-below-10").rate).toEqual({ floor: 10 });
    expect(m("s232-jun2026.9903.82.25.floor-below-15").rate).toEqual({ floor: 15 });
  });
  it("a patented pharmaceutical of Ireland carries no Section 232 pharmaceutical heading (empty list)", () => {
    const s = stack("3004.90.92.08", "IE", "2026-09-10", { certifications: ["patented-pharmaceutical-note40c"] });
    expect(headings(s).some((h) => h.startsWith("9903.04.6"))).toBe(false);
  });
});

const VALVE = "8481.80.90.50"; // General 2%; outside note 33(g) and chapters 72/73/76: 9903.94.07 reaches it when certified
const SPEEDO = "9029.20.40.80"; // General Free; note 33(g) part (9903.94.05)
const US_PROD = { certifications: ["auto-part-for-us-production-or-repair-note33p"] };

describe("certified production/repair parts of the deal partners (note 33(q)-(r), Nov 1, 2025) and Taiwan's parts (May 1, 2026)", () => {
  // 2025 rev 26 CR: 9903.94.33, .44/.45, .54/.55 added Nov 1, 2025 (PP 10984); rev 32 CR: .64/.65 added Nov 1, 2025.
  // 2026 rev 10 JSON: .45/.55/.65 '15%' where column 1 < 15% (2% + floor → 15% in all); .33 '10%' (a total).
  it("EU: Oct 31, 2025 — the reciprocal floor 15% (9903.02.20); Nov 1 — 9903.94.45, 15% in all, not 9903.94.07", () => {
    expect(headings(stack(VALVE, "DE", "2025-10-31", US_PROD))).not.toContain("9903.94.45");
    const s = stack(VALVE, "DE", "2025-11-01", US_PROD);
    expect(duty(s, "9903.94.45")).toBeDefined();
    expect(headings(s)).not.toContain("9903.94.07");
    expect(s.totalPercent).toBeCloseTo(15, 6);
  });
  it("Japan 9903.94.55 and Korea 9903.94.65 (KORUS claim: column 1-Special Free, still 15%)", () => {
    const jp = stack(VALVE, "JP", "2025-11-01", US_PROD);
    expect(duty(jp, "9903.94.55")).toBeDefined();
    expect(jp.totalPercent).toBeCloseTo(15, 6);
    const kr = stack(VALVE, "KR", "2025-11-01", { ...US_PROD, specialProgram: "KR" });
    expect(duty(kr, "9903.94.65")).toBeDefined();
    expect(kr.totalPercent).toBeCloseTo(15, 6);
  });
  it("UK: parts certified for UK automobiles — Oct 31, 2025: 2 + reciprocal 10 = 12%; Nov 1: 9903.94.33, 10% in all; certified for US production instead: 9903.94.07, 2 + 25 = 27%", () => {
    const uk = { certifications: ["auto-part-for-uk-automobiles-note33q"] };
    expect(stack(VALVE, "GB", "2025-10-31", uk).totalPercent).toBeCloseTo(12, 6);
    const s = stack(VALVE, "GB", "2025-11-01", uk);
    expect(duty(s, "9903.94.33")!.ratePercent).toBe(10);
    expect(s.totalPercent).toBeCloseTo(10, 6);
    const us = stack(VALVE, "GB", "2025-11-01", US_PROD);
    expect(duty(us, "9903.94.07")!.ratePercent).toBe(25);
    expect(us.totalPercent).toBeCloseTo(27, 6);
  });
  // 2026 rev 9 CR: 9903.94.66-.69 added May 1, 2026 (Notice); note 33(u) not in the mirror → uncertain.
  it("Taiwan: Apr 30, 2026 — 9903.94.07 (27%) and 9903.94.05 (25%); May 1 — 9903.94.69 and 9903.94.67, 15% in all, flagged uncertain", () => {
    expect(duty(stack(VALVE, "TW", "2026-04-30", US_PROD), "9903.94.07")!.ratePercent).toBe(25);
    const cert = stack(VALVE, "TW", "2026-05-01", US_PROD);
    expect(duty(cert, "9903.94.69")).toBeDefined();
    expect(cert.totalPercent).toBeCloseTo(15, 6);
    expect(cert.uncertain.some((u) => u.heading === "9903.94.69")).toBe(true);
    expect(duty(stack(SPEEDO, "TW", "2026-04-30"), "9903.94.05")!.ratePercent).toBe(25);
    const part = stack(SPEEDO, "TW", "2026-05-01");
    expect(duty(part, "9903.94.67")).toBeDefined();
    expect(headings(part)).not.toContain("9903.94.05");
    expect(part.totalPercent).toBeCloseTo(15, 6);
  });
});
