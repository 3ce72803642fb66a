import { beforeAll, describe, expect, it } from "vitest";
import {
  readMetals232Annexes,
  readReciprocalAnnexI,
  readReciprocalAnnexII,
  readSection122Annexes,
  type Metals232Annexes,
  type Section122Annexes,
} from "../../src/sources/annexText.js";
import {
  autos232Lists,
  chapter99HeadingRows,
  copper232List,
  metals232NoteLists,
  noteText,
  readChapter99Notes,
  reciprocalExemptionLists,
  section122Lists,
  section301ReviewLists,
  semiconductors232List,
  trucks232Lists,
  wood232Lists,
  type Chapter99Notes,
} from "../../src/sources/chapter99Notes.js";
import { duplicateCodes, listMatches, type ProductList } from "../../src/sources/productList.js";
import { mirrorFile } from "../support/mirror.js";

/**
 * Counts and facts below were verified by reading the mirror texts (Chapter 99 as of 2026 Revision 6 and the
 * official annexes). Line numbers are lines of the decompressed text.
 */

const codes = (l: ProductList): string[] => l.entries.map((e) => e.code);
const sameSet = (a: ProductList, b: ProductList): void => expect(new Set(codes(a))).toEqual(new Set(codes(b)));

let notes: Chapter99Notes;
let s122: Section122Annexes;
let metals: Metals232Annexes;

beforeAll(async () => {
  notes = await readChapter99Notes(mirrorFile("us/hts-notes/chapter99_2026_rev_6.txt.gz"));
  s122 = await readSection122Annexes(
    mirrorFile("us/annexes/section122-2026-annex-1.txt"),
    mirrorFile("us/annexes/section122-2026-annex-2.txt"),
  );
  metals = await readMetals232Annexes(mirrorFile("us/annexes/section232-metals-2026-annexes.txt"));
});

describe("Chapter 99 text structure (2026 rev 6)", () => {
  it("finds the subchapter III notes and their line ranges", () => {
    const iii = notes.subchapters.find((s) => s.id === "III")!;
    expect(iii.line).toBe(12089);
    expect(iii.notesEndLine).toBe(36570);
    const n = (k: number) => iii.notes.find((x) => x.number === k)!;
    expect([n(2).startLine, n(2).endLine]).toEqual([12104, 15316]);
    expect([n(16).startLine, n(16).endLine]).toEqual([15649, 15996]);
    expect([n(31).startLine, n(31).endLine]).toEqual([34765, 35234]);
    expect([n(33).startLine, n(33).endLine]).toEqual([35304, 35924]);
    expect([n(39).startLine, n(39).endLine]).toEqual([36447, 36570]);
    expect(iii.notes.filter((x) => x.deleted).map((x) => x.number)).toEqual([
      4, 8, 9, 10, 11, 12, 22, 23, 24, 25, 26, 27, 28, 36,
    ]);
  });

  it("locates note 2 subdivisions", () => {
    const v3 = noteText(notes, { subchapter: "III", note: 2, subdivision: "(v)(iii)" })!;
    expect([v3.startLine, v3.endLine]).toEqual([12375, 12831]);
    const aa = noteText(notes, { subchapter: "III", note: 2, subdivision: "(aa)(ii)" })!;
    expect(aa.text).toContain("As provided in heading 9903.03.03");
    expect(noteText(notes, { subchapter: "III", note: 2, subdivision: "(v)(xviii)" })!.startLine).toBe(12919);
  });
});

