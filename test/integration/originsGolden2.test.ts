import { describe, expect, it } from "vitest";
import {
  asksFor as asks,
  dutyLine as duty,
  exemptionLine as exemption,
  headingsOf as headings,
  ledgerStacks,
} from "../support/stackLines.js";

/**
 * Golden cases for the country measures added for issue 13 ("every origin"): the in-transit clauses of the reciprocal
 * country headings, the transshipment heading 9903.02.01, and the deal partners' exemption headings. Collected view.
 * Each total is derived by hand: column 1 General rate of the line (HTS edition in force) + the Chapter 99 heading's
 * rate text, dated by the change record (CR) or CBP message cited. "notes" = us/hts-notes/chapter99_2026_rev_6.txt.gz
 * (subdivision numbers of that printing). Every window boundary is tested on both sides.
 */
const stack = ledgerStacks();

// A Vietnamese cotton sweater: 6110.20.20.10, column 1 General 16.5% (every 2025 edition).
const SWEATER = "6110.20.20.10";

describe("in-transit, Phase 1 (Apr 9, 2025): 9903.01.72 (Vietnam +46%) excepts goods loaded before Apr 9", () => {
  // 2025 rev 7, 9903.01.72: "Except for goods loaded onto a vessel ... before 12:01 a.m. eastern daylight time on
  // April 9, 2025 ..."; CSMS 64680374: those goods pay the 10% of 9903.01.25. 16.5 + 10 = 26.5.
  it("loaded Apr 7: 9903.01.25 +10% instead of +46% — 26.5%", () => {
    const s = stack(SWEATER, "VN", "2025-04-09", { loadedOnVessel: "2025-04-07" });
    expect(duty(s, "9903.01.25")!.ratePercent).toBe(10);
    expect(headings(s)).not.toContain("9903.01.72");
    expect(s.notes.some((n) => n.includes("9903.01.72"))).toBe(true);
    expect(s.totalPercent).toBeCloseTo(26.5, 6);
  });
  it("loaded Apr 9 itself (not before): 9903.01.72 +46% — 62.5%", () => {
    const s = stack(SWEATER, "VN", "2025-04-09", { loadedOnVessel: "2025-04-09" });
    expect(duty(s, "9903.01.72")!.ratePercent).toBe(46);
    expect(headings(s)).not.toContain("9903.01.25");
    expect(s.totalPercent).toBeCloseTo(62.5, 6);
  });
  it("loaded Apr 4 (before Apr 5): 9903.01.28, no reciprocal duty at all — 16.5%", () => {
    const s = stack(SWEATER, "VN", "2025-04-09", { loadedOnVessel: "2025-04-04" });
    expect(exemption(s, "9903.01.28")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(16.5, 6);
  });
  it("default facts: not in transit (62.5%), and the answer asks for loadedOnVessel", () => {
    const s = stack(SWEATER, "VN", "2025-04-09");
    expect(s.totalPercent).toBeCloseTo(62.5, 6);
    expect(asks(s, "loadedOnVessel")).toBe(true);
  });
});

describe("in-transit, Phase 2 (loaded before Aug 7, entered before Oct 5, 2025)", () => {
  // 2025 rev 19, 9903.02.69 (Vietnam +20%): "Except for goods loaded onto a vessel ... before 12:01 a.m. eastern
  // daylight time on August 7, 2025, and entered ... before 12:01 a.m. eastern daylight time on October 5, 2025";
  // CSMS 65829726 "In-Transit": such articles of any country pay the 10% under 9903.01.25.
  it("entered Aug 7, loaded Aug 6: 9903.01.25 +10% — 26.5%", () => {
    const s = stack(SWEATER, "VN", "2025-08-07", { loadedOnVessel: "2025-08-06" });
    expect(duty(s, "9903.01.25")!.ratePercent).toBe(10);
    expect(headings(s)).not.toContain("9903.02.69");
    expect(s.totalPercent).toBeCloseTo(26.5, 6);
  });
  it("entered Aug 7, loaded Aug 7: 9903.02.69 +20% — 36.5%", () => {
    const s = stack(SWEATER, "VN", "2025-08-07", { loadedOnVessel: "2025-08-07" });
    expect(duty(s, "9903.02.69")!.ratePercent).toBe(20);
    expect(s.totalPercent).toBeCloseTo(36.5, 6);
  });
  it("loaded Aug 1, entered Oct 4 (last day): 26.5%; entered Oct 5: the country rate again — 36.5%", () => {
    expect(stack(SWEATER, "VN", "2025-10-04", { loadedOnVessel: "2025-08-01" }).totalPercent).toBeCloseTo(26.5, 6);
    const s = stack(SWEATER, "VN", "2025-10-05", { loadedOnVessel: "2025-08-01" });
    expect(duty(s, "9903.02.69")!.ratePercent).toBe(20);
    expect(s.totalPercent).toBeCloseTo(36.5, 6);
  });
  it("a Japanese machine (8479.89.95.95, 2.5%) entered Sep 16, loaded Aug 1: the Japan floor's own clause (2025 rev 32, 9903.02.73) — 2.5 + 10 = 12.5%", () => {
    const s = stack("8479.89.95.95", "JP", "2025-09-16", { loadedOnVessel: "2025-08-01" });
    expect(duty(s, "9903.01.25")!.ratePercent).toBe(10);
    expect(headings(s)).not.toContain("9903.02.73");
    expect(s.totalPercent).toBeCloseTo(12.5, 6);
  });
});

describe("transshipment 9903.02.01 (+40%, on a CBP determination; Aug 7, 2025 – Feb 23, 2026)", () => {
  // 2025 rev 19, 9903.02.01: "determined by U.S. Customs and Border Protection to have been transshipped ...": the
  // duty provided in the applicable subheading + 40%; 9903.02.69 excepts "as provided for in ... 9903.02.01"; CSMS
  // 65829726: CBP replaces the reciprocal heading with 9903.02.01. 16.5 + 40 = 56.5 (in lieu of +20%).
  it("Aug 7 with the determination: 9903.02.01 +40% replaces 9903.02.69 — 56.5%, flagged uncertain (EO 14326 not in the mirror)", () => {
    const s = stack(SWEATER, "VN", "2025-08-07", { cbpTransshipment: true });
    expect(duty(s, "9903.02.01")!.ratePercent).toBe(40);
    expect(headings(s)).not.toContain("9903.02.69");
    expect(s.uncertain.some((u) => u.heading === "9903.02.01")).toBe(true);
    expect(s.totalPercent).toBeCloseTo(56.5, 6);
  });
  it("default (no determination): 9903.02.69 — 36.5%", () => {
    const s = stack(SWEATER, "VN", "2025-08-07");
    expect(headings(s)).not.toContain("9903.02.01");
    expect(s.totalPercent).toBeCloseTo(36.5, 6);
  });
  it("Aug 6 (before the heading, CR 2025 rev 18: added Aug 7): baseline 9903.01.25 — 26.5%", () => {
    const s = stack(SWEATER, "VN", "2025-08-06", { cbpTransshipment: true });
    expect(headings(s)).not.toContain("9903.02.01");
    expect(s.totalPercent).toBeCloseTo(26.5, 6);
  });
  it("Feb 23, 2026 still 56.5%; Feb 24, 2026 gone with every IEEPA duty (EO 14389; CSMS 67834313)", () => {
    expect(stack(SWEATER, "VN", "2026-02-23", { cbpTransshipment: true }).totalPercent).toBeCloseTo(56.5, 6);
    expect(headings(stack(SWEATER, "VN", "2026-02-24", { cbpTransshipment: true }))).not.toContain("9903.02.01");
  });
});

describe("EU exemption headings from Sep 1, 2025 (CR 2025 rev 24; CSMS 66336270)", () => {
  // Natural cork 4501.10.00.00, column 1 Free: EU floor 9903.02.20 ("15%", column 1 below 15%) = 15% in all; from
  // Sep 1, 9903.02.74 (notes 2(v)(xx) lists 4501.10.00): the floor does not apply — 0%.
  it("cork Aug 31: 9903.02.20 — 15%; Sep 1: 9903.02.74 — 0%; Feb 23, 2026: 0%", () => {
    expect(duty(stack("4501.10.00.00", "DE", "2025-08-31"), "9903.02.20")!.ratePercent).toBe(15);
    const s = stack("4501.10.00.00", "DE", "2025-09-01");
    expect(exemption(s, "9903.02.74")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(0, 6);
    expect(stack("4501.10.00.00", "PT", "2026-02-23").totalPercent).toBeCloseTo(0, 6);
  });
  // Essential oils 3301.29.51 (column 1 Free): 9903.02.75 (notes 2(v)(xxi)(1)) only for oils "for religious purposes
  // only", a statement of the entry.
  it("essential oil of anise, Sep 1: floor 15% unless stated for religious use; stated — 9903.02.75, 0%", () => {
    expect(stack("3301.29.51.03", "IT", "2025-09-01").totalPercent).toBeCloseTo(15, 6);
    const s = stack("3301.29.51.03", "IT", "2025-09-01", { certifications: ["religious-use"] });
    expect(exemption(s, "9903.02.75")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(0, 6);
    expect(stack("3301.29.51.03", "IT", "2025-08-31", { certifications: ["religious-use"] }).totalPercent).toBeCloseTo(
      15,
      6,
    );
  });
  // Sulfuric acid 2807.00.00.00, column 1 Free, in notes 2(v)(xxiii) (not in Annex II): 9903.02.77 only for
  // "non-patented articles for use in pharmaceutical applications" — a statement of the entry.
  it("a listed pharmaceutical input, Sep 1: without the non-patented statement the floor applies (15%) and the answer asks; with it 9903.02.77 — 0%", () => {
    const plain = stack("2807.00.00.00", "IE", "2025-09-01");
    expect(plain.totalPercent).toBeCloseTo(15, 6);
    expect(asks(plain, "certifications")).toBe(true);
    const stated = stack("2807.00.00.00", "IE", "2025-09-01", { certifications: ["non-patented-pharmaceutical"] });
    expect(exemption(stated, "9903.02.77")).toBeDefined();
    expect(stated.totalPercent).toBeCloseTo(0, 6);
    expect(
      stack("2807.00.00.00", "IE", "2025-08-31", { certifications: ["non-patented-pharmaceutical"] }).totalPercent,
    ).toBeCloseTo(15, 6);
  });
  // A new cargo airplane 8802.40.01.60, column 1 Free: 9903.02.76 (notes 2(v)(xxii) lists 8802.40.01) for civil
  // aircraft articles; chapter 88 lines are aircraft goods by their terms (use default).
  it("a French airplane: Aug 31 — 15% (floor); Sep 1 — 0% (9903.02.76); stated not civil aircraft — 15%", () => {
    expect(stack("8802.40.01.60", "FR", "2025-08-31").totalPercent).toBeCloseTo(15, 6);
    const s = stack("8802.40.01.60", "FR", "2025-09-01");
    expect(exemption(s, "9903.02.76")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(0, 6);
    expect(stack("8802.40.01.60", "FR", "2025-09-01", { civilAircraftArticle: false }).totalPercent).toBeCloseTo(15, 6);
  });
  // Aluminum tubes 7608.20.00.30 (column 1 5.7%), listed in 2(v)(xxii): CSMS 66336270 takes civil aircraft articles
  // out of the 232 aluminum duty (Proclamation 9704) too. Aug 31: 5.7 + 50 (9903.85.02 on the aluminum content, default
  // the whole value; the reciprocal floor is off for a 232 article, 9903.01.33) = 55.7. Sep 1, civil aircraft: 5.7.
  it("EU aluminum tubes for civil aircraft: Aug 31 — 55.7%; Sep 1 — 5.7% (232 aluminum off); not stated (chapter 76 is a general provision) — 55.7% and the answer asks", () => {
    expect(stack("7608.20.00.30", "DE", "2025-08-31", { civilAircraftArticle: true }).totalPercent).toBeCloseTo(
      55.7,
      6,
    );
    const s = stack("7608.20.00.30", "DE", "2025-09-01", { civilAircraftArticle: true });
    expect(headings(s)).not.toContain("9903.85.02");
    expect(s.totalPercent).toBeCloseTo(5.7, 6);
    const d = stack("7608.20.00.30", "DE", "2025-09-01");
    expect(d.totalPercent).toBeCloseTo(55.7, 6);
    expect(asks(d, "civilAircraftArticle")).toBe(true);
  });
  it("EU aluminum tubes for civil aircraft on Apr 6, 2026: no 9903.82.02 (note 2(v)(xxii) as modified by PP 11021, CR 2026 rev 5)", () => {
    const s = stack("7608.20.00.30", "DE", "2026-04-06", { civilAircraftArticle: true });
    expect(headings(s)).not.toContain("9903.82.02");
    expect(exemption(s, "9903.02.76")).toBeDefined();
    expect(duty(stack("7608.20.00.30", "DE", "2026-04-06"), "9903.82.02")!.ratePercent).toBe(50);
  });
});

describe("civil aircraft headings of Japan, Korea and the UK (8802.40.01.60, column 1 Free)", () => {
  it("Japan: Sep 15, 2025 — 9903.02.30 +15%; Sep 16 — 9903.96.02 (note 35(b); CR 2025 rev 23; CSMS 66242844) — 0%", () => {
    expect(duty(stack("8802.40.01.60", "JP", "2025-09-15"), "9903.02.30")!.ratePercent).toBe(15);
    const s = stack("8802.40.01.60", "JP", "2025-09-16");
    expect(exemption(s, "9903.96.02")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(0, 6);
  });
  it("South Korea: Nov 13, 2025 — 9903.02.56 +15%; Nov 14 — 9903.02.81 (note 2(v)(xxiv)(b); CR 2025 rev 32; CSMS 66987366) — 0%", () => {
    expect(duty(stack("8802.40.01.60", "KR", "2025-11-13"), "9903.02.56")!.ratePercent).toBe(15);
    const s = stack("8802.40.01.60", "KR", "2025-11-14");
    expect(exemption(s, "9903.02.81")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(0, 6);
  });
  it("United Kingdom: Jun 29, 2025 — 9903.01.25 +10%; Jun 30 — 9903.96.01 (note 35(a)) — 0%; Aug 7 — 0% (9903.02.66 excepts 9903.96.01, rev 25 technical correction)", () => {
    expect(stack("8802.40.01.60", "GB", "2025-06-29").totalPercent).toBeCloseTo(10, 6);
    const s = stack("8802.40.01.60", "GB", "2025-06-30");
    expect(exemption(s, "9903.96.01")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(0, 6);
    expect(stack("8802.40.01.60", "GB", "2025-08-07").totalPercent).toBeCloseTo(0, 6);
    expect(
      duty(stack("8802.40.01.60", "GB", "2025-08-07", { civilAircraftArticle: false }), "9903.02.66")!.ratePercent,
    ).toBe(10);
  });
});

describe("Switzerland and Liechtenstein exemption headings from Nov 14, 2025 (2026 Basic CR; CSMS 67133044)", () => {
  // Live rabbits 0106.14.00.00, column 1 Free, listed in notes 2(v)(xxv)(b). Before Nov 14 Switzerland is on
  // 9903.02.58 (+39%), Liechtenstein on 9903.02.36 (+15%); from Nov 14 their floors 9903.02.83 / .88 do not apply.
  it("a Swiss rabbit: Nov 13 — 39%; Nov 14 — 9903.02.84, 0%", () => {
    expect(stack("0106.14.00.00", "CH", "2025-11-13").totalPercent).toBeCloseTo(39, 6);
    const s = stack("0106.14.00.00", "CH", "2025-11-14");
    expect(exemption(s, "9903.02.84")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(0, 6);
  });
  it("a Liechtenstein rabbit: Nov 13 — 15%; Nov 14 — 9903.02.89, 0%", () => {
    expect(stack("0106.14.00.00", "LI", "2025-11-13").totalPercent).toBeCloseTo(15, 6);
    expect(exemption(stack("0106.14.00.00", "LI", "2025-11-14"), "9903.02.89")).toBeDefined();
  });
  it("a Swiss airplane (9903.02.85) and a Swiss non-patented pharmaceutical input (9903.02.86): 0% on Nov 14; the input without the statement: floor 15%", () => {
    expect(exemption(stack("8802.40.01.60", "CH", "2025-11-14"), "9903.02.85")).toBeDefined();
    const stated = stack("2807.00.00.00", "CH", "2025-11-14", { certifications: ["non-patented-pharmaceutical"] });
    expect(exemption(stated, "9903.02.86")).toBeDefined();
    expect(stated.totalPercent).toBeCloseTo(0, 6);
    expect(duty(stack("2807.00.00.00", "CH", "2025-11-14"), "9903.02.83")!.ratePercent).toBe(15);
  });
  it("a Liechtenstein airplane (9903.02.90) and non-patented input (9903.02.91): 0% on Nov 14", () => {
    expect(stack("8802.40.01.60", "LI", "2025-11-14").totalPercent).toBeCloseTo(0, 6);
    expect(exemption(stack("8802.40.01.60", "LI", "2025-11-14"), "9903.02.90")).toBeDefined();
    const stated = stack("2807.00.00.00", "LI", "2025-11-14", { certifications: ["non-patented-pharmaceutical"] });
    expect(exemption(stated, "9903.02.91")).toBeDefined();
  });
});

describe("Section 232 country variants: Korea autos floor (Nov 1, 2025) and Russia aluminum at 200%", () => {
  // Korea: 2025 rev 32 CR, 9903.94.60-.63 added Nov 1, 2025; 9903.94.61 "15%" for a line whose column 1 General is
  // below 15% (notes 33(s)), in lieu of 9903.94.01 (+25%). Car 8703.23.01.90, column 1 2.5%.
  it("a Korean car: Oct 31 — 2.5 + 25 (9903.94.01) = 27.5%; Nov 1 — 9903.94.61, 15% in all", () => {
    expect(duty(stack("8703.23.01.90", "KR", "2025-10-31"), "9903.94.01")!.ratePercent).toBe(25);
    expect(stack("8703.23.01.90", "KR", "2025-10-31").totalPercent).toBeCloseTo(27.5, 6);
    const s = stack("8703.23.01.90", "KR", "2025-11-01");
    expect(duty(s, "9903.94.61")!.ratePercent).toBe(15);
    expect(headings(s)).not.toContain("9903.94.01");
    expect(s.totalPercent).toBeCloseTo(15, 6);
  });
  it("a Korean stamping (8708.29.51.10, 2.5%, a vehicle part by default): Oct 31 — 27.5%; Nov 1 — 9903.94.63, 15%", () => {
    expect(stack("8708.29.51.10", "KR", "2025-10-31").totalPercent).toBeCloseTo(27.5, 6);
    const s = stack("8708.29.51.10", "KR", "2025-11-01");
    expect(duty(s, "9903.94.63")!.ratePercent).toBe(15);
    expect(s.totalPercent).toBeCloseTo(15, 6);
  });
  // Russia: 9903.85.67 "+ 200%" (2025 rev 19), note 19(m)(A): from Mar 12, 2025 on the full value of aluminum articles
  // of subdivision (g) of Russia; 9903.85.02 excepts 9903.85.67. Before Mar 12, 2025 note 19(a)(vii)(A) (9903.85.01
  // at 10% excepted likewise). Unwrought aluminum 7601.10.60.30, column 1 Free: 200%.
  // Russia is a column 2 country (column2.yaml); 7601.10.60 is in U.S. note 30(d): 9903.90.09 70% in lieu of column 2 (11%).
  it("Russian unwrought aluminum: Mar 11, 2025 — 200% (flagged: Proclamation 10522 not in the mirror); Mar 12 — 200% under note 19(m)(A), no 25% of 9903.85.02; with 9903.90.09 70% — 270%", () => {
    const before = stack("7601.10.60.30", "RU", "2025-03-11");
    expect(duty(before, "9903.85.67")!.ratePercent).toBe(200);
    expect(headings(before)).not.toContain("9903.85.01");
    expect(before.uncertain.some((u) => u.heading === "9903.85.67")).toBe(true);
    const s = stack("7601.10.60.30", "RU", "2025-03-12");
    expect(duty(s, "9903.85.67")!.ratePercent).toBe(200);
    expect(headings(s)).not.toContain("9903.85.02");
    expect(duty(s, "9903.90.09")!.ratePercent).toBe(70);
    expect(s.totalPercent).toBeCloseTo(270, 6);
  });
  it("Russian aluminum tubes (7608.20.00.30, column 2 45%) on Jul 1, 2025: 200% on the full value (not the 50% on content) — 245%; Mar 9, 2023 (before PP 10522): 9903.85.01 10%", () => {
    const s = stack("7608.20.00.30", "RU", "2025-07-01");
    expect(duty(s, "9903.85.67")!.valueShare).toBe(1);
    expect(s.lines[0]!.ratePercent).toBe(45);
    expect(s.totalPercent).toBeCloseTo(245, 6);
    expect(duty(stack("7601.10.60.30", "RU", "2023-03-09"), "9903.85.01")!.ratePercent).toBe(10);
  });
  // From Apr 6, 2026 (PP 11021; CR 2026 rev 5) 9903.82.02 (+50%) reads "Except as provided for in headings 9903.82.14,
  // 9903.85.67 and 9903.85.68", and 2026 rev 10 still prints 9903.85.67 at + 200%: still 200%, no 9903.82.02.
  it("Apr 6, 2026: 9903.85.67 still applies (200%), in lieu of 9903.82.02", () => {
    const s = stack("7601.10.60.30", "RU", "2026-04-06");
    expect(duty(s, "9903.85.67")!.ratePercent).toBe(200);
    expect(headings(s)).not.toContain("9903.82.02");
    expect(duty(stack("7601.10.60.30", "KZ", "2026-04-06"), "9903.82.02")!.ratePercent).toBe(50);
  });
});

describe("in-transit exception headings of the India and Brazil duties (declared: 9903.01.85, 9903.01.78)", () => {
  // Indian shrimp 0306.17.00.42, column 1 Free: 9903.02.26 (India reciprocal, +25%) + 9903.01.84 (+25%, Aug 27,
  // 2025). 9903.01.85 (2025 rev 24; CR 2025 rev 20: added Aug 27): loaded before Aug 27 and entered before Sep 17,
  // 2025: no 9903.01.84 — 25%.
  it("Indian shrimp loaded Aug 20: entered Sep 16 — 25% (9903.01.85 declared); entered Sep 17 — 50%", () => {
    const s = stack("0306.17.00.42", "IN", "2025-09-16", { loadedOnVessel: "2025-08-20" });
    expect(exemption(s, "9903.01.85")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(25, 6);
    expect(stack("0306.17.00.42", "IN", "2025-09-17", { loadedOnVessel: "2025-08-20" }).totalPercent).toBeCloseTo(
      50,
      6,
    );
    expect(stack("0306.17.00.42", "IN", "2025-09-16", { loadedOnVessel: "2025-08-27" }).totalPercent).toBeCloseTo(
      50,
      6,
    );
  });
  // Brazilian arabica 0901.11.00.25, column 1 Free, on Aug 6, 2025: 9903.01.25 +10% and 9903.01.77 +40% (coffee is
  // not in the original Annex I). 9903.01.78 (CR 2025 rev 18: added Aug 6): loaded before Aug 6 and entered before
  // Oct 5: no 40% — 10%.
  it("Brazilian coffee loaded Aug 1: entered Aug 6 — 10% (9903.01.78); loaded Aug 6 — 50%", () => {
    const s = stack("0901.11.00.25", "BR", "2025-08-06", { loadedOnVessel: "2025-08-01" });
    expect(exemption(s, "9903.01.78")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(10, 6);
    expect(stack("0901.11.00.25", "BR", "2025-08-06", { loadedOnVessel: "2025-08-06" }).totalPercent).toBeCloseTo(
      50,
      6,
    );
  });
});

describe("UK autos within the quota (9903.94.31) and UK parts (9903.94.32), from Jun 30, 2025", () => {
  // 2025 rev 19, 9903.94.31: "+ 7.5%" for UK passenger vehicles of note 33(i) entered under its quota (65,205 in
  // 2025); effective Jun 30, 2025 (compiler's note; the change record misprints 3025). Car 8703.23.01.90, column 1
  // 2.5%: 2.5 + 7.5 = 10%. Beyond the quota: 9903.94.01 +25% = 27.5%.
  it("a UK car: Jun 29 — 27.5% (9903.94.01); Jun 30 within the quota (default, asked) — 10%; beyond it — 27.5%", () => {
    expect(stack("8703.23.01.90", "GB", "2025-06-29").totalPercent).toBeCloseTo(27.5, 6);
    const s = stack("8703.23.01.90", "GB", "2025-06-30");
    expect(duty(s, "9903.94.31")!.ratePercent).toBe(7.5);
    expect(headings(s)).not.toContain("9903.94.01");
    expect(asks(s, "withinQuota")).toBe(true);
    expect(s.totalPercent).toBeCloseTo(10, 6);
    const over = stack("8703.23.01.90", "GB", "2025-06-30", { withinQuota: false });
    expect(duty(over, "9903.94.01")!.ratePercent).toBe(25);
    expect(over.totalPercent).toBeCloseTo(27.5, 6);
  });
  // 9903.94.32 prints a bare "10%" (a total) for the statistical reporting numbers of note 33(j), e.g. 8708.29.5110:
  // 10% in all instead of 2.5 + 25.
  it("a UK stamping (8708.29.51.10): Jun 29 — 27.5%; Jun 30 — 9903.94.32, 10% in all", () => {
    expect(stack("8708.29.51.10", "GB", "2025-06-29").totalPercent).toBeCloseTo(27.5, 6);
    const s = stack("8708.29.51.10", "GB", "2025-06-30");
    expect(duty(s, "9903.94.32")!.ratePercent).toBe(10);
    expect(headings(s)).not.toContain("9903.94.05");
    expect(s.totalPercent).toBeCloseTo(10, 6);
  });
});

describe("Canada's transshipment heading 9903.01.16 (from Aug 1, 2025)", () => {
  // 2025 rev 19, 9903.01.16: "+ 40%" for Canadian goods CBP determines to have been transshipped; CSMS 65798609: "in
  // lieu of the rates that would otherwise be applicable under 9903.01.10, 9903.01.13 and 9903.01.15"; except
  // 9903.01.14 (USMCA). Sweater 6110.20.20.10, 16.5%: 16.5 + 40 = 56.5 instead of 16.5 + 35.
  it("a Canadian sweater on Aug 1, 2025: 51.5% (9903.01.10 +35%); with the determination 56.5% (9903.01.16); USMCA-qualifying: 0%", () => {
    expect(stack(SWEATER, "CA", "2025-08-01").totalPercent).toBeCloseTo(51.5, 6);
    const s = stack(SWEATER, "CA", "2025-08-01", { cbpTransshipment: true });
    expect(duty(s, "9903.01.16")!.ratePercent).toBe(40);
    expect(headings(s)).not.toContain("9903.01.10");
    expect(s.totalPercent).toBeCloseTo(56.5, 6);
    expect(
      stack(SWEATER, "CA", "2025-08-01", { cbpTransshipment: true, usmcaQualifying: true }).totalPercent,
    ).toBeCloseTo(0, 6);
  });
  it("Jul 31, 2025 (before the heading, CR 2025 rev 17): no 9903.01.16 even with the determination", () => {
    expect(headings(stack(SWEATER, "CA", "2025-07-31", { cbpTransshipment: true }))).not.toContain("9903.01.16");
  });
});

describe("the 232 side of the Japan and Korea civil aircraft headings; none for Switzerland", () => {
  // CSMS 66242844 (Japan, Sep 16, 2025) and 66987366 (Korea, Nov 14, 2025) take civil aircraft articles out of
  // Proclamations 9704/9705/10962; note 2(v)(xxv)(c) (Switzerland) names only the floor headings. Aluminum tubes
  // 7608.20.00.30 (5.7%) stated civil aircraft: 5.7 + 50 (9903.85.02) = 55.7 before, 5.7 after.
  it("Japan: Sep 15 — 55.7%; Sep 16 — 5.7% (9903.96.02)", () => {
    expect(stack("7608.20.00.30", "JP", "2025-09-15", { civilAircraftArticle: true }).totalPercent).toBeCloseTo(
      55.7,
      6,
    );
    const s = stack("7608.20.00.30", "JP", "2025-09-16", { civilAircraftArticle: true });
    expect(headings(s)).not.toContain("9903.85.02");
    expect(s.totalPercent).toBeCloseTo(5.7, 6);
  });
  it("Korea: Nov 13 — 55.7%; Nov 14 — 5.7% (9903.02.81); Switzerland on Nov 14 keeps the 232 aluminum — 55.7%", () => {
    expect(stack("7608.20.00.30", "KR", "2025-11-13", { civilAircraftArticle: true }).totalPercent).toBeCloseTo(
      55.7,
      6,
    );
    expect(stack("7608.20.00.30", "KR", "2025-11-14", { civilAircraftArticle: true }).totalPercent).toBeCloseTo(5.7, 6);
    expect(
      duty(stack("7608.20.00.30", "CH", "2025-11-14", { civilAircraftArticle: true }), "9903.85.02")!.ratePercent,
    ).toBe(50);
  });
});

describe("the Section 122 stack on 2026-03-01 for the new country measures (Proclamation 11012: +10% except 232 articles, 9903.03.06)", () => {
  it("UK car within the quota — 10% (232 article, no 122); Korean car — 15%; Russian aluminum — 200% + 9903.90.09 70% = 270%; EU cork — 10% (the reciprocal exemption ended with IEEPA, 122 has no EU floor)", () => {
    const gb = stack("8703.23.01.90", "GB", "2026-03-01");
    expect(exemption(gb, "9903.03.06")).toBeDefined();
    expect(gb.totalPercent).toBeCloseTo(10, 6);
    expect(stack("8703.23.01.90", "KR", "2026-03-01").totalPercent).toBeCloseTo(15, 6);
    expect(stack("7601.10.60.30", "RU", "2026-03-01").totalPercent).toBeCloseTo(270, 6);
    const cork = stack("4501.10.00.00", "DE", "2026-03-01");
    expect(duty(cork, "9903.03.01")!.ratePercent).toBe(10);
    expect(cork.totalPercent).toBeCloseTo(10, 6);
  });
});

describe("aluminum of other origins smelted or cast in Russia (9903.85.69/.70, then .67/.68)", () => {
  // 2025 rev 19, 9903.85.69: "+ 200%" for aluminum articles "where any amount of primary aluminum ... is smelted in
  // Russia, or ... cast in Russia" (note 19(m)(A), from Mar 12, 2025, full value); 9903.85.02 excepts .69. Deleted
  // Apr 6, 2026 (2026 rev 5 CR), when 9903.85.67 (2026 rev 10) carries those goods. Kazakh unwrought aluminum
  // 7601.10.60.30, column 1 Free.
  it("Jul 1, 2025: with Russian smelt — 200% (9903.85.69, no 9903.85.02); without (default, asked) — 50%", () => {
    const s = stack("7601.10.60.30", "KZ", "2025-07-01", { russianAluminum: true });
    expect(duty(s, "9903.85.69")!.ratePercent).toBe(200);
    expect(headings(s)).not.toContain("9903.85.02");
    expect(s.totalPercent).toBeCloseTo(200, 6);
    const d = stack("7601.10.60.30", "KZ", "2025-07-01");
    expect(duty(d, "9903.85.02")!.ratePercent).toBe(50);
    expect(asks(d, "russianAluminum")).toBe(true);
  });
  it("Apr 6, 2026: 9903.85.67 (not the deleted .69) — 200%, no 9903.82.02; UK aluminum with Russian smelt on Jul 1, 2025 — 200%, not the UK 25%", () => {
    const s = stack("7601.10.60.30", "KZ", "2026-04-06", { russianAluminum: true });
    expect(duty(s, "9903.85.67")!.ratePercent).toBe(200);
    expect(headings(s)).not.toContain("9903.85.69");
    expect(headings(s)).not.toContain("9903.82.02");
    const gb = stack("7601.10.60.30", "GB", "2025-07-01", { russianAluminum: true });
    expect(headings(gb)).not.toContain("9903.85.12");
    expect(gb.totalPercent).toBeCloseTo(200, 6);
  });
});
