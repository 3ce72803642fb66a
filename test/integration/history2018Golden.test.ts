import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Stack, StackLine, StackResult } from "../../src/engine/stackTypes.js";
import { loadProductListRegistry } from "../../src/ledger/eventFiles.js";
import { resolveProductLists, type ResolvedList } from "../../src/ledger/productScopes.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { repoRoot } from "../support/mirror.js";

/**
 * Golden cases for the US measures of 2018-01-01 → 2024-12-31 (issue 11, item 1), each derived by hand from the texts
 * cited. "Note" = us/hts-notes/chapter99_2026_rev_6.txt.gz; "table" = us/section301/usitc-china-tariffs-2020-01-01.txt
 * (USITC "China Tariffs", Jan 1, 2020, which dates each 9903.88 heading). Base (MFN) rates before 2022 are not
 * asserted: the 2017 schedule is another item of the issue.
 */
let ts: Tariffscope;
let lists: Map<string, ResolvedList>;
beforeAll(async () => {
  ts = await openTariffscope();
  lists = await resolveProductLists(await loadProductListRegistry(join(repoRoot, "ledger", "us", "product-lists.yaml")));
});

const stack = (hts: string, date: string, facts = {}, origin = "CN"): Stack => {
  const r: StackResult = ts.stack({ hts, origin, date, facts });
  if (r.kind !== "single") throw new Error(`${hts}: expected one stack`);
  return r.stack;
};
/** The non-base lines that charge something (duties in force). */
const duties = (s: Stack): StackLine[] => s.lines.filter((l) => l.role === "duty" && l.status === "in-force");
const ofAuthority = (s: Stack, authority: string): StackLine[] => duties(s).filter((l) => l.authority === authority);
/** The one duty line of an authority, checked against the heading, rate and legal window it must carry. */
function expectOnly(s: Stack, authority: string, heading: string, rate: number, window: { from: string; to?: string }): void {
  const lines = ofAuthority(s, authority);
  expect(lines.map((l) => [l.heading, l.ratePercent])).toEqual([[heading, rate]]);
  expect(lines[0]!.status).toBe("in-force");
  expect(lines[0]!.window.from).toBe(window.from);
  expect(lines[0]!.window.to).toBe(window.to);
}
const additional = (s: Stack, authority: string): number => ofAuthority(s, authority).reduce((a, l) => a + l.effectivePercent, 0);

describe("Section 301 List 1 (9903.88.01, note 20(a)/(b); 83 FR 28710: entries on or after July 6, 2018)", () => {
  it("a nuclear reactor (8401.10.00) of China: nothing on July 5, 25% from July 6, 2018", () => {
    expect(ofAuthority(stack("8401.10.00.00", "2018-07-05"), "s301")).toEqual([]);
    const s = stack("8401.10.00.00", "2018-07-06");
    expect(ofAuthority(s, "s301").map((l) => [l.heading, l.ratePercent, l.window.from])).toEqual([["9903.88.01", 25, "2018-07-06"]]);
    expect(s.additionalPercent).toBe(25);
  });
  it("Hong Kong goods are not products of China for Section 301", () => {
    expect(ofAuthority(stack("8401.10.00.00", "2018-07-06", {}, "HK"), "s301")).toEqual([]);
  });
});

