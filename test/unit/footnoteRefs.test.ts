import { describe, expect, it } from "vitest";
import {
  MAX_RANGE_EXPANSION,
  expandHeadingRange,
  extractHeadingRefs,
  parseFootnote,
  readHeadingList,
} from "../../src/sources/footnoteRefs.js";

const general = (value: string) => parseFootnote({ columns: ["General"], value });

describe("parseFootnote: the text forms of docs/us-duty-stacking.md §1.6", () => {
  it('reads "See 9903.88.15."', () => {
    const ref = general("See 9903.88.15. ");
    expect(ref.column).toBe("general");
    expect(ref.headings).toEqual(["9903.88.15"]);
    expect(ref.headingPrefixes).toEqual([]);
    expect(ref.notes).toEqual([]);
    expect(ref.partialCoverage).toBe(false);
    expect(ref.text).toBe("See 9903.88.15.");
  });

  it('reads "See 9903.88.01" without a final period', () => {
    expect(general("See 9903.88.01").headings).toEqual(["9903.88.01"]);
  });

  it("handles a non-breaking space before See and runs of them after the period", () => {
    const ref = parseFootnote({ columns: ["desc"], value: "\u00a0See 9903.88.69.\u00a0\u00a0 \u00a0 \u00a0 " });
    expect(ref.column).toBe("desc");
    expect(ref.headings).toEqual(["9903.88.69"]);
    expect(ref.text).toBe("See 9903.88.69.");
    expect(general("See\u00a0 9903.88.15. ").headings).toEqual(["9903.88.15"]);
    expect(general("See 9903.19.20 and\u00a0 9903.88.15. ").headings).toEqual(["9903.19.20", "9903.88.15"]);
  });

  it('reads the list "a, b, c, d and e"', () => {
    expect(general("See 9903.88.15, 9903.88.25, 9903.88.26, 9903.88.27 and 9903.88.28.").headings).toEqual([
      "9903.88.15",
      "9903.88.25",
      "9903.88.26",
      "9903.88.27",
      "9903.88.28",
    ]);
  });

  it('expands "X through Y and Z through W" to every 2-digit step', () => {
    const ref = parseFootnote({
      columns: ["desc"],
      value: "See 9903.52.00 through 9903.52.26 and 9904.52.35 through 9904.52.50.",
    });
    expect(ref.headings).toHaveLength(27 + 16);
    expect(ref.headings.slice(0, 3)).toEqual(["9903.52.00", "9903.52.01", "9903.52.02"]);
    expect(ref.headings).toContain("9903.52.26");
    expect(ref.headings).toContain("9904.52.35");
    expect(ref.headings.at(-1)).toBe("9904.52.50");
    expect(ref.headings).not.toContain("9903.52.27");
    expect(ref.ranges).toEqual([
      { from: "9903.52.00", to: "9903.52.26", expanded: true },
      { from: "9904.52.35", to: "9904.52.50", expanded: true },
    ]);
  });

  it("expands a hyphen range across a 6-digit boundary with carry", () => {
    const ref = parseFootnote({ columns: ["desc"], value: "See subheadings 9904.04.50-9904.05.01. " });
    expect(ref.headings).toHaveLength(52);
    expect(ref.headings).toContain("9904.04.99");
    expect(ref.headings).toContain("9904.05.00");
    expect(ref.headings.at(-1)).toBe("9904.05.01");
  });

  it('reads chapter 98 mixed with chapter 99: "See 9817.84.01 and 9903.88.01."', () => {
    expect(general("See 9817.84.01 and 9903.88.01.").headings).toEqual(["9817.84.01", "9903.88.01"]);
    expect(general("See 9817.57.01, 9903.88.15 and 9903.91.01. ").headings).toEqual([
      "9817.57.01",
      "9903.88.15",
      "9903.91.01",
    ]);
  });

  it("reads a note reference mixed with headings", () => {
    const ref = general("See U.S. note 3 to subchapter III, chapter 99, 9903.41.05 and 9903.88.03. ");
    expect(ref.headings).toEqual(["9903.41.05", "9903.88.03"]);
    expect(ref.notes).toEqual(["U.S. note 3 to subchapter III, chapter 99"]);
  });

  it("reads several notes and a semicolon", () => {
    const ref = general(
      "See 9903.88.03; U.S. note 16 to subchapter III, chapter 99 and U.S. note 19 to subchapter III, chapter 99. ",
    );
    expect(ref.headings).toEqual(["9903.88.03"]);
    expect(ref.notes).toEqual([
      "U.S. note 16 to subchapter III, chapter 99",
      "U.S. note 19 to subchapter III, chapter 99",
    ]);
  });

  it('reads the 6-digit heading reference "See 9903.92."', () => {
    const ref = general("See 9903.92. ");
    expect(ref.headings).toEqual([]);
    expect(ref.headingPrefixes).toEqual(["9903.92"]);
  });

  it("flags the note 20(g) partial-coverage text", () => {
    const ref = parseFootnote({
      columns: ["desc"],
      value:
        "Pursuant to U.S. note 20(g) to subchapter III, chapter 99, heading 9903.88.04 covers certain goods of this rate line, as indicated by the footnote; please note that statistical reporting descriptions without a footnote are not covered by that heading.",
    });
    expect(ref.partialCoverage).toBe(true);
    expect(ref.headings).toEqual(["9903.88.04"]);
    expect(ref.notes).toEqual(["U.S. note 20(g) to subchapter III, chapter 99"]);
  });

  it("does not flag the plain pointer to 9903.88.04 and its definitional note", () => {
    const ref = general(
      "See 9903.88.04 and its associated definitional note (U.S. note 20(g)\u00a0 in subchapter III of chapter 99)\u00a0 and 9903.88.15 and its associated definitional note (U.S. note 20(s)(ii) in subchapter III of chapter 99). ",
    );
    expect(ref.partialCoverage).toBe(false);
    expect(ref.headings).toEqual(["9903.88.04", "9903.88.15"]);
    expect(ref.notes).toEqual([
      "U.S. note 20(g) in subchapter III of chapter 99",
      "U.S. note 20(s)(ii) in subchapter III of chapter 99",
    ]);
  });

  it("tolerates a space before the final period and odd spacing", () => {
    expect(general("See 9903.45.25, 9903.45.27 and 9903.91.02 . ").headings).toEqual([
      "9903.45.25",
      "9903.45.27",
      "9903.91.02",
    ]);
    expect(general("  See 9903.88.01 and 9903.88.02   ").headings).toEqual(["9903.88.01", "9903.88.02"]);
  });

  it("reads Other-column footnotes (Russia column 2)", () => {
    const ref = parseFootnote({ columns: ["other"], value: "See 9903.90.08.   " });
    expect(ref.column).toBe("other");
    expect(ref.headings).toEqual(["9903.90.08"]);
  });

  it("reads statistical, general and additional note references", () => {
    expect(parseFootnote({ columns: ["desc"], value: "See General Note 6. " }).notes).toEqual(["General Note 6"]);
    expect(parseFootnote({ columns: ["desc"], value: "See statistical note 5 to this chapter.\u00a0 " }).notes).toEqual(
      ["statistical note 5 to this chapter"],
    );
    expect(parseFootnote({ columns: ["stat", "units"], value: " See chapter 99 statistical note 1. " }).notes).toEqual([
      "chapter 99 statistical note 1",
    ]);
    expect(
      parseFootnote({ columns: ["special"], value: "See additional U.S. note 1 to this chapter. " }).notes,
    ).toEqual(["additional U.S. note 1 to this chapter"]);
    expect(
      general("See note 16 to subchapter III, chapter 99 and related tariff provisions for this duty treatment. ")
        .notes,
    ).toEqual(["note 16 to subchapter III, chapter 99"]);
  });

  it("does not read statute numbers or chapter 1–97 codes as headings", () => {
    const excise = parseFootnote({
      columns: ["general", "special", "other"],
      value:
        "Imports under this subheading may be subject to Federal Excise Tax (26 U.S.C. 5001, 26 U.S.C. 5041 or 26 U.S.C. 5051). ",
    });
    expect(excise.headings).toEqual([]);
    expect(excise.headingPrefixes).toEqual([]);
    expect(excise.notes).toEqual([]);
    const deleted = general(
      "Subheading 2922.49.40 was deleted from the tariff schedule; subheading 2922.49.49 likely covers the product named in this heading.",
    );
    expect(deleted.headings).toEqual([]);
  });

  it("chooses the primary column and keeps all recognised columns", () => {
    const ref = parseFootnote({ columns: ["general", "special"], value: " See 9903.88.01 and 9903.88.02 " });
    expect(ref.column).toBe("general");
    expect(ref.columns).toEqual(["general", "special"]);
    expect(parseFootnote({ columns: ["desc", "general"], value: "See 9903.88.15. " }).column).toBe("general");
    expect(parseFootnote({ columns: ["stat", "units"], value: "See chapter 99 statistical note 1." }).column).toBe(
      "stat",
    );
    expect(parseFootnote({ columns: [], value: "See subheading 9907.59.01." }).column).toBe("unknown");
  });

  it("never throws on malformed input", () => {
    for (const bad of [null, undefined, {}, { columns: "general", value: 42 }, { columns: [7, null], value: null }]) {
      const ref = parseFootnote(bad as never);
      expect(ref.headings).toEqual([]);
      expect(ref.text).toBe("");
      expect(ref.column).toBe("unknown");
    }
    expect(() => general("See 9903.88.15 through")).not.toThrow();
    expect(() => general("See 9903.88.")).not.toThrow();
    expect(() => general("9".repeat(5000))).not.toThrow();
  });

  it("keeps only the endpoints of a range that is reversed or too long", () => {
    const reversed = general("See 9903.88.20 through 9903.88.10.");
    expect(reversed.headings).toEqual(["9903.88.20", "9903.88.10"]);
    expect(reversed.ranges).toEqual([{ from: "9903.88.20", to: "9903.88.10", expanded: false }]);
    const huge = general("See 9903.01.01 through 9904.99.99.");
    expect(huge.headings).toEqual(["9903.01.01", "9904.99.99"]);
    expect(huge.ranges[0]?.expanded).toBe(false);
  });
});