describe("reciprocal tariff (EO 14257 annexes, note 2(v)(iii))", () => {
  it("Annex I lists 57 countries and territories; China 34%", async () => {
    const rows = await readReciprocalAnnexI(mirrorFile("us/annexes/reciprocal-2025-annex-1.txt"));
    expect(rows).toHaveLength(57);
    expect(rows.find((r) => r.country === "China")).toEqual({ country: "China", percent: 34, line: 17 });
    expect(rows.find((r) => r.country === "Vietnam")?.percent).toBe(46);
  });

  it("Annex II as published: 1,039 HTS-8 lines, without smartphones", async () => {
    const a2 = await readReciprocalAnnexII(mirrorFile("us/annexes/reciprocal-2025-annex-2.txt"));
    expect(a2.entries).toHaveLength(1039);
    expect(duplicateCodes(a2)).toEqual([]);
    expect(a2.source.lines).toEqual([13, 1678]);
    expect(a2.entries.every((e) => e.granularity === 8)).toBe(true);
    expect(listMatches(a2, "8517130000")).toBeUndefined();
    expect(listMatches(a2, "8471300100")).toBeUndefined();
    expect(listMatches(a2, "8542310000")?.text).toBe("Electronic integrated circuits: processors and controllers");
    expect(listMatches(a2, "7406100000")).toBeDefined(); // copper powders: in the original annex, removed later
  });

  it("note 2(v)(iii) as of rev 6: 1,082 provisions in (a) incl. the electronics-memo headings, 11 particular articles in (b)", async () => {
    const r = reciprocalExemptionLists(notes);
    expect(r.codes.entries).toHaveLength(1082);
    expect(r.codes.source.lines).toEqual([12382, 12800]);
    expect(r.codes.entries.filter((e) => e.granularity !== 8).map((e) => e.code)).toEqual([
      "8471",
      "847330",
      "8486",
      "8505110070",
      "8524",
      "8542",
    ]);
    // Smartphones: exempt since the Apr 11, 2025 memorandum (retroactive to Apr 5), absent from the original annex.
    expect(listMatches(r.codes, "8517130000")?.code).toBe("85171300");
    expect(listMatches(r.codes, "8471300100")?.code).toBe("8471");
    expect(listMatches(r.codes, "8505110070")?.granularity).toBe(10);
    expect(listMatches(r.codes, "8505110080")).toBeUndefined();
    // Later changes took copper articles (7406–7419) and wood (4401–4413) out of the list and added farm goods.
    expect(listMatches(r.codes, "7406100000")).toBeUndefined();
    expect(listMatches(r.codes, "7403110000")?.code).toBe("74031100"); // refined copper cathodes stay
    expect(listMatches(r.codes, "4407110000")).toBeUndefined();
    expect(listMatches(r.codes, "0901210000")?.code).toBe("09012100");
    const original = await readReciprocalAnnexII(mirrorFile("us/annexes/reciprocal-2025-annex-2.txt"));
    expect(listMatches(original, "0901210000")).toBeUndefined();

    expect(r.particularArticles.entries).toHaveLength(11);
    expect(r.particularArticles.source.lines).toEqual([12802, 12831]);
    expect(r.particularArticles.entries[0]).toMatchObject({ code: "08059001", line: 12805 });
    expect(r.particularArticles.entries[0]!.text).toContain("Etrogs");
  });
});

describe("Section 122 (note 2(aa), proclamation annexes)", () => {
  it("note 2(aa): 1,098 exempt provisions, 11 particular articles, 546 civil-aircraft provisions", () => {
    const s = section122Lists(notes);
    expect(s.exemptions.entries).toHaveLength(1098);
    expect(s.exemptions.source.lines).toEqual([14829, 15087]);
    expect(s.particularArticles.entries).toHaveLength(11);
    expect(s.particularArticles.source.lines).toEqual([15089, 15117]);
    expect(s.civilAircraft.entries).toHaveLength(546);
    expect(s.civilAircraft.source.lines).toEqual([15127, 15261]);
    expect(listMatches(s.exemptions, "8517130000")?.code).toBe("85171300");
    expect(listMatches(s.exemptions, "8471300100")?.code).toBe("84713001");
    expect(listMatches(s.exemptions, "2709002010")?.code).toBe("27090020");
    expect(listMatches(s.civilAircraft, "9802004000")?.code).toBe("98020040");
    expect(listMatches(s.exemptions, "9802004000")).toBeUndefined();
  });

  it("the proclamation's Annex I (note 2(aa) as proclaimed) matches rev 6, and Annex II tags every row", () => {
    const s = section122Lists(notes);
    sameSet(s122.annex1.exemptions, s.exemptions);
    sameSet(s122.annex1.particularArticles, s.particularArticles);
    sameSet(s122.annex1.civilAircraft, s.civilAircraft);
    expect(s122.annex1.headings.map((h) => h.heading)).toEqual(
      Array.from({ length: 11 }, (_, i) => `9903.03.${String(i + 1).padStart(2, "0")}`),
    );
    expect(s122.annex2.all.entries).toHaveLength(1655);
    expect(s122.annex2.exemptions.entries).toHaveLength(1098);
    expect(s122.annex2.particularArticles.entries).toHaveLength(11);
    expect(s122.annex2.civilAircraft.entries).toHaveLength(546);
    sameSet(s122.annex2.exemptions, s.exemptions);
    sameSet(s122.annex2.particularArticles, s.particularArticles);
    sameSet(s122.annex2.civilAircraft, s.civilAircraft);
    expect(listMatches(s122.annex2.all, "8505110070")?.text).toBe("Sintered neodymium-iron-boron magnets");
  });
});

