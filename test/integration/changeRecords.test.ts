import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { changesFor, effectiveDatesFor, readChangeRecord, type ChangeRecord } from "../../src/sources/changeRecord.js";
import { EDITIONS, LATER_REVISIONS } from "../../src/schedule/editionRegister.js";
import { mirrorFile } from "../support/mirror.js";

/** Every change record of the mirror: the 44 archived editions and the later revisions 2026 rev 11–20. */
const SOURCES = [...EDITIONS, ...LATER_REVISIONS].map((e) => ({ id: e.id, rel: e.changeRecord! }));
const records = new Map<string, ChangeRecord>();

beforeAll(async () => {
  for (const s of SOURCES) records.set(s.id, await readChangeRecord(mirrorFile(s.rel), s.id));
});

const rec = (id: string): ChangeRecord => records.get(id)!;

describe("every change record in the mirror", () => {
  it("covers 54 records: 43 text extractions and 11 Markdown conversions", () => {
    expect(SOURCES).toHaveLength(54);
    const formats = [...records.values()].map((r) => r.format);
    expect(formats.filter((f) => f === "text")).toHaveLength(43);
    expect(formats.filter((f) => f === "markdown")).toHaveLength(11);
  });

  it.each(SOURCES.map((s) => s.id))("%s parses into rows, with its own title and a publication date", (id) => {
    const r = rec(id);
    expect(r.items.length).toBeGreaterThanOrEqual(1);
    expect(r.warnings.filter((w) => w.code === "EDITION_MISMATCH")).toEqual([]);
    if (id === "2025_basic")
      expect(r.publishedOn).toBeUndefined(); // headed "CHANGE RECORD (2025)", no date
    else expect(r.publishedOn).toMatch(/^20\d\d-\d\d-\d\d$/);
    for (const row of r.items) {
      expect(row.items.length, `line ${row.line}`).toBeGreaterThanOrEqual(1);
      expect(row.line).toBeGreaterThan(0);
    }
  });

  it("gives every undated row a warning on its line that says why", () => {
    for (const r of records.values()) {
      for (const row of r.items.filter((x) => x.effectiveDate === undefined)) {
        const why = r.warnings.find(
          (w) =>
            w.line === row.line &&
            ["NO_DATE", "DATE_NOT_APPLICABLE", "UNREADABLE_DATE", "IMPLAUSIBLE_DATE"].includes(w.code),
        );
        expect(why, `${r.edition} line ${row.line}`).toBeDefined();
      }
    }
  });

  it("leaves exactly the known rows undated", () => {
    const undated = (id: string): Record<string, number> => {
      const counts: Record<string, number> = {};
      const r = rec(id);
      for (const row of r.items.filter((x) => x.effectiveDate === undefined)) {
        const code = r.warnings.find((w) => w.line === row.line && /DATE/.test(w.code))!.code;
        counts[code] = (counts[code] ?? 0) + 1;
      }
      return counts;
    };
    const all: Record<string, Record<string, number>> = {};
    for (const id of records.keys()) {
      const u = undated(id);
      if (Object.keys(u).length > 0) all[id] = u;
    }
    expect(all).toEqual({
      "2025_basic": { DATE_NOT_APPLICABLE: 8 },
      "2025_rev_4": { DATE_NOT_APPLICABLE: 2 },
      "2025_rev_6": { DATE_NOT_APPLICABLE: 1 },
      // USITC printed "June 30, 3025" (for 2025) on these rows; 2026 Basic repeats them.
      "2025_rev_16": { IMPLAUSIBLE_DATE: 17 },
      "2026_basic": { IMPLAUSIBLE_DATE: 17, DATE_NOT_APPLICABLE: 3 },
      "2026_rev_5": { NO_DATE: 2 }, // Statistical Annexes A and B
      "2026_rev_8": { NO_DATE: 1 }, // Statistical Annex A
      "2026_rev_11": { NO_DATE: 1 }, // a row the Markdown conversion broke apart
    });
    const june3025 = rec("2025_rev_16").items.filter((x) => x.effectiveDateText === "June 30, 3025");
    expect(june3025).toHaveLength(17);
    expect(june3025.every((x) => x.effectiveDate === undefined)).toBe(true);
  });

  it("loses no dated row of the text extractions (cross-check against a plain scan of the lines)", () => {
    const cell =
      /(?:(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}|N\/A)\s{2,}\S/;
    for (const s of SOURCES.filter((x) => x.rel.endsWith(".txt"))) {
      const lines = readFileSync(mirrorFile(s.rel), "utf8").split("\n");
      const start = lines.findIndex((l) => /Item\s+changed/.test(l));
      const scanned = lines.map((l, i) => (i > start && cell.test(l) ? i + 1 : 0)).filter((n) => n > 0);
      const parsed = rec(s.id)
        .items.filter((r) => r.effectiveDateText !== "")
        .map((r) => r.line);
      expect(parsed, s.id).toEqual(scanned);
    }
  });
});