describe("Section 301 List 3 (9903.88.03): 10% from Sep 24, 2018; 25% from May 10, 2019; the 9903.88.09 transition", () => {
  const furniture = "9403.60.80.89"; // wooden furniture: note 20(f), table 9403.60.80 → 9903.88.03
  it("nothing on Sep 23, 2018; 10% under 9903.88.03 from Sep 24, 2018 through May 9, 2019", () => {
    expect(ofAuthority(stack(furniture, "2018-09-23"), "s301")).toEqual([]);
    expectOnly(stack(furniture, "2018-09-24"), "s301", "9903.88.03", 10, { from: "2018-09-24", to: "2019-05-10" });
    expectOnly(stack(furniture, "2019-05-09"), "s301", "9903.88.03", 10, { from: "2018-09-24", to: "2019-05-10" });
  });
  it("25% under the same heading from May 10, 2019", () => {
    expectOnly(stack(furniture, "2019-05-10"), "s301", "9903.88.03", 25, { from: "2019-05-10", to: undefined });
  });
  it("goods exported before May 10 and entered May 10 – June 14, 2019 pay 9903.88.09's 10% instead (note 20(l))", () => {
    const s = stack(furniture, "2019-05-20", { loadedOnVessel: "2019-05-05" });
    expectOnly(s, "s301", "9903.88.09", 10, { from: "2019-05-10", to: "2019-06-15" });
    expect(s.lines.map((l) => l.heading)).not.toContain("9903.88.03");
    expectOnly(stack(furniture, "2019-06-14", { loadedOnVessel: "2019-05-09" }), "s301", "9903.88.09", 10, { from: "2019-05-10", to: "2019-06-15" });
    // entered on June 15, or exported on May 10: 25%
    expectOnly(stack(furniture, "2019-06-15", { loadedOnVessel: "2019-05-05" }), "s301", "9903.88.03", 25, { from: "2019-05-10", to: undefined });
    expectOnly(stack(furniture, "2019-05-20", { loadedOnVessel: "2019-05-10" }), "s301", "9903.88.03", 25, { from: "2019-05-10", to: undefined });
  });
  it("a partial line of note 20(g) (9401.71.00.11, seats with metal frames) follows the same steps under 9903.88.04", () => {
    expectOnly(stack("9401.71.00.11", "2018-10-01"), "s301", "9903.88.04", 10, { from: "2018-09-24", to: "2019-05-10" });
    expectOnly(stack("9401.71.00.11", "2019-05-10"), "s301", "9903.88.04", 25, { from: "2019-05-10", to: undefined });
    expectOnly(stack("9401.71.00.11", "2019-05-20", { loadedOnVessel: "2019-05-01" }), "s301", "9903.88.09", 10, { from: "2019-05-10", to: "2019-06-15" });
  });
  it("answers of 2018–2024 say that the exclusions of 9903.88.05–.68 are not modelled (coverage.yaml notModelled); 2025 ones do not", () => {
    const note = (s: Stack): boolean => s.notes.some((n) => n.startsWith("not modelled: Section 301 product exclusions"));
    expect(note(stack(furniture, "2019-06-01"))).toBe(true);
    expect(note(stack(furniture, "2024-06-15"))).toBe(false);
    expect(note(stack("8401.10.00.00", "2018-07-05"))).toBe(false); // no Section 301 duty on the line that day
  });
  it("still 25% under 9903.88.03 in 2025", () => {
    expectOnly(stack(furniture, "2025-06-01"), "s301", "9903.88.03", 25, { from: "2019-05-10", to: undefined });
  });
  it("polysilicon (2804.61.00, table: 9903.88.03) is List 3 until 9903.91.05 (note 31(f)(i)) takes over on Jan 1, 2025", () => {
    expectOnly(stack("2804.61.00.00", "2018-09-24"), "s301", "9903.88.03", 10, { from: "2018-09-24", to: "2019-05-10" });
    expectOnly(stack("2804.61.00.00", "2024-12-31"), "s301", "9903.88.03", 25, { from: "2019-05-10", to: "2025-01-01" });
    expectOnly(stack("2804.61.00.00", "2019-05-20", { loadedOnVessel: "2019-05-01" }), "s301", "9903.88.09", 10, { from: "2019-05-10", to: "2019-06-15" });
    expectOnly(stack("2804.61.00.00", "2025-01-01"), "s301", "9903.91.05", 50, { from: "2025-01-01", to: undefined });
  });
});