describe("Section 232 programs in the notes", () => {
  it("note 33: 17 vehicle provisions (b), 130 parts provisions (g)", () => {
    const a = autos232Lists(notes);
    expect(a.vehicles.list.entries).toHaveLength(17);
    expect(a.vehicles.list.source.lines).toEqual([35340, 35349]);
    expect(a.vehicles.headings).toContain("9903.94.01");
    expect(listMatches(a.vehicles.list, "8703800000")?.code).toBe("87038000");
    expect(a.parts.list.entries).toHaveLength(130);
    expect(a.parts.list.source.lines).toEqual([35438, 35487]);
    expect(a.parts.headings).toContain("9903.94.05");
    expect(listMatches(a.parts.list, "8708295160")?.code).toBe("870829");
    expect(listMatches(a.parts.list, "8707100020")?.code).toBe("8707100020");
    expect(listMatches(a.parts.list, "8707100080")?.code).toBe("8707");
  });

  it("note 36 (copper) is deleted in rev 6", () => {
    expect(copper232List(notes)).toEqual({ present: false, reason: "36. [Note deleted.]", line: 36069 });
  });

  it("note 37: timber 15, upholstered furniture 4, kitchen cabinets 3", () => {
    const w = wood232Lists(notes);
    expect(w.timber.list.entries).toHaveLength(15);
    expect(w.timber.headings).toEqual(["9903.76.01"]);
    expect(w.upholsteredFurniture.list.entries.map((e) => e.code)).toEqual([
      "9401614011",
      "9401614031",
      "9401616011",
      "9401616031",
    ]);
    expect(w.upholsteredFurniture.headings[0]).toBe("9903.76.02");
    expect(w.kitchenCabinets.list.entries.map((e) => e.code)).toEqual(["9403409060", "9403608093", "9403910080"]);
    expect(w.kitchenCabinets.headings).toContain("9903.76.03");
  });

  it("note 38: trucks 25, buses 10, parts 182", () => {
    const t = trucks232Lists(notes);
    expect(t.trucks.list.entries).toHaveLength(25);
    expect(t.buses.list.entries).toHaveLength(10);
    expect(t.parts.list.entries).toHaveLength(182);
    expect([t.trucks.headings, t.buses.headings, t.parts.headings]).toEqual([
      ["9903.74.01"],
      ["9903.74.02"],
      ["9903.74.08"],
    ]);
    expect(t.parts.list.source.lines).toEqual([36371, 36419]);
  });

  it("note 39: three 6-digit provisions", () => {
    expect(codes(semiconductors232List(notes).list)).toEqual(["847150", "847180", "847330"]);
  });
});

