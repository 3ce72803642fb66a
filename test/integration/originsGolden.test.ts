import { beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../../src/engine/stackTypes.js";
import type { EntryFacts } from "../../src/engine/entryFacts.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { dutyLine as duty, exemptionLine as exemption, headingsOf as headings, singleStack } from "../support/stackLines.js";

/**
 * Golden cases for origins other than China (issue 13), collected view, default facts unless stated. Each total is
 * derived by hand from the texts cited: the column 1 rate of the line in the edition in force, the Chapter 99
 * heading's rate text, the order or CBP message that dates it. Abbreviations: CR = USITC change record; "notes" =
 * us/hts-notes/chapter99_2026_rev_6.txt.gz.
 */
let ts: Tariffscope;
beforeAll(async () => {
  ts = await openTariffscope();
});
const stack = (hts: string, origin: string, date: string, facts: EntryFacts = {}): Stack => singleStack(ts, hts, origin, date, facts);

describe("a German car (8703.23.01.90, column 1 General 2.5%)", () => {
  it("2025-04-03: 9903.94.01 +25% (Proclamation 10908, autos from Apr 3, 2025); no reciprocal layer yet — 27.5%", () => {
    const s = stack("8703.23.01.90", "DE", "2025-04-03");
    expect(duty(s, "9903.94.01")!.ratePercent).toBe(25);
    expect(s.totalPercent).toBeCloseTo(27.5, 6);
  });
  it("2025-08-01: the EU floor 9903.94.51 ('15%', column 1 below 15%; 2025 rev 24 CR: added Aug 1, 2025; CSMS 66336270) replaces 2.5% + 25% — 15%", () => {
    const s = stack("8703.23.01.90", "DE", "2025-08-01");
    expect(duty(s, "9903.94.51")!.ratePercent).toBe(15);
    expect(headings(s)).not.toContain("9903.94.01");
    expect(s.lines[0]!.effectivePercent).toBe(0); // the total replaces the column 1 rate
    expect(exemption(s, "9903.01.33")).toBeDefined(); // a 232 article is outside the reciprocal (EO 14257 sec. 3(b))
    expect(s.totalPercent).toBeCloseTo(15, 6);
  });
  it("2026-03-01: Section 122 does not reach a 232 auto (9903.03.06); the 232 floor stays — 15%", () => {
    const s = stack("8703.23.01.90", "DE", "2026-03-01");
    expect(exemption(s, "9903.03.06")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(15, 6);
  });
});

describe("a Japanese machine (8479.89.95.95, column 1 General 2.5%)", () => {
  it("2025-09-15: 9903.02.30 +15% on top of 2.5% (EO 14326, Aug 7) — 17.5%", () => {
    const s = stack("8479.89.95.95", "JP", "2025-09-15");
    expect(duty(s, "9903.02.30")!.ratePercent).toBe(15);
    expect(s.totalPercent).toBeCloseTo(17.5, 6);
  });
  it("2025-09-16: the Japan floor 9903.02.73 ('15%', 2025 rev 23 CR: added Sep 16, 9903.02.30 terminated; CSMS 66242844) — 15% in all", () => {
    const s = stack("8479.89.95.95", "JP", "2025-09-16");
    expect(duty(s, "9903.02.73")!.ratePercent).toBe(15);
    expect(headings(s)).not.toContain("9903.02.30");
    expect(s.totalPercent).toBeCloseTo(15, 6);
  });
  it("2026-03-01: Section 122 has no floor: 2.5% + 10% (9903.03.01) — 12.5%", () => {
    const s = stack("8479.89.95.95", "JP", "2026-03-01");
    expect(duty(s, "9903.03.01")!.ratePercent).toBe(10);
    expect(s.totalPercent).toBeCloseTo(12.5, 6);
  });
});

describe("a Vietnamese sweater (6110.20.20.10, column 1 General 16.5%)", () => {
  it("2025-04-09: 9903.01.72 +46% (2025 rev 7, 'product of Vietnam'; EO 14257 Annex I) — 62.5%", () => {
    const s = stack("6110.20.20.10", "VN", "2025-04-09");
    expect(duty(s, "9903.01.72")!.ratePercent).toBe(46);
    expect(headings(s)).not.toContain("9903.01.25");
    expect(s.totalPercent).toBeCloseTo(62.5, 6);
  });
  it("2025-04-10: country rates suspended (EO 14266; CSMS 64701128), back on 9903.01.25 +10% — 26.5%", () => {
    const s = stack("6110.20.20.10", "VN", "2025-04-10");
    expect(duty(s, "9903.01.25")!.ratePercent).toBe(10);
    expect(s.totalPercent).toBeCloseTo(26.5, 6);
  });
  it("2025-08-07: 9903.02.69 +20% (EO 14326; 2026 Basic CR: added Aug 7, 2025) — 36.5%", () => {
    const s = stack("6110.20.20.10", "VN", "2025-08-07");
    expect(duty(s, "9903.02.69")!.ratePercent).toBe(20);
    expect(headings(s)).not.toContain("9903.01.25");
    expect(s.totalPercent).toBeCloseTo(36.5, 6);
  });
  it("2026-03-01: 16.5% + Section 122 10% — 26.5%", () => {
    expect(stack("6110.20.20.10", "VN", "2026-03-01").totalPercent).toBeCloseTo(26.5, 6);
  });
});

describe("a Mexican truck part (8708.30.50.90, brakes: column 1 General 2.5%, Special 'Free (… S …)')", () => {
  it("2025-03-04: 9903.01.01 +25% on every product of Mexico (CSMS 64297292); USMCA gives only the free base — 25% qualifying, 27.5% not", () => {
    expect(stack("8708.30.50.90", "MX", "2025-03-04", { usmcaQualifying: true }).totalPercent).toBeCloseTo(25, 6);
    expect(stack("8708.30.50.90", "MX", "2025-03-04", { usmcaQualifying: false }).totalPercent).toBeCloseTo(27.5, 6);
  });
  it("2025-03-07: USMCA goods exempt (9903.01.04, CSMS 64335789) — 0% qualifying, 27.5% not", () => {
    const q = stack("8708.30.50.90", "MX", "2025-03-07", { usmcaQualifying: true });
    expect(exemption(q, "9903.01.04")).toBeDefined();
    expect(q.totalPercent).toBe(0);
    expect(stack("8708.30.50.90", "MX", "2025-03-07", { usmcaQualifying: false }).totalPercent).toBeCloseTo(27.5, 6);
  });
  it("default facts ask for the USMCA claim and apply the duty", () => {
    const s = stack("8708.30.50.90", "MX", "2025-03-07");
    expect(s.needsFacts.some((n) => n.fact === "usmcaQualifying")).toBe(true);
    expect(s.totalPercent).toBeCloseTo(27.5, 6);
  });
  it("2026-03-01: a 232 auto part (9903.94.05 +25%, outside Section 122 by 9903.03.06) — 27.5%; USMCA-qualifying: 9903.94.06 (note 33(h)(i)) and 9903.03.08 — 0%", () => {
    const s = stack("8708.30.50.90", "MX", "2026-03-01");
    expect(duty(s, "9903.94.05")!.ratePercent).toBe(25);
    expect(s.totalPercent).toBeCloseTo(27.5, 6);
    const q = stack("8708.30.50.90", "MX", "2026-03-01", { usmcaQualifying: true });
    expect(exemption(q, "9903.94.06")).toBeDefined();
    expect(q.totalPercent).toBe(0);
  });
});

describe("Canadian potash (3104.20.00.10, column 1 General free)", () => {
  it("2025-03-10 and 2025-08-05: 9903.01.15 +10% (CSMS 64336037), not the 25%/35% of 9903.01.10; USMCA-qualifying exempt (9903.01.14)", () => {
    for (const date of ["2025-03-10", "2025-08-05"]) {
      const s = stack("3104.20.00.10", "CA", date);
      expect(duty(s, "9903.01.15")!.ratePercent).toBe(10);
      expect(headings(s)).not.toContain("9903.01.10");
      expect(s.totalPercent).toBeCloseTo(10, 6);
      expect(s.uncertain.length).toBeGreaterThan(0); // the texts name no potash subheadings
    }
    expect(stack("3104.20.00.10", "CA", "2025-03-10", { usmcaQualifying: true }).totalPercent).toBe(0);
  });
  it("2026-03-01: fertilizers are Section 122 exceptions (9903.03.03, note 2(aa)(ii)) — 0%", () => {
    const s = stack("3104.20.00.10", "CA", "2026-03-01");
    expect(exemption(s, "9903.03.03")).toBeDefined();
    expect(s.totalPercent).toBe(0);
  });
});

describe("Brazilian coffee (0901.21.00.20) and aircraft parts (8807.30.00.30), column 1 General free", () => {
  it("coffee 2025-08-06: 9903.01.77 +40% (EO 14323, effective Aug 6) + 9903.01.25 +10% — 50%", () => {
    const s = stack("0901.21.00.20", "BR", "2025-08-06");
    expect(duty(s, "9903.01.77")!.ratePercent).toBe(40);
    expect(duty(s, "9903.01.25")!.ratePercent).toBe(10);
    expect(s.totalPercent).toBeCloseTo(50, 6);
  });
  it("coffee 2025-11-20: out of the 40% (EO 14361 Annex I from Nov 13, note 2(x)(iii)(a)) and the reciprocal (EO 14360, Annex II) — 0%", () => {
    const s = stack("0901.21.00.20", "BR", "2025-11-20");
    expect(exemption(s, "9903.01.81")).toBeDefined();
    expect(exemption(s, "9903.01.32")).toBeDefined();
    expect(s.totalPercent).toBe(0);
  });
  it("aircraft parts 2025-08-06: 9903.01.82 (civil aircraft, note 2(x)(iv)) takes out the 40%; 9903.01.25 +10% stays — 10%", () => {
    const s = stack("8807.30.00.30", "BR", "2025-08-06");
    expect(exemption(s, "9903.01.82")).toBeDefined();
    expect(headings(s)).not.toContain("9903.01.77");
    expect(s.totalPercent).toBeCloseTo(10, 6);
    expect(s.needsFacts.some((n) => n.fact === "civilAircraftArticle")).toBe(true);
    expect(stack("8807.30.00.30", "BR", "2025-08-06", { civilAircraftArticle: false }).totalPercent).toBeCloseTo(50, 6);
  });
  it("aircraft parts 2025-11-20: 9903.02.09 +10% (Brazil's reciprocal rate) — 10%", () => {
    const s = stack("8807.30.00.30", "BR", "2025-11-20");
    expect(duty(s, "9903.02.09")!.ratePercent).toBe(10);
    expect(s.totalPercent).toBeCloseTo(10, 6);
  });
  it("2026-03-01: coffee is a Section 122 exception (0%); aircraft parts pay 10% unless the general note 6 certification is made", () => {
    expect(stack("0901.21.00.20", "BR", "2026-03-01").totalPercent).toBe(0);
    expect(stack("8807.30.00.30", "BR", "2026-03-01").totalPercent).toBeCloseTo(10, 6);
    expect(stack("8807.30.00.30", "BR", "2026-03-01", { certifications: ["civil-aircraft-general-note-6"] }).totalPercent).toBe(0);
  });
});

describe("Indian shrimp (0306.17.00.42, column 1 General free)", () => {
  it("2025-08-27: 9903.02.26 +25% and 9903.01.84 +25% (EO 14329; CSMS 66027027) — 50%", () => {
    const s = stack("0306.17.00.42", "IN", "2025-08-27");
    expect(duty(s, "9903.02.26")!.ratePercent).toBe(25);
    expect(duty(s, "9903.01.84")!.ratePercent).toBe(25);
    expect(s.totalPercent).toBeCloseTo(50, 6);
  });
  it("2026-02-10: 9903.01.84 terminated Feb 7, 2026 (EO 14384; 2026 rev 3 CR; CSMS 67702087); the 25% reciprocal stays — 25%", () => {
    const s = stack("0306.17.00.42", "IN", "2026-02-10");
    expect(headings(s)).not.toContain("9903.01.84");
    expect(s.totalPercent).toBeCloseTo(25, 6);
    expect(stack("0306.17.00.42", "IN", "2026-02-06").totalPercent).toBeCloseTo(50, 6);
  });
  it("2026-03-01: IEEPA ended (EO 14389); Section 122 10% — 10%", () => {
    expect(stack("0306.17.00.42", "IN", "2026-03-01").totalPercent).toBeCloseTo(10, 6);
  });
});

describe("Swiss watches (9102.11.45.00: 40¢ each + 8.5% on the case + 2.8% on the strap + 5.3% on the battery)", () => {
  it("2025-11-13: 9903.02.58 +39% on top of the compound column 1 rate (the specific parts need quantities)", () => {
    const s = stack("9102.11.45.00", "CH", "2025-11-13");
    expect(duty(s, "9903.02.58")!.ratePercent).toBe(39);
    expect(s.additionalPercent).toBeCloseTo(39, 6);
    expect(s.needsFacts.some((n) => n.fact === "quantity")).toBe(true);
  });
  it("2025-11-14: the floor 9903.02.83 ('15%', 2026 Basic CR: added Nov 14, 2025; CSMS 67133044) replaces the compound rate — 15% in all", () => {
    const s = stack("9102.11.45.00", "CH", "2025-11-14");
    expect(duty(s, "9903.02.83")!.ratePercent).toBe(15);
    expect(headings(s)).not.toContain("9903.02.58");
    expect(s.lines[0]!.effectivePercent).toBe(0);
    expect(s.totalPercent).toBeCloseTo(15, 6);
  });
  it("2026-03-01: the compound column 1 rate + Section 122 10%", () => {
    const s = stack("9102.11.45.00", "CH", "2026-03-01");
    expect(duty(s, "9903.03.01")!.ratePercent).toBe(10);
    expect(s.additionalPercent).toBeCloseTo(10, 6);
  });
});

describe("the UK's Section 232 steel (7208.51.00.30, column 1 General free)", () => {
  it("2025-07-01: 9903.81.94 +25% (PP 10947 kept the UK at 25%; 2025 rev 14 CR: added Jun 4, 2025), where Germany pays 9903.81.87's 50%", () => {
    const uk = stack("7208.51.00.30", "GB", "2025-07-01");
    expect(duty(uk, "9903.81.94")!.ratePercent).toBe(25);
    expect(headings(uk)).not.toContain("9903.81.87");
    expect(uk.totalPercent).toBeCloseTo(25, 6);
    expect(duty(stack("7208.51.00.30", "DE", "2025-07-01"), "9903.81.87")!.ratePercent).toBe(50);
  });
});

describe("a floor is a formula of the line's column 1 rate, not a rate", () => {
  it("an EU good at or above 15% declares 9903.02.19 and pays only its column 1 rate (EU sweater 6110.20.20.10, 16.5%)", () => {
    const s = stack("6110.20.20.10", "DE", "2025-08-07");
    expect(duty(s, "9903.02.19")!.ratePercent).toBe(0);
    expect(headings(s)).not.toContain("9903.02.20");
    expect(s.totalPercent).toBeCloseTo(16.5, 6);
  });
  it("an EU good below 15% declares 9903.02.20 and pays 15% in all (German machine 8479.89.95.95, 2.5%)", () => {
    const s = stack("8479.89.95.95", "DE", "2025-08-07");
    expect(duty(s, "9903.02.20")!.ratePercent).toBe(15);
    expect(s.totalPercent).toBeCloseTo(15, 6);
  });
});

describe("coverage says what is missing per origin", () => {
  it("Canada lists the lumber note text, no longer the Section 338 measures (modelled); Germany neither the EU exemption nor the EU certified-parts headings (modelled); China is full", () => {
    const ca = stack("3104.20.00.10", "CA", "2026-03-01").coverage.missing.join(" ");
    expect(ca).toMatch(/lumber note text/);
    expect(ca).not.toMatch(/Section 338/);
    const de = stack("6110.20.20.10", "DE", "2025-08-07").coverage;
    expect(de.level).toBe("partial");
    expect(de.missing.join(" ")).not.toMatch(/9903\.02\.74/);
    expect(de.missing.join(" ")).not.toMatch(/9903\.94\.44/);
    expect(de.missing.join(" ")).toMatch(/country exclusions marked '\*'/);
    expect(de.missing.join(" ")).not.toMatch(/C civil aircraft/);
    expect(de.missing.join(" ")).not.toMatch(/FTA and GSP/);
    expect(stack("6110.20.20.10", "CN", "2025-08-07").coverage.level).toBe("full");
  });
});

describe("coverage read off the measures: product lists registered empty", () => {
  it("Canada's forced-labor 301 exceptions of note 52(g) are listed (the exemption 9903.05.93 reaches no line through them); China, listed full, has none", () => {
    const ca = stack("8479.89.95.95", "CA", "2026-08-01").coverage;
    expect(ca.missing.some((m) => /^s301-forced-labor: .*note 52\(g\).*9903\.05\.93.*reaches no line/.test(m))).toBe(true);
    const gb = stack("8479.89.95.95", "GB", "2026-08-01").coverage;
    expect(gb.missing.some((m) => /s232-pharma-note40.*reaches no line/.test(m))).toBe(true);
    const cn = stack("8479.89.95.95", "CN", "2026-08-01").coverage;
    expect(cn).toEqual({ level: "full", missing: [] });
  });
});

describe("coverage read off unmodelled-headings.yaml: country headings not modelled", () => {
  it("German goods list the suspended large civil aircraft 301 (9903.89.05-.63) and 9903.08.04-.15; Japan 9903.41; China none", () => {
    const de = stack("8479.89.95.95", "DE", "2026-06-01").coverage.missing;
    expect(de.some((m) => /^s301: 9903\.89\.05-9903\.89\.63 not modelled .*Duties suspended except on certain goods entered from foreign trade zones/.test(m))).toBe(true);
    expect(de.some((m) => /^other: 9903\.08\.04-9903\.08\.15 not modelled/.test(m))).toBe(true);
    const jp = stack("8479.89.95.95", "JP", "2026-06-01").coverage.missing;
    expect(jp.some((m) => /9903\.41\.05-9903\.41\.45 not modelled/.test(m))).toBe(true);
    expect(jp.some((m) => /9903\.89\.05/.test(m))).toBe(false);
    expect(stack("8479.89.95.95", "CN", "2026-06-01").coverage.missing).toEqual([]);
  });
});

describe("Canada and Mexico: donations and informational materials (9903.01.02/.03, 9903.01.11/.12)", () => {
  // 4901.99.00 printed books: General Free. Canada 35% from 2025-08-01 (9903.01.10, EO 14325); Mexico 25% (9903.01.01).
  it("a Canadian book on 2025-09-01 pays 35% unless certified informational material (9903.01.12: 0%); a Mexican donation is out of 9903.01.01 (9903.01.02)", () => {
    expect(stack("4901.99.00.10", "CA", "2025-09-01").totalPercent).toBeCloseTo(35, 6);
    const info = stack("4901.99.00.10", "CA", "2025-09-01", { certifications: ["informational-materials"] });
    expect(headings(info)).toContain("9903.01.12");
    expect(info.totalPercent).toBeCloseTo(0, 6);
    expect(stack("4901.99.00.10", "MX", "2025-09-01").totalPercent).toBeCloseTo(25, 6);
    const gift = stack("4901.99.00.10", "MX", "2025-09-01", { certifications: ["humanitarian-donation"] });
    expect(headings(gift)).toContain("9903.01.02");
    expect(gift.totalPercent).toBeCloseTo(0, 6);
  });
});
