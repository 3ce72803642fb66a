import { describe, expect, it } from "vitest";
import type { Stack } from "../../src/engine/stackTypes.js";
import type { EntryFacts } from "../../src/engine/entryFacts.js";
import { readSection338List } from "../../src/sources/section338Annexes.js";
import { mirrorFile } from "../support/mirror.js";
import {
  asksFor as asks,
  dutyLine as duty,
  exemptionLine as exemption,
  headingsOf as headings,
  ledgerStacks,
} from "../support/stackLines.js";

/**
 * Section 338 on Canada (2026): U.S. note 51 and headings 9903.03.12-.16, inserted by Annex II of each proclamation
 * (alcohol PP 11046, dairy PP 11047, autos PP 11048), effective Aug 22, 2026 by the 2026 Rev 17 change record (the
 * annexes say Aug 19; PP 11056 is cited beside each). Rev 19 modified note 51(b)(1), (b)(3) and (c) from Sep 15, 2026
 * (texts not in the mirror: flagged). Collected view. Each total is derived by hand: the line's column 1 rate in the
 * 2026 Rev 10 edition (the last JSON edition) + each heading's rate: 9903.03.12/.13/.14 "The duty provided in the
 * applicable subheading + 50%" (Annex II), and for every Canadian line the forced-labor Section 301 heading 9903.05.29
 * (+10% from Jul 24, 2026), which note 51(a) leaves cumulative ("shall also be subject to any additional duty provided
 * for in this subchapter").
 */
const stackOf = ledgerStacks();
const stack = (hts: string, date: string, facts: EntryFacts = {}, origin = "CA"): Stack =>
  stackOf(hts, origin, date, facts);
const uncertainHeadings = (s: Stack): string[] => s.uncertain.map((u) => u.heading);

const BEER = "2203.00.00.30"; // beer of malt, in glass: General Free (alcohol list 51(b)(1))
const LACTOSE = "1702.11.00.00"; // lactose >= 99%: General 6.4% (dairy list 51(b)(2))
const TABLEWARE = "3924.10.40.00"; // plastic tableware, other: General 3.4% (autos list 51(b)(3))
const TURBO = "8414.80.05.00"; // turbocharger air compressors: General Free; 232 auto parts 9903.94.05 +25% (autos list)
const PHONE = "8517.13.00.00"; // smartphones: General Free (autos list and civil aircraft list 51(d))

describe("the annex lists (read from the mirror by the s338-annex reader)", () => {
  const annex = (name: string): string => mirrorFile(`us/annexes/section338-canada-${name}.txt`);
  it.each([
    ["alcohol", 63, "9903.03.12"],
    ["dairy", 52, "9903.03.13"],
    ["autos", 439, "9903.03.14"],
  ])(
    "%s: note 51(b) of Annex II has %i subheadings (heading %s), the same as Annex I",
    async (name, count, heading) => {
      const b = await readSection338List(annex(`${name}-annex-II`), "note51-b");
      const i = await readSection338List(annex(`${name}-annex-I`), "annex-i");
      expect(b.entries).toHaveLength(count);
      expect(b.source.where).toContain(heading);
      expect(i.entries.map((e) => e.code)).toEqual(b.entries.map((e) => e.code));
      expect(i.entries.every((e) => e.rate === "50%")).toBe(true);
    },
  );
  it("note 51(d): 554 civil aircraft provisions, 3917.21.00 to 9818.00.07", async () => {
    const d = await readSection338List(annex("alcohol-annex-II"), "note51-d");
    expect(d.entries).toHaveLength(554);
    expect(d.entries[0]!.code).toBe("39172100");
    expect(d.entries.at(-1)!.code).toBe("98180007");
  });
});