describe("Section 232 metals from Apr 6, 2026 (note 16, proclamation annexes)", () => {
  const COUNTS: Record<string, number> = {
    "(c)(i)": 9,
    "(c)(ii)": 17,
    "(c)(iii)": 39,
    "(c)(iv)": 139,
    "(c)(v)": 76,
    "(c)(vi)": 105,
    "(c)(vii)": 301,
    "(c)(viii)": 4,
    "(c)(ix)": 13,
    "(c)(x)": 35,
  };

  it("note 16(c) lists in rev 6 have the proclaimed counts and contents", () => {
    const m = metals232NoteLists(notes);
    expect(Object.fromEntries(m.subdivisions.map((s) => [s.id, s.list.entries.length]))).toEqual(COUNTS);
    for (const s of m.subdivisions) {
      expect(duplicateCodes(s.list)).toEqual([]);
      sameSet(s.list, metals.note16Subdivisions.find((d) => d.id === s.id)!.list);
    }
  });

  it("7326.90.8688 is a (c)(iv) derivative steel article: heading 9903.82.02, +50% of full value", () => {
    const m = metals232NoteLists(notes);
    const hits = m.subdivisions.filter((s) => listMatches(s.list, "7326908688"));
    expect(hits.map((s) => s.id)).toEqual(["(c)(iv)"]);
    expect(hits[0]!.headings[0]).toEqual({
      heading: "9903.82.02",
      general: "The duty provided in the applicable subheading + 50%",
    });
    // Other statistical lines of 7326.90.86 fall elsewhere or nowhere.
    expect(m.subdivisions.filter((s) => listMatches(s.list, "7326908660")).map((s) => s.id)).toEqual(["(c)(vii)"]);
    expect(m.subdivisions.filter((s) => listMatches(s.list, "7326908650")).map((s) => s.id)).toEqual([]);
    const ia = metals.annexes.find((a) => a.id === "I-A")!;
    expect(listMatches(ia.list, "7326908688")).toMatchObject({
      rate: "50%",
      group: "Steel Derivatives",
      text: "Articles of iron or steel, nesoi",
    });
  });

  it("reads the 9903.82 heading rows of rev 6 with the subdivisions they cite", () => {
    const rows = chapter99HeadingRows(notes, "9903.82.");
    expect(rows.map((r) => r.heading)).toEqual(
      Array.from({ length: 18 }, (_, i) => `9903.82.${String(i + 2).padStart(2, "0")}`),
    );
    const r = Object.fromEntries(rows.map((x) => [x.heading, x]));
    expect(r["9903.82.02"]!.note16Subdivisions).toEqual(["(c)(i)", "(c)(ii)", "(c)(iii)", "(c)(iv)", "(c)(v)"]);
    expect(r["9903.82.09"]!.general).toBe("The duty provided in the applicable subheading + 25%");
    expect(r["9903.82.09"]!.note16Subdivisions).toEqual(["(c)(vi)", "(c)(vii)", "(c)(viii)"]);
    expect(r["9903.82.10"]!.general).toBe("15%");
    expect(r["9903.82.07"]!.general).toBe("10%");
    expect(r["9903.82.18"]!.note16Subdivisions).toEqual(["(c)(iii)"]);
    expect(r["9903.82.19"]!.note16Subdivisions).toEqual(["(c)(i)"]);
  });

  it("proclamation annexes: titles, counts and their match with note 16(c)", () => {
    const by = Object.fromEntries(metals.annexes.map((a) => [a.id, a]));
    expect(metals.annexes.map((a) => a.title)).toEqual([
      "Annex I-A: 50% Section 232 Tariff on Full Value",
      "Annex I-B: 25% Section 232 Tariff on Full Value",
      "Annex II: Removed from Scope of Section 232 Steel and Aluminum Derivatives",
      "Annex III: Temporary Reduction List for Section 232 Steel and Aluminum Derivatives",
      "Annex IV",
    ]);
    expect(metals.annexes.map((a) => a.list.entries.length)).toEqual([280, 410, 247, 48, 738]);
    expect(by["I-A"]!.note).toMatch(/^Note: A 50% ad valorem Section 232 tariff shall apply to the full value/);
    expect(by["I-B"]!.list.entries.every((e) => e.rate === "25%")).toBe(true);
    const group = (id: string, g: string): string[] =>
      by[id]!.list.entries.filter((e) => e.group === g).map((e) => e.code);
    const sub = (id: string): string[] => codes(metals.note16Subdivisions.find((d) => d.id === id)!.list);
    expect(new Set(group("I-A", "Steel"))).toEqual(new Set(sub("(c)(iii)")));
    expect(new Set(group("I-A", "Steel Derivatives"))).toEqual(new Set(sub("(c)(iv)")));
    expect(new Set(group("I-A", "Aluminum"))).toEqual(new Set(sub("(c)(i)")));
    expect(new Set(group("I-A", "Copper Articles"))).toEqual(new Set(sub("(c)(v)")));
    // Annex I-A prints three aluminum containers at 10 digits (".00.00"); note 16(c)(ii) prints them at 8 digits.
    const onlyAnnex = group("I-A", "Aluminum Derivatives").filter((c) => !sub("(c)(ii)").includes(c));
    expect(onlyAnnex).toEqual(["7612100000", "7612905000", "7613000000"]);
    expect(new Set(group("I-B", "Steel Derivatives"))).toEqual(new Set(sub("(c)(vii)")));
    expect(new Set(group("I-B", "Aluminum Derivative"))).toEqual(new Set(sub("(c)(vi)")));
    expect(new Set(group("I-B", "Copper Articles"))).toEqual(new Set(sub("(c)(viii)")));
    expect(new Set(group("III", "Steel Derivatives"))).toEqual(new Set(sub("(c)(x)")));
    expect(new Set(group("III", "Aluminum Derivatives"))).toEqual(new Set(sub("(c)(ix)")));
  });

  it("Annex IV headings carry the proclaimed rates", () => {
    const h = Object.fromEntries(metals.headings.map((x) => [x.heading, x]));
    expect(metals.headings).toHaveLength(16);
    expect(h["9903.82.02"]!.general).toBe("The duty provided in the applicable subheading + 50%");
    expect(h["9903.82.09"]!.general).toBe("The duty provided in the applicable subheading + 25%");
    expect(h["9903.82.10"]!.general).toBe("15%");
    expect(h["9903.82.11"]!.general).toBe("No change");
    expect(h["9903.82.04"]!.column2).toBe("No change");
  });
});