describe("heading-list helpers", () => {
  it("expandHeadingRange steps the last two digits inclusively", () => {
    expect(expandHeadingRange("9903.01.26", "9903.01.29")).toEqual([
      "9903.01.26",
      "9903.01.27",
      "9903.01.28",
      "9903.01.29",
    ]);
    expect(expandHeadingRange("9903.01.26", "9903.01.26")).toEqual(["9903.01.26"]);
    expect(expandHeadingRange("9903.01.26", "9903.01")).toBeUndefined();
    expect(expandHeadingRange("9903.01.01", "9903.99.99")).toBeUndefined(); // 9,899 headings > limit
    expect(MAX_RANGE_EXPANSION).toBeGreaterThanOrEqual(100);
  });

  it("readHeadingList reads lists with heading words, dashes, 'or,' and missing spaces", () => {
    const text = "headings 9903.01.11, 9903.01.12 or, 9903.01.13, articles";
    expect(readHeadingList(text, text.indexOf("9903")).headings).toEqual(["9903.01.11", "9903.01.12", "9903.01.13"]);
    const t2 = "heading 9903.01.02 and heading 9903.01.03, articles the product of Mexico";
    expect(readHeadingList(t2, t2.indexOf("9903")).headings).toEqual(["9903.01.02", "9903.01.03"]);
    const t3 = "headings 9903.01.30–9903.01.33, 9903.02.78, and9903.02.84–9903.02.86, and except";
    expect(readHeadingList(t3, t3.indexOf("9903")).headings).toEqual([
      "9903.01.30",
      "9903.01.31",
      "9903.01.32",
      "9903.01.33",
      "9903.02.78",
      "9903.02.84",
      "9903.02.85",
      "9903.02.86",
    ]);
    const t4 = "9903.02.74– 9903.02.77 and";
    expect(readHeadingList(t4, 0).headings).toEqual(["9903.02.74", "9903.02.75", "9903.02.76", "9903.02.77"]);
  });

  it("extractHeadingRefs finds every list in free text", () => {
    const refs = extractHeadingRefs("See 9903.88.01 and U.S. note 16; also 9903.92 and 9817.29.01");
    expect(refs.headings).toEqual(["9903.88.01", "9817.29.01"]);
    expect(refs.headingPrefixes).toEqual(["9903.92"]);
  });
});