describe("9903.03.12 alcohol (+50%, from Aug 22, 2026)", () => {
  it("beer: Aug 21 — Free + 10% (9903.05.29) = 10%; Aug 22 — + 50% = 60%", () => {
    const before = stack(BEER, "2026-08-21");
    expect(headings(before)).not.toContain("9903.03.12");
    expect(before.totalPercent).toBeCloseTo(10, 6);
    const s = stack(BEER, "2026-08-22");
    expect(duty(s, "9903.03.12")!.ratePercent).toBe(50);
    expect(s.totalPercent).toBeCloseTo(60, 6);
  });
  it("Sep 14 — 60%, not flagged; Sep 15 — 60%, flagged (note 51(b)(1) and (c) modified by PP 11064/11065, not in the mirror)", () => {
    const sep14 = stack(BEER, "2026-09-14");
    expect(sep14.totalPercent).toBeCloseTo(60, 6);
    expect(uncertainHeadings(sep14)).not.toContain("9903.03.12");
    expect(uncertainHeadings(sep14)).not.toContain("9903.03.15");
    const sep15 = stack(BEER, "2026-09-15");
    expect(duty(sep15, "9903.03.12")!.ratePercent).toBe(50);
    expect(sep15.totalPercent).toBeCloseTo(60, 6);
    expect(uncertainHeadings(sep15)).toEqual(expect.arrayContaining(["9903.03.12", "9903.03.15"]));
  });
  it("hockey sticks (9506.99.25.40, General Free) are on the alcohol list too: 60%", () => {
    expect(duty(stack("9506.99.25.40", "2026-09-01"), "9903.03.12")!.ratePercent).toBe(50);
  });
  it("a chapter 98 claim (note 51(a), no heading of its own): no 50%, 10% in all; the note names the 9802 provisions that keep it", () => {
    const s = stack(BEER, "2026-09-01", { chapter98: true });
    expect(duty(s, "9903.03.12")).toBeUndefined();
    expect(s.totalPercent).toBeCloseTo(10, 6);
    expect(s.notes.some((n) => n.includes("9903.03.12") && n.includes("9802.00.80"))).toBe(true);
  });
  it("only products of Canada: Mexican beer pays no 9903.03.12", () => {
    expect(headings(stack(BEER, "2026-09-01", {}, "MX"))).not.toContain("9903.03.12");
  });
});

describe("9903.03.13 dairy (+50%, from Aug 22, 2026)", () => {
  it("lactose: Aug 21 — 6.4 + 10 = 16.4%; Aug 22 — 6.4 + 10 + 50 = 66.4%", () => {
    expect(stack(LACTOSE, "2026-08-21").totalPercent).toBeCloseTo(16.4, 6);
    const s = stack(LACTOSE, "2026-08-22");
    expect(duty(s, "9903.03.13")!.ratePercent).toBe(50);
    expect(s.totalPercent).toBeCloseTo(66.4, 6);
  });
  it("no USMCA exception (note 51(a): goods eligible under general note 3(c)(i) are subject): USMCA claim — Free + 10 + 50 = 60%", () => {
    const s = stack(LACTOSE, "2026-09-01", { usmcaQualifying: true });
    expect(duty(s, "9903.03.13")!.ratePercent).toBe(50);
    expect(s.totalPercent).toBeCloseTo(60, 6);
  });
  it("Sep 16: note 51(b)(2) was not modified, but note 51(c) was — the 50% stands, flagged by 9903.03.15 only", () => {
    const s = stack(LACTOSE, "2026-09-16");
    expect(s.totalPercent).toBeCloseTo(66.4, 6);
    expect(uncertainHeadings(s)).toContain("9903.03.15");
    expect(uncertainHeadings(s)).not.toContain("9903.03.13");
  });
});