describe("known facts, checked against the files", () => {
  it("2025 rev 27: 9903.01.24 (China fentanyl 20→10%) takes legal effect on 2025-11-10, published 2025-11-07", () => {
    const r = rec("2025_rev_27");
    expect(r.publishedOn).toBe("2025-11-07");
    expect(effectiveDatesFor(r, "9903.01.24")).toEqual(["2025-11-10"]);
    expect(changesFor(r, "9903.01.24")[0]).toMatchObject({ nature: "Modified", legalSource: "Executive Order" });
    expect(effectiveDatesFor(r, "9903.91.12")).toEqual(["2025-11-09"]);
  });

  it("2025 rev 12 (Geneva): every item effective 2025-05-14, published 2025-05-13", () => {
    const r = rec("2025_rev_12");
    expect(r.publishedOn).toBe("2025-05-13");
    expect(r.items).toHaveLength(5);
    expect(new Set(r.items.map((x) => x.effectiveDate))).toEqual(new Set(["2025-05-14"]));
    expect(effectiveDatesFor(r, "9903.01.63")).toEqual(["2025-05-14"]);
  });

  it("2025 rev 9: 9903.01.63 (China 125%) effective 2025-04-10; the source wraps as 'Executive / Order'", () => {
    const r = rec("2025_rev_9");
    expect(effectiveDatesFor(r, "9903.01.63")).toEqual(["2025-04-10"]);
    expect(changesFor(r, "9903.01.63")[0]!.legalSource).toBe("Executive Order");
    expect(changesFor(r, "U.S. note 2(v)(xiii)(10), subch III, ch 99")[0]!.nature).toBe("Modified (From 84% to 125%)");
  });

  it("2025 rev 7: reciprocal headings on April 5 and country rates on April 9, across a page laid out differently", () => {
    const r = rec("2025_rev_7");
    expect(r.items).toHaveLength(45);
    expect(effectiveDatesFor(r, "9903.01.25")).toEqual(["2025-04-05"]);
    expect(effectiveDatesFor(r, "9903.01.63")).toEqual(["2025-04-09"]);
    expect(effectiveDatesFor(r, "9903.01.76")).toEqual(["2025-04-09"]);
  });

  it("2025 rev 28: 9903.91.12–.16 modified, effective 2025-11-10", () => {
    const r = rec("2025_rev_28");
    expect(changesFor(r, "9903.91.12")).toHaveLength(1);
    expect(changesFor(r, "9903.91.12")[0]).toMatchObject({ nature: "Modified", legalSource: "Notice" });
    expect(effectiveDatesFor(r, "9903.91.12")).toEqual(["2025-11-10"]);
    expect(r.items.map((x) => x.items[0])).toEqual([
      "9903.91.12",
      "9903.91.13",
      "9903.91.14",
      "9903.91.15",
      "9903.91.16",
    ]);
  });

  it("2026 rev 4: Section 122 heading 9903.03.01 effective 2026-02-24 (PP 11012); note 2(w) deleted", () => {
    const r = rec("2026_rev_4");
    expect(effectiveDatesFor(r, "9903.03.01")).toEqual(["2026-02-24"]);
    expect(changesFor(r, "9903.03.01")[0]!.legalSource).toBe("PP 11012");
    expect(changesFor(r, "U.S. note 2(w), subch III, ch 99")[0]).toMatchObject({
      nature: "Deleted",
      effectiveDate: "2026-02-24",
    });
  });

  it("2026 rev 5: the metals restructuring, every dated row effective 2026-04-06 (PP 11021), 242 headings deleted", () => {
    const r = rec("2026_rev_5");
    const dated = r.items.filter((x) => x.effectiveDate !== undefined);
    expect(new Set(dated.map((x) => x.effectiveDate))).toEqual(new Set(["2026-04-06"]));
    expect(new Set(dated.map((x) => x.legalSource))).toEqual(new Set(["PP 11021"]));
    expect(r.items.filter((x) => x.nature === "Deleted" && x.items[0]!.startsWith("9903."))).toHaveLength(242);
    expect(effectiveDatesFor(r, "9903.82.02")).toEqual(["2026-04-06"]);
    expect(changesFor(r, "9903.82.01")).toEqual([]); // added only by rev 7, retroactively
    expect(effectiveDatesFor(rec("2026_rev_7"), "9903.82.01")).toEqual(["2026-04-06"]);
    expect(rec("2026_rev_7").publishedOn).toBe("2026-04-29");
  });

  it("2026 rev 13 (Markdown): 9903.05.31 effective 2026-07-24", () => {
    const r = rec("2026_rev_13");
    expect(r.format).toBe("markdown");
    expect(effectiveDatesFor(r, "9903.05.31")).toEqual(["2026-07-24"]);
    expect(r.items.filter((x) => x.items[0]!.startsWith("9903."))).toHaveLength(101);
  });

  it("2026 rev 10 (Markdown, the last archived edition): 232 annex headings effective 2026-06-08, PP 11032", () => {
    const r = rec("2026_rev_10");
    expect(r.publishedOn).toBe("2026-06-08");
    expect(effectiveDatesFor(r, "9903.82.26")).toEqual(["2026-06-08"]);
  });

  it("2026 rev 14 and 17 (Markdown): numeric dates are read, month first", () => {
    expect(effectiveDatesFor(rec("2026_rev_14"), "9903.04.60")).toEqual(["2026-07-31"]);
    expect(effectiveDatesFor(rec("2026_rev_17"), "9903.03.12")).toEqual(["2026-08-22"]);
  });

  it("2026 Basic repeats the year's history: 9903.01.63 has four legal dates", () => {
    expect(effectiveDatesFor(rec("2026_basic"), "9903.01.63")).toEqual([
      "2025-04-09",
      "2025-04-10",
      "2025-05-02",
      "2025-05-14",
    ]);
  });
});
