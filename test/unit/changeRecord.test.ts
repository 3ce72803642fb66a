import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFileError } from "../../src/common/errors.js";
import {
  changesFor,
  effectiveDatesFor,
  normaliseChangeItem,
  parseChangeRecordMarkdown,
  parseChangeRecordText,
  readChangeRecord,
  type ChangeRecord,
} from "../../src/sources/changeRecord.js";
import { repoRoot } from "../support/mirror.js";

const fixture = (name: string): string => join(repoRoot, "test", "fixtures", "change-records", name);
const text = (name: string): string => readFileSync(fixture(name), "utf8");

function row(record: ChangeRecord, item: string) {
  const found = record.items.filter((r) => r.items.includes(item));
  expect(found, `rows for ${item}`).toHaveLength(1);
  return found[0]!;
}

describe("normaliseChangeItem", () => {
  it("writes HTS numbers in the JSON's dotted style", () => {
    expect(normaliseChangeItem("9903.01.24").items).toEqual(["9903.01.24"]);
    expect(normaliseChangeItem("9403.20.0075").items).toEqual(["9403.20.00.75"]);
    expect(normaliseChangeItem("9401.99").items).toEqual(["9401.99"]);
  });

  it("keeps a heading range as {from, to} and lists its endpoints", () => {
    const n = normaliseChangeItem("9903.01.43–9903.01.76");
    expect(n.items).toEqual(["9903.01.43", "9903.01.76"]);
    expect(n.ranges).toEqual([{ from: "9903.01.43", to: "9903.01.76" }]);
  });

  it("spells notes out with their subchapter and chapter, whatever the printed order", () => {
    const want = "U.S. note 2(s) to subchapter III of chapter 99";
    expect(normaliseChangeItem("U.S. note 2(s), subch III, ch 99").items).toEqual([want]);
    expect(normaliseChangeItem("U.S. note 2(s), ch99, subch III").items).toEqual([want]);
    expect(normaliseChangeItem("U.S. Note 2(s) subch III ch 99").items).toEqual([want]);
    expect(normaliseChangeItem("U.S. note 2(aa)(v)(e)—(f), (h)–(k), subch III, ch 99").items).toEqual([
      "U.S. note 2(aa)(v)(e)-(f), (h)-(k) to subchapter III of chapter 99",
    ]);
    expect(normaliseChangeItem("Statistical note 1, ch. 27").items).toEqual(["Statistical note 1 to chapter 27"]);
    expect(normaliseChangeItem("Ch. 38, Stat Note 2").items).toEqual(["Statistical note 2 to chapter 38"]);
    expect(normaliseChangeItem("General Note 4(d)").items).toEqual(["General note 4(d)"]);
    expect(normaliseChangeItem("Subch XII, ch 99").items).toEqual(["Subchapter XII of chapter 99"]);
  });

  it("is idempotent", () => {
    for (const printed of [
      "U.S. note 2(s), subch III, ch 99",
      "Statistical note 4, section XI",
      "U.S. note 3(a), ch 2",
      "9403.20.0075",
    ]) {
      const once = normaliseChangeItem(printed).items[0]!;
      expect(normaliseChangeItem(once).items).toEqual([once]);
    }
  });

  it("flags a note whose location was cut off, and text that is no item", () => {
    expect(normaliseChangeItem("U.S. note 2(v)(iii)(a), subch III, ch")).toMatchObject({
      recognised: true,
      complete: false,
    });
    expect(normaliseChangeItem("U.S. note 33(g)")).toMatchObject({ recognised: true, complete: false });
    expect(normaliseChangeItem("Executive Order").recognised).toBe(false);
  });
});