describe("Section 301 List 4A (9903.88.15): 15% from Sep 1, 2019; 7.5% from Feb 14, 2020; List 4B never applied", () => {
  const sweater = "6110.20.20.10"; // table 6110.20.20 → 9903.88.15
  it("nothing on Aug 31, 2019; 15% Sep 1, 2019 – Feb 13, 2020; 7.5% from Feb 14, 2020, all under 9903.88.15", () => {
    expect(ofAuthority(stack(sweater, "2019-08-31"), "s301")).toEqual([]);
    expectOnly(stack(sweater, "2019-09-01"), "s301", "9903.88.15", 15, { from: "2019-09-01", to: "2020-02-14" });
    expectOnly(stack(sweater, "2020-02-13"), "s301", "9903.88.15", 15, { from: "2019-09-01", to: "2020-02-14" });
    expectOnly(stack(sweater, "2020-02-14"), "s301", "9903.88.15", 7.5, { from: "2020-02-14", to: undefined });
  });
  it("a List 4B product (0304.75.10, note 20(u)(i)) pays no Section 301 duty on Dec 16, 2019 (9903.88.16 suspended)", () => {
    const s = stack("0304.75.10.00", "2019-12-16");
    expect(ofAuthority(s, "s301")).toEqual([]);
    expect(s.additionalPercent).toBe(0);
  });
});

describe("the 2024 four-year review (note 31) replaces the list rate on its own days", () => {
  it("an electric vehicle (8703.80.00): List 1 25% from July 6, 2018 to Sep 26, 2024; 9903.91.03 100% from Sep 27, 2024", () => {
    expect(ofAuthority(stack("8703.80.00.20", "2018-07-05"), "s301")).toEqual([]);
    expectOnly(stack("8703.80.00.20", "2018-07-06"), "s301", "9903.88.01", 25, { from: "2018-07-06", to: "2024-09-27" });
    expectOnly(stack("8703.80.00.20", "2024-09-26"), "s301", "9903.88.01", 25, { from: "2018-07-06", to: "2024-09-27" });
    const s = stack("8703.80.00.20", "2024-09-27");
    expectOnly(s, "s301", "9903.91.03", 100, { from: "2024-09-27", to: undefined });
    expect(s.lines.map((l) => l.heading)).not.toContain("9903.88.01");
  });
  it("integrated circuits (8542.31.00, List 2): 25% from Aug 23, 2018 to Dec 31, 2024; 9903.91.05 50% from Jan 1, 2025", () => {
    expect(ofAuthority(stack("8542.31.00.15", "2018-08-22"), "s301")).toEqual([]);
    expectOnly(stack("8542.31.00.15", "2018-08-23"), "s301", "9903.88.02", 25, { from: "2018-08-23", to: "2025-01-01" });
    expectOnly(stack("8542.31.00.15", "2024-12-31"), "s301", "9903.88.02", 25, { from: "2018-08-23", to: "2025-01-01" });
    expectOnly(stack("8542.31.00.15", "2025-01-01"), "s301", "9903.91.05", 50, { from: "2025-01-01", to: undefined });
  });
});