describe("Section 301 four-year review (note 31)", () => {
  it("assigns codes, dates and rates to each heading", () => {
    const by = Object.fromEntries(section301ReviewLists(notes).map((h) => [h.heading, h]));
    const summary = Object.fromEntries(
      Object.values(by).map((h) => [
        h.heading,
        [
          h.list.entries.length,
          h.from,
          h.before ?? null,
          h.general?.replace("The duty provided in the applicable subheading", "MFN"),
        ],
      ]),
    );
    expect(summary).toEqual({
      "9903.91.01": [348, "2024-09-27", null, "MFN + 25%"],
      "9903.91.02": [2, "2024-09-27", null, "MFN + 50%"],
      "9903.91.03": [10, "2024-09-27", null, "MFN + 100%"],
      "9903.91.04": [1, "2025-01-01", "2026-01-01", "MFN + 25%"],
      "9903.91.05": [18, "2025-01-01", null, "MFN + 50%"],
      "9903.91.06": [5, "2026-01-01", null, "MFN + 25%"],
      "9903.91.07": [5, "2026-01-01", null, "MFN + 50%"],
      "9903.91.08": [1, "2026-01-01", null, "MFN + 100%"],
      "9903.91.11": [3, "2025-01-01", null, "MFN + 25%"],
      "9903.91.12": [
        3,
        "2026-11-10",
        null,
        "The duty provided in subheadings 8716.39.00, 8716.90.30 or 8716.90.50 + 100%",
      ],
      "9903.91.13": [3, "2026-11-10", null, "MFN"],
      "9903.91.14": [1, "2026-11-10", null, "MFN + 100%"],
    });
    // "numbers (5) through (352), inclusive" — 348 printed.
    expect(by["9903.91.01"]!.statedCount).toBe(348);
    expect(by["9903.91.01"]!.list.source.lines).toEqual([34815, 34925]);
    expect(codes(by["9903.91.03"]!.list)).toContain("87038000");
    expect(codes(by["9903.91.07"]!.list)).toEqual([
      "6307909842",
      "6307909844",
      "6307909850",
      "6307909870",
      "6307909875",
    ]);
    expect(by["9903.91.12"]!.datesFrom).toBe("heading row");
  });
});