describe("parseChangeRecordText (pdftotext -layout form)", () => {
  const record = parseChangeRecordText("layout-revision.txt", text("layout-revision.txt"), "2025_rev_99");

  it("reads the title and the publication date printed under it, not dates from the prose", () => {
    expect(record.title).toBe("Harmonized Tariff Schedule of the United States (2025 Revision 99)");
    expect(record.publishedOn).toBe("2025-12-01");
    expect(record.format).toBe("text");
    expect(record.items).toHaveLength(11);
  });

  it("joins cells wrapped over several lines, column by column", () => {
    const r = row(record, "U.S. note 2(zz)(iv)(1) to subchapter III of chapter 99");
    expect(r).toMatchObject({
      nature: "Modified (from 10% to 20%)",
      effectiveDate: "2025-11-30",
      legalSource: "Executive Order",
      line: 12,
    });
    expect(row(record, "9903.99.02").nature).toBe("Technical correction (9903.99.20 changed to 9903.99.02)");
  });

  it("gives the row of a vertically centred item cell its item, printed below the rest of the row", () => {
    const r = row(record, "U.S. note 2(zz)(v)-(vii) to subchapter III of chapter 99");
    expect(r).toMatchObject({ nature: "Modified (renumbered as (vi)-(viii))", effectiveDate: "2025-11-30", line: 19 });
    expect(row(record, "U.S. note 2(zz)(ix) to subchapter III of chapter 99").itemText).toBe(
      "U.S. note 2(zz)(ix), subch III, ch 99",
    );
  });

  it("never gives a wrong date: N/A, an impossible year and an empty cell leave it undefined, with a warning", () => {
    const na = row(record, "9903.99.02");
    expect(na.effectiveDate).toBeUndefined();
    expect(na.effectiveDateText).toBe("N/A");
    const typo = row(record, "9903.99.03");
    expect(typo.effectiveDate).toBeUndefined();
    expect(typo.effectiveDateText).toBe("June 30, 3025");
    const annex = row(record, "Statistical Annex A");
    expect(annex).toMatchObject({
      effectiveDate: undefined,
      effectiveDateText: "",
      legalSource: "",
      nature: "Modified (example country code)",
    });
    expect(record.warnings.map((w) => [w.code, w.line])).toEqual([
      ["DATE_NOT_APPLICABLE", 15],
      ["IMPLAUSIBLE_DATE", 18],
      ["NO_DATE", 29],
      ["NO_SOURCE", 29],
    ]);
  });

  it("cuts a date glued to the nature by a single space, and reads a page laid out differently after a form feed", () => {
    expect(row(record, "9903.99.10")).toMatchObject({
      nature: "Deleted (Example’s note)",
      effectiveDate: "2025-12-02",
    });
    expect(row(record, "9903.99.04")).toMatchObject({ nature: "Added", effectiveDate: "2025-11-30", line: 27 });
    expect(row(record, "9903.99.05")).toMatchObject({ effectiveDate: "2025-11-30", effectiveDateText: "11/30/2025" });
  });

  it("reads the Edition column of basic-edition records and a source printed N/A", () => {
    const basic = parseChangeRecordText("layout-basic.txt", text("layout-basic.txt"), "2030_basic");
    expect(basic.publishedOn).toBeUndefined();
    expect(basic.items.map((r) => r.firstPostedIn)).toEqual(["Rev 3", "2030", "Rev 2", "2030", "2030"]);
    expect(row(basic, "0101.21.00.10")).toMatchObject({
      effectiveDate: undefined,
      legalSource: "N/A",
      firstPostedIn: "Rev 2",
    });
    expect(row(basic, "General note 29, chapter rule 1 for chapter 64").effectiveDate).toBe("2021-07-01");
    expect(effectiveDatesFor(basic, "9903.98.01")).toEqual(["2030-01-01", "2030-03-04"]);
  });

  it("warns when the title names another edition, and rejects text without a change table", () => {
    const other = parseChangeRecordText("layout-revision.txt", text("layout-revision.txt"), "2025_rev_98");
    expect(other.warnings[0]).toMatchObject({ code: "EDITION_MISMATCH", line: 1 });
    expect(() => parseChangeRecordText("notes.txt", "Chapter 99\nU.S. note 2\n", "2025_rev_1")).toThrow(DataFileError);
  });
});