describe("Section 232 steel and aluminum (China never excepted)", () => {
  const steel = "7208.10.15.00"; // hot-rolled flat steel; also List 4A in the table
  it("steel: nothing on Mar 22, 2018; 9903.80.01 25% Mar 23, 2018 – Mar 11, 2025; 9903.81.87 25% from Mar 12, 2025; 50% from Jun 4, 2025", () => {
    expect(ofAuthority(stack(steel, "2018-03-22"), "s232")).toEqual([]);
    expectOnly(stack(steel, "2018-03-23"), "s232", "9903.80.01", 25, { from: "2018-03-23", to: "2025-03-12" });
    expectOnly(stack(steel, "2025-03-11"), "s232", "9903.80.01", 25, { from: "2018-03-23", to: "2025-03-12" });
    const mar12 = stack(steel, "2025-03-12");
    expectOnly(mar12, "s232", "9903.81.87", 25, { from: "2025-03-12", to: "2025-06-04" });
    expect(mar12.lines.map((l) => l.heading)).not.toContain("9903.80.01");
    expect(ofAuthority(stack(steel, "2025-06-04"), "s232").map((l) => [l.heading, l.ratePercent])).toEqual([["9903.81.87", 50]]);
  });
  it("the same steel line: List 4A 15% → 7.5% until the review's 9903.91.01 (25%) replaces it on Sep 27, 2024 (note 31(b))", () => {
    expectOnly(stack(steel, "2019-09-01"), "s301", "9903.88.15", 15, { from: "2019-09-01", to: "2020-02-14" });
    expectOnly(stack(steel, "2024-09-26"), "s301", "9903.88.15", 7.5, { from: "2020-02-14", to: "2024-09-27" });
    expectOnly(stack(steel, "2024-09-27"), "s301", "9903.91.01", 25, { from: "2024-09-27", to: "2026-01-01" });
    expect(additional(stack(steel, "2024-09-27"), "s232")).toBe(25);
  });
  it("aluminum derivatives of Proclamation 9980 (stranded wire 7614.10.50, note 19(a)(iii)): 9903.85.03 10% from Feb 8, 2020", () => {
    expect(ofAuthority(stack("7614.10.50.00", "2020-02-07"), "s232")).toEqual([]);
    expectOnly(stack("7614.10.50.00", "2020-02-08"), "s232", "9903.85.03", 10, { from: "2020-02-08", to: "2025-03-12" });
  });
  it("aluminum (7601.10.60): 9903.85.01 10% from Mar 23, 2018", () => {
    expect(ofAuthority(stack("7601.10.60.90", "2018-03-22"), "s232")).toEqual([]);
    expectOnly(stack("7601.10.60.90", "2018-03-23"), "s232", "9903.85.01", 10, { from: "2018-03-23", to: "2025-03-12" });
  });
});

describe("Section 201 safeguards from Feb 7, 2018 (notes 17 and 18)", () => {
  const cell = "8541.42.00.10";
  it("a CSPV cell: nothing on Feb 6, 2018; 9903.45.22 30% from Feb 7, 2018; then 25, 20, 18 (not 15), 14.75, 14.5, 14.25", () => {
    expect(ofAuthority(stack(cell, "2018-02-06"), "s201")).toEqual([]);
    expectOnly(stack(cell, "2018-02-07"), "s201", "9903.45.22", 30, { from: "2018-02-07", to: "2019-02-07" });
    expectOnly(stack(cell, "2019-02-06"), "s201", "9903.45.22", 30, { from: "2018-02-07", to: "2019-02-07" });
    expectOnly(stack(cell, "2019-02-07"), "s201", "9903.45.22", 25, { from: "2019-02-07", to: "2020-02-07" });
    expectOnly(stack(cell, "2020-02-07"), "s201", "9903.45.22", 20, { from: "2020-02-07", to: "2021-02-07" });
    expectOnly(stack(cell, "2021-02-07"), "s201", "9903.45.22", 18, { from: "2021-02-07", to: "2022-02-07" });
    expectOnly(stack(cell, "2022-02-07"), "s201", "9903.45.22", 14.75, { from: "2022-02-07", to: "2023-02-07" });
    expectOnly(stack(cell, "2023-02-07"), "s201", "9903.45.22", 14.5, { from: "2023-02-07", to: "2024-02-07" });
    expectOnly(stack(cell, "2024-02-07"), "s201", "9903.45.22", 14.25, { from: "2024-02-07", to: "2025-02-07" });
  });
  it("in-quota cells (9903.45.21) pay no safeguard", () => {
    expect(ofAuthority(stack(cell, "2018-03-01", { certifications: ["solar-cells-within-trq-note18"] }), "s201")).toEqual([]);
  });
  it("the cell also pays List 2's 25% from Aug 23, 2018 (8541.40.60 in 2018), replaced by 9903.91.02's 50% on Sep 27, 2024", () => {
    const s = stack(cell, "2018-08-23");
    expectOnly(s, "s301", "9903.88.02", 25, { from: "2018-08-23", to: "2024-09-27" });
    expect(s.additionalPercent).toBe(55);
    expectOnly(stack(cell, "2024-09-27"), "s301", "9903.91.02", 50, { from: "2024-09-27", to: undefined });
  });
  it("modules (8541.43.00) follow note 18(h) under 9903.45.25", () => {
    expectOnly(stack("8541.43.00.10", "2018-02-07"), "s201", "9903.45.25", 30, { from: "2018-02-07", to: "2019-02-07" });
  });
  const washer = "8450.11.00.40";
  it("washers: 9903.45.01 in quota 20% from Feb 7, 2018; over quota 9903.45.02 50% (note 17(d)/(e))", () => {
    expect(ofAuthority(stack(washer, "2018-02-06"), "s201")).toEqual([]);
    expectOnly(stack(washer, "2018-02-07"), "s201", "9903.45.01", 20, { from: "2018-02-07", to: "2019-02-07" });
    const over = stack(washer, "2018-02-07", { certifications: ["washers-over-quota-note17"] });
    expectOnly(over, "s201", "9903.45.02", 50, { from: "2018-02-07", to: "2019-02-07" });
    expect(over.lines.map((l) => l.heading)).not.toContain("9903.45.01");
  });
  it("washers: year 3 runs through Feb 7, 2021 (16%), year 4 starts Feb 8 (15%); expired at the close of Feb 7, 2023", () => {
    expectOnly(stack(washer, "2021-02-07"), "s201", "9903.45.01", 16, { from: "2020-02-07", to: "2021-02-08" });
    expectOnly(stack(washer, "2021-02-08"), "s201", "9903.45.01", 15, { from: "2021-02-08", to: "2022-02-08" });
    expectOnly(stack(washer, "2023-02-07"), "s201", "9903.45.01", 14, { from: "2022-02-08", to: "2023-02-08" });
    expect(ofAuthority(stack(washer, "2023-02-08"), "s201")).toEqual([]);
  });
});