describe("9903.03.14 autos (+50%, from Aug 22, 2026)", () => {
  it("plastic tableware: Aug 21 — 3.4 + 10 = 13.4%; Aug 22 — 3.4 + 10 + 50 = 63.4%", () => {
    expect(stack(TABLEWARE, "2026-08-21").totalPercent).toBeCloseTo(13.4, 6);
    const s = stack(TABLEWARE, "2026-08-22");
    expect(duty(s, "9903.03.14")!.ratePercent).toBe(50);
    expect(s.totalPercent).toBeCloseTo(63.4, 6);
  });
  it("Sep 14 not flagged; Sep 15 flagged (note 51(b)(3) modified by PP 11065)", () => {
    expect(uncertainHeadings(stack(TABLEWARE, "2026-09-14"))).not.toContain("9903.03.14");
    const s = stack(TABLEWARE, "2026-09-15");
    expect(s.totalPercent).toBeCloseTo(63.4, 6);
    expect(uncertainHeadings(s)).toContain("9903.03.14");
  });
  it("a Canadian line on no list (roasted coffee 0901.21.00.20, General Free): no Section 338 heading, 10% (9903.05.29)", () => {
    const s = stack("0901.21.00.20", "2026-09-01");
    expect(headings(s).some((h) => /^9903\.03\.1[2-6]$/.test(h))).toBe(false);
    expect(s.totalPercent).toBeCloseTo(10, 6);
  });
});

describe("9903.03.15 Section 232 articles (note 51(c))", () => {
  it("turbocharger: Aug 21 — Free + 232 auto parts 25% = 25% (9903.05.90 takes the 301 off); Aug 22 — 9903.03.15 keeps the 50% off: 25%", () => {
    const before = stack(TURBO, "2026-08-21");
    expect(headings(before)).not.toContain("9903.03.15");
    expect(before.totalPercent).toBeCloseTo(25, 6);
    const s = stack(TURBO, "2026-08-22");
    expect(duty(s, "9903.94.05")!.ratePercent).toBe(25);
    expect(exemption(s, "9903.03.15")).toBeDefined();
    expect(duty(s, "9903.03.14")).toBeUndefined();
    expect(s.totalPercent).toBeCloseTo(25, 6);
  });
  it("USMCA-qualifying: no 232 (9903.94.06) and still no 50% (note 51(c)(3), (6)): Free + 10% (9903.05.29) = 10%", () => {
    const s = stack(TURBO, "2026-09-01", { usmcaQualifying: true });
    expect(exemption(s, "9903.94.06")).toBeDefined();
    expect(exemption(s, "9903.03.15")).toBeDefined();
    expect(duty(s, "9903.03.14")).toBeUndefined();
    expect(s.totalPercent).toBeCloseTo(10, 6);
  });
});

describe("9903.03.16 civil aircraft (note 51(d))", () => {
  it("smartphone (on the autos and civil aircraft lists): by default not an aircraft article — Free + 10 + 50 = 60%, asked", () => {
    const s = stack(PHONE, "2026-09-01");
    expect(duty(s, "9903.03.14")!.ratePercent).toBe(50);
    expect(s.totalPercent).toBeCloseTo(60, 6);
    expect(asks(s, "civilAircraftArticle")).toBe(true);
  });
  it("Aug 21: no Section 338 duty to except — Free + 10% = 10%, no 9903.03.16 line", () => {
    const s = stack(PHONE, "2026-08-21", { civilAircraftArticle: true });
    expect(headings(s)).not.toContain("9903.03.16");
    expect(s.totalPercent).toBeCloseTo(10, 6);
  });
  it("an article of civil aircraft (general note 6): 9903.03.16 — 10%", () => {
    const s = stack(PHONE, "2026-09-01", { civilAircraftArticle: true });
    expect(exemption(s, "9903.03.16")).toBeDefined();
    expect(duty(s, "9903.03.14")).toBeUndefined();
    expect(s.totalPercent).toBeCloseTo(10, 6);
  });
  it("the fact does not reach a line outside the 51(d) list: beer stays at 60%", () => {
    expect(stack(BEER, "2026-09-01", { civilAircraftArticle: true }).totalPercent).toBeCloseTo(60, 6);
  });
});