describe("parseChangeRecordMarkdown", () => {
  const record = parseChangeRecordMarkdown("later-revision.md", text("later-revision.md"), "2026_rev_99");

  it("reads title, bold date, tables across page breaks, and skips the glossary", () => {
    expect(record.title).toBe("Harmonized Tariff Schedule of the United States (2026 Revision 99)");
    expect(record.publishedOn).toBe("2026-07-30");
    expect(record.format).toBe("markdown");
    expect(record.items.map((r) => r.items[0])).toEqual([
      "U.S. note 60(a)-(c) to subchapter III of chapter 99",
      "9903.97.01",
      "9903.97.02",
      "9903.97.10",
      "0101.21.00.20",
      "9903.97.03",
      "9903.97.04",
    ]);
  });

  it("reads numeric dates and a date cell carrying a stray header word", () => {
    expect(row(record, "9903.97.01")).toMatchObject({ effectiveDate: "2026-07-24", effectiveDateText: "7/24/2026" });
    expect(row(record, "9903.97.02")).toMatchObject({ effectiveDate: "2026-07-31", legalSource: "PP 99998" });
    expect(row(record, "9903.97.10")).toMatchObject({ nature: "Deleted", effectiveDate: "2026-07-01", line: 18 });
  });

  it("joins a cell split over two table rows", () => {
    expect(row(record, "0101.21.00.20")).toMatchObject({
      nature: "Established (transferred from 0101.21.0010 (pt.))",
      effectiveDate: "2026-07-01",
      line: 19,
    });
  });

  it("leaves N/A and empty date cells undated, with warnings", () => {
    expect(row(record, "9903.97.03").effectiveDate).toBeUndefined();
    expect(row(record, "9903.97.04")).toMatchObject({
      effectiveDate: undefined,
      nature: "Errata (article description)",
    });
    expect(record.warnings.map((w) => w.code)).toEqual(["DATE_NOT_APPLICABLE", "NO_DATE", "NO_SOURCE"]);
  });
});

describe("effectiveDatesFor / changesFor", () => {
  const record = parseChangeRecordText("layout-revision.txt", text("layout-revision.txt"), "2025_rev_99");

  it("finds a heading named directly or inside a printed range", () => {
    expect(effectiveDatesFor(record, "9903.99.01")).toEqual(["2025-11-30"]);
    expect(effectiveDatesFor(record, "9903.99.15")).toEqual(["2025-12-02"]);
    expect(effectiveDatesFor(record, "9903.99.20")).toEqual([]);
    expect(effectiveDatesFor(record, "990399.03")).toEqual([]); // named, but its printed date was not credible
    expect(changesFor(record, "9903.99.03")).toHaveLength(1);
  });

  it("finds notes in any usual spelling", () => {
    expect(effectiveDatesFor(record, "U.S. note 2(zz), subch III, ch 99")).toEqual(["2025-11-30"]);
    expect(effectiveDatesFor(record, "U.S. note 2(zz) to subchapter III of chapter 99")).toEqual(["2025-11-30"]);
    expect(changesFor(record, "U.S. note 2(zz)(iv)(1)")).toHaveLength(1);
  });
});

describe("readChangeRecord", () => {
  it("picks the form by file name", async () => {
    expect((await readChangeRecord(fixture("later-revision.md"), "2026_rev_99")).format).toBe("markdown");
    expect((await readChangeRecord(fixture("layout-basic.txt"), "2030_basic")).format).toBe("text");
  });

  it("names a missing file", async () => {
    await expect(readChangeRecord(fixture("absent.txt"), "2025_rev_1")).rejects.toMatchObject({ code: "MISSING_FILE" });
  });
});