describe("Section 301 lists: note 20 (2026 printing) against the USITC table of Jan 1, 2020", () => {
  const n = (id: string): number => lists.get(id)!.codes.length;
  it("counts of the 8-digit lists", () => {
    // note 20 in HS 2022 nomenclature, less what the four-year review moved to note 31
    expect([n("s301-note20-b"), n("s301-note20-d"), n("s301-note20-f"), n("s301-note20-s-i")]).toEqual([856, 283, 5906, 2958]);
    // the table (2020 nomenclature): List 1 and 2 as in their 2018 annexes (818, 279)
    expect([n("s301-usitc-2020-99038801"), n("s301-usitc-2020-99038802"), n("s301-usitc-2020-99038803"), n("s301-usitc-2020-99038815")]).toEqual([818, 279, 5759, 3229]);
  });
  it("the moved subheadings: in the table under their list, named by a note 31 heading, absent from the 2026 note 20 list", () => {
    const moved: [string, string, number][] = [
      ["s301-list1-moved-to-99039103", "s301-note20-b", 8],
      ["s301-list1-moved-to-99039105", "s301-note20-b", 4],
      ["s301-list2-moved-to-99039105", "s301-note20-d", 6],
      ["s301-list3-moved-to-99039105", "s301-note20-f", 2],
      ["s301-list4a-moved-to-99039101", "s301-note20-s-i", 318],
    ];
    for (const [id, note, count] of moved) {
      const codes = lists.get(id)!.codes;
      expect(codes.length, id).toBe(count);
      const still = new Set(lists.get(note)!.codes);
      expect(codes.filter((c) => still.has(c)), id).toEqual([]);
    }
    expect(lists.get("s301-list1-moved-to-99039103")!.codes).toContain("87038000");
    expect(lists.get("s301-list3-moved-to-99039105")!.codes).toEqual(["28046100", "38180000"]);
  });
});
