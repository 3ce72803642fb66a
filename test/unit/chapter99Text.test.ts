import { describe, expect, it } from "vitest";
import {
  descriptionToText,
  normalizeDescriptionForDiff,
  parseHeadingDescription,
} from "../../src/sources/chapter99Text.js";

// Texts below are taken from USITC HTS JSON Chapter 99 descriptions (2025–2026 editions), trimmed where noted.
const FENTANYL_CN_HK =
  "Except for products described in headings 9903.01.21, 9903.01.22, or 9903.01.23 articles the product of China and Hong Kong, as provided for in U.S. note 2(u) to this subchapter";
const PHASE1_CHINA =
  "Except for goods loaded onto a vessel at the port of loading and in transit on the final mode of transit before 12:01 a.m. eastern daylight time on April 10, 2025, except for products described in headings 9903.01.28–9903.01.33, except as provided for in heading 9903.01.34, and except as provided for in U.S. note 2(w), articles the product of China, including Hong Kong and Macau, as provided for in subdivision (v) of U.S. note 2 to this subchapter <b>[Compiler's note: provision suspended. See 90 Fed. Reg. 50729.]</b>";
const RECIPROCAL_REV7 =
  "Except for products described in headings 9903.01.26-9903.01.33, and except as provided for in heading 9903.01.34, articles the product of any country, except for articles the product of a country enumerated in subdivision (v)(xiii) of U.S. note 2 to this subchapter that are entered for consumption, or withdrawn from warehouse for consumption, after 12:01 a.m. eastern daylight time on April 9, 2025, and that were not in transit on the final mode of transit prior to 12:01 a.m. eastern daylight time on April 9, 2025, as provided for in subdivision (v) of U.S. note 2 to this subchapter";
const RECIPROCAL_REV9 =
  "Articles the product of any country, except for products described in headings 9903.01.26-9903.01.33, and except as provided for in heading 9903.01.34, and except for articles the product of China, including Hong Kong and Macau, as described in heading 9903.01.63 that are entered for consumption, or withdrawn from warehouse for consumption, after 12:01 a.m. eastern daylight time on April 10, 2025, and that were not in transit on the final mode of transit prior to 12:01 a.m. eastern daylight time on April 10, 2025, as provided for in subdivision (v) of U.S. note 2 to this subchapter";
const PHASE2_EU =
  "Except for goods loaded onto a vessel at the port of loading and in transit on the final mode of transit before 12:01 a.m. eastern daylight time on August 7, 2025, and entered for consumption or withdrawn from warehouse for consumption before 12:01 a.m. eastern daylight time on October 5, 2025,except for products described in headings 9903.01.30–9903.01.33 and 9903.02.74– 9903.02.77, and except as provided for in headings 9903.01.34 and 9903.02.01, articles the product of the European Union, with an ad valorem (or ad valorem equivalent) rate of duty under column 1-General less than 15 percent, as provided for in subdivision (v) of U.S. note 2 to this subchapter";
const FENTANYL_IN_TRANSIT =
  "Except for products described in headings 9903.01.21 and 9903.01.22, and other than products for personal use included in accompanied baggage of persons arriving in the United States, articles the product of China and Hong Kong that: (1) were loaded onto a vessel at the port of loading, or in transit on the final mode of transport prior to entry into the United States, before 12:01 a.m. eastern standard time on February 1, 2025; and (2) are entered for consumption, or withdrawn from warehouse for consumption, on or after 12:01 a.m. eastern standard time on February 4, 2025, and before 12:01 a.m. eastern standard time on March 7, 2025.";
const BRAZIL =
  "Except for products described in headings 9903.01.78-9903.01.83 and 9903.01.90, articles the product of Brazil that are entered for consumption, or withdrawn from warehouse for consumption, after 12:01 a.m. eastern daylight time 7 days after the date of the executive order, excluding the day the executive order is signed, as provided for in subdivision (x) of U.S. note 2 to this subchapter [Compiler’s note: Executive Order 14323 (90 Fed. Reg. 37739) was signed on July 30, 2025, and became effective on August 6, 2025.]";
const TRANSSHIPMENT =
  "Articles the product of any country determined by U.S. Customs and Border Protection to have been transshipped to evade applicable duties under section 2 of Executive Order [Insert EO number], as amended [Compiler's note: [Insert EO Number] refers to Executive Order 14326, 90 Fed. Reg. 37963.]";
const UK_CIVIL_AIRCRAFT_PLACEHOLDER =
  "Effective with respect to entries on or after [ ], articles of civil aircraft (all aircraft other than military aircraft); their engines, parts, and components; their other parts, components, and subassemblies; and ground flight simulators and their parts and components of the United Kingdom, classified in the subheadings enumerated in subdivision (a) of U.S. note 35 to this subchapter.";

describe("parseHeadingDescription: country scope", () => {
  it("China and Hong Kong (fentanyl), not Macau", () => {
    const scope = parseHeadingDescription(FENTANYL_CN_HK).countryScope;
    expect(scope.countries).toEqual(["CN", "HK"]);
    expect(scope.anyCountry).toBe(false);
    expect(scope.phrase).toBe("product of China and Hong Kong");
  });

  it("China, including Hong Kong and Macau (reciprocal)", () => {
    expect(parseHeadingDescription(PHASE1_CHINA).countryScope.countries).toEqual(["CN", "HK", "MO"]);
  });

  it("the European Union", () => {
    expect(parseHeadingDescription(PHASE2_EU).countryScope.countries).toEqual(["EU"]);
    expect(
      parseHeadingDescription(
        "Derivative steel articles the product of Japan, the Republic of Korea, or a member nation of the European Union, as provided",
      ).countryScope.countries,
    ).toEqual(["JP", "KR", "EU"]);
  });

  it("any country, with a carve-out for a country set defined in a note", () => {
    const scope = parseHeadingDescription(RECIPROCAL_REV7).countryScope;
    expect(scope.anyCountry).toBe(true);
    expect(scope.countries).toEqual([]);
    expect(scope.excluding?.note).toBe(
      "a country enumerated in subdivision (v)(xiii) of U.S. note 2 to this subchapter",
    );
  });

  it("any country, with China carved out (2025 rev 9 reciprocal)", () => {
    const scope = parseHeadingDescription(RECIPROCAL_REV9).countryScope;
    expect(scope.anyCountry).toBe(true);
    expect(scope.excluding?.countries).toEqual(["CN", "HK", "MO"]);
  });

  it("a country set identified in a general note", () => {
    const scope = parseHeadingDescription(
      "Articles the product of any country identified in general note 3(b)",
    ).countryScope;
    expect(scope.anyCountry).toBe(false);
    expect(scope.note).toBe("any country identified in general note 3(b)");
  });

  it("a country enumerated in a subdivision, as the main scope", () => {
    const scope = parseHeadingDescription(
      "Articles the product of a country enumerated in subdivision (v)(xiii) of U.S. note 2 to this subchapter",
    ).countryScope;
    expect(scope.note).toBe("a country enumerated in subdivision (v)(xiii) of U.S. note 2 to this subchapter");
    expect(scope.anyCountry).toBe(false);
  });

  it("lists with commas, 'or', apostrophe variants and parentheses", () => {
    const list = (t: string) => parseHeadingDescription(t).countryScope.countries;
    expect(list("articles the product of Israel, Malawi, Philippines, or Zambia, as provided")).toEqual([
      "IL",
      "MW",
      "PH",
      "ZM",
    ]);
    expect(list("articles the product of Côte d`Ivoire or Namibia, as provided")).toEqual(["CI", "NA"]);
    expect(list("articles the product of Côte D’Ivoire, as provided")).toEqual(["CI"]);
    expect(list("articles the product of Myanmar (Burma) or Sri Lanka, as provided")).toEqual(["MM", "LK"]);
    expect(list("articles the product of Cameroon or the Democratic Republic of the Congo, as provided")).toEqual([
      "CM",
      "CD",
    ]);
    expect(
      list("Iron or steel products of Japan, the United Kingdom, or of the European Union, where the steel"),
    ).toEqual(["JP", "GB", "EU"]);
    expect(list("aluminum articles that are the product of Russia, or where any amount of primary aluminum")).toEqual([
      "RU",
    ]);
  });

  it("falls back to a named country after a bare 'of'", () => {
    expect(parseHeadingDescription(UK_CIVIL_AIRCRAFT_PLACEHOLDER).countryScope.countries).toEqual(["GB"]);
    expect(
      parseHeadingDescription(
        "Notwithstanding heading 9903.91.03, effective with respect to entries of enteral syringes, of China, on or after",
      ).countryScope.countries,
    ).toEqual(["CN"]);
  });

  it("reads 'except products of …' as a carve-out, not as the scope", () => {
    const scope = parseHeadingDescription(
      "products of iron or steel provided for in the tariff headings or subheadings enumerated in note 16 to this subchapter, except products of Australia, of Argentina, of Brazil, of Canada, of Mexico (as specified in subdivision (h)(i) of such U.S. note 16), of South Korea, or of Japan",
    ).countryScope;
    expect(scope.countries).toEqual([]);
    expect(scope.excluding?.countries).toEqual(["AU", "AR", "BR", "CA", "MX", "KR", "JP"]);
  });

  it("has an empty scope when no country is named", () => {
    const scope = parseHeadingDescription(
      "Provided for in subheadings enumerated in U.S. note 21(e) to this subchapter",
    ).countryScope;
    expect(scope).toEqual({ countries: [], phrase: "", anyCountry: false });
  });
});

describe("parseHeadingDescription: excepted headings", () => {
  it("expands hyphen, en dash and 'through' ranges and reads lists", () => {
    expect(parseHeadingDescription(RECIPROCAL_REV7).exceptHeadings).toEqual([
      "9903.01.26",
      "9903.01.27",
      "9903.01.28",
      "9903.01.29",
      "9903.01.30",
      "9903.01.31",
      "9903.01.32",
      "9903.01.33",
      "9903.01.34",
    ]);
    expect(parseHeadingDescription(PHASE2_EU).exceptHeadings).toEqual([
      "9903.01.30",
      "9903.01.31",
      "9903.01.32",
      "9903.01.33",
      "9903.02.74",
      "9903.02.75",
      "9903.02.76",
      "9903.02.77",
      "9903.01.34",
      "9903.02.01",
    ]);
    expect(
      parseHeadingDescription(
        "Except for products described in heading 9903.85.03 or heading 9903.85.21, 9903.85.25, subheadings 9903.85.27 through 9903.85.29, products of aluminum",
      ).exceptHeadings,
    ).toEqual(["9903.85.03", "9903.85.21", "9903.85.25", "9903.85.27", "9903.85.28", "9903.85.29"]);
  });

  it("reads 'or,' and a list ending in a note reference", () => {
    expect(
      parseHeadingDescription(
        "Except for products described in headings 9903.01.11, 9903.01.12 or, 9903.01.13, articles the product of Canada",
      ).exceptHeadings,
    ).toEqual(["9903.01.11", "9903.01.12", "9903.01.13"]);
    expect(
      parseHeadingDescription(
        "Except for products described in headings 9903.01.21, 9903.01.22, 9903.01.23, or U.S. note 2(w) to this subchapter articles the product of China and Hong Kong",
      ).exceptHeadings,
    ).toEqual(["9903.01.21", "9903.01.22", "9903.01.23"]);
  });

  it("includes the heading named in a carve-out clause", () => {
    expect(parseHeadingDescription(RECIPROCAL_REV9).exceptHeadings).toContain("9903.01.63");
  });

  it("ignores 'Notwithstanding' and chapter 1–97 codes", () => {
    expect(
      parseHeadingDescription("Notwithstanding heading 9903.91.03, effective with respect to entries").exceptHeadings,
    ).toEqual([]);
    expect(
      parseHeadingDescription(
        "Hot-rolled plate (except for statistical reporting numbers 7211.14.0030 and 7211.14.0090)",
      ).exceptHeadings,
    ).toEqual([]);
  });
});

describe("parseHeadingDescription: windows", () => {
  it('"Effective with respect to entries on or after September 27, 2024"', () => {
    expect(
      parseHeadingDescription(
        "Effective with respect to entries on or after September 27, 2024, articles the product of China, as provided for in subdivision (b) of U.S. note 31 to this subchapter",
      ).windows,
    ).toEqual([
      {
        kind: "entry",
        from: "2024-09-27",
        exception: false,
        unresolved: [],
        phrase: "Effective with respect to entries on or after September 27, 2024",
      },
    ]);
  });

  it('"on or after January 1, 2025, and before January 1, 2026" is half-open', () => {
    const [w] = parseHeadingDescription(
      "Effective with respect to entries on or after January 1, 2025, and before January 1, 2026, articles the product of China",
    ).windows;
    expect(w).toMatchObject({ kind: "entry", from: "2025-01-01", to: "2026-01-01" });
  });

  it('"through November 29, 2025" ends the day after', () => {
    const [w] = parseHeadingDescription(
      "Effective with respect to entries on or after June 15, 2024 and through November 29, 2025, articles the product of China",
    ).windows;
    expect(w).toMatchObject({ from: "2024-06-15", to: "2025-11-30" });
  });

  it("entries of a named product, with a comma before 'on or after'", () => {
    const [w] = parseHeadingDescription(
      "Notwithstanding heading 9903.91.03, effective with respect to entries of enteral syringes, of China, on or after September 27, 2024, and before January 1, 2026 (described in statistical reporting number 9018.31.0080)",
    ).windows;
    expect(w).toMatchObject({ kind: "entry", from: "2024-09-27", to: "2026-01-01" });
  });

  it("in transit, excepted: loaded before August 7, 2025 and entered before October 5, 2025", () => {
    const [w] = parseHeadingDescription(PHASE2_EU).windows;
    expect(w).toMatchObject({
      kind: "in-transit",
      exception: true,
      loadedBefore: "2025-08-07",
      enteredBefore: "2025-10-05",
      to: "2025-10-05",
    });
    expect(w?.phrase.startsWith("Except for goods loaded onto a vessel")).toBe(true);
  });

  it("in transit, as the heading's own coverage, with an entry window", () => {
    const [w] = parseHeadingDescription(FENTANYL_IN_TRANSIT).windows;
    expect(w).toMatchObject({
      kind: "in-transit",
      exception: false,
      loadedBefore: "2025-02-01",
      from: "2025-02-04",
      to: "2025-03-07",
      enteredBefore: "2025-03-07",
    });
  });

  it("in transit without an entry bound", () => {
    const windows = parseHeadingDescription(PHASE1_CHINA).windows;
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ kind: "in-transit", exception: true, loadedBefore: "2025-04-10" });
    expect(windows[0]?.to).toBeUndefined();
  });

  it("a carve-out entry window with a not-in-transit condition", () => {
    const [w] = parseHeadingDescription(RECIPROCAL_REV7).windows;
    expect(w).toMatchObject({ kind: "entry", exception: true, from: "2025-04-09", notLoadedBefore: "2025-04-09" });
  });

  it("a date given only as '7 days after the date of the executive order' stays unresolved", () => {
    const [w] = parseHeadingDescription(BRAZIL).windows;
    expect(w?.kind).toBe("entry");
    expect(w?.exception).toBe(false);
    expect(w?.from).toBeUndefined();
    expect(w?.unresolved).toEqual([
      "7 days after the date of the executive order, excluding the day the executive order is signed",
    ]);
  });

  it("an empty-bracket date stays unresolved", () => {
    const [w] = parseHeadingDescription(UK_CIVIL_AIRCRAFT_PLACEHOLDER).windows;
    expect(w).toMatchObject({ kind: "entry", unresolved: ["[ ]"] });
    expect(w?.from).toBeUndefined();
  });

  it("between 12:01 a.m. and 11:59 p.m. (quota window)", () => {
    const [w] = parseHeadingDescription(
      "an additional 80,000 metric tons of lean beef trimmings of Argentina may be entered for consumption, or withdrawn from warehouse for consumption, between 12:01 a.m. local port time on February 13, 2026, and 11:59 p.m. eastern time on December 31, 2026, under statistical reporting numbers 0201.30.5091",
    ).windows;
    expect(w).toMatchObject({ kind: "entry", from: "2026-02-13", to: "2027-01-01" });
  });

  it("foreign-trade-zone admission and contract-date conditions", () => {
    const [ftz] = parseHeadingDescription(
      "Products of iron or steel provided for in the tariff headings or subheadings enumerated in subdivision (j) of note 16 to this subchapter, admitted to a U.S. foreign trade zone under ‘‘privileged foreign status’’ as defined by 19 CFR 146.41, prior to 12:01 a.m. eastern daylight time on March 12, 2025.",
    ).windows;
    expect(ftz).toMatchObject({ kind: "ftz-admission", admittedBefore: "2025-03-12" });
    const windows = parseHeadingDescription(
      "Notwithstanding subheading 9903.92.10, effective with respect to entries, on or after September 27, 2024, of ship-to-shore gantry cranes, articles the product of China (provided for in subheading 8426.19.00), that are fulfilling in whole or in part an executed contract for sale dated prior to May 14, 2024 for goods that are entered for consumption, or withdrawn from warehouse for consumption, in the United States prior to May 14, 2026",
    ).windows;
    expect(windows.map((w) => w.kind)).toEqual(["entry", "contract"]);
    expect(windows[1]).toMatchObject({ contractBefore: "2024-05-14", to: "2026-05-14" });
  });

  it("exported-before / entered-between (301 List 3 transition)", () => {
    const [w] = parseHeadingDescription(
      "Articles the product of China, as provided for in U.S. note 20(l) to this subchapter, if exported to the United States before May 10, 2019 and entered for consumption, or withdrawn from warehouse for consumption, on or after May 10, 2019, and before June 15, 2019",
    ).windows;
    expect(w).toMatchObject({ kind: "in-transit", loadedBefore: "2019-05-10", from: "2019-05-10", to: "2019-06-15" });
  });

  it("does not read dates inside compiler's notes as windows", () => {
    expect(
      parseHeadingDescription(
        "Articles the product of India [Compiler's note: provision terminated as of February 7, 2026.]",
      ).windows,
    ).toEqual([]);
  });
});

describe("parseHeadingDescription: compiler's notes", () => {
  const notes = (t: string) => parseHeadingDescription(t).compilerNotes;

  it("provision suspended (with and without a Federal Register cite, in <b> tags)", () => {
    expect(notes("subchapter [Compiler's note: provision suspended.]")).toEqual([
      { status: "suspended", text: "Compiler's note: provision suspended." },
    ]);
    expect(notes(PHASE1_CHINA)).toEqual([
      {
        status: "suspended",
        fedReg: "90 Fed. Reg. 50729",
        text: "Compiler's note: provision suspended. See 90 Fed. Reg. 50729.",
      },
    ]);
  });

  it("terminated, with the missing space after the period", () => {
    expect(notes("x [Compiler's note: provision terminated.See 90 Fed. Reg. 37963.]")[0]).toMatchObject({
      status: "terminated",
      fedReg: "90 Fed. Reg. 37963",
    });
    expect(notes("x [Compiler's note: provision terminated as of February 7, 2026.]")[0]).toMatchObject({
      status: "terminated",
      asOf: "2026-02-07",
    });
    expect(
      notes("x [Compiler's note: This provision was terminated on November 14, 2025. See 90 Fed. Reg. 55964]")[0],
    ).toEqual({
      status: "terminated",
      asOf: "2025-11-14",
      fedReg: "90 Fed. Reg. 55964",
      text: "Compiler's note: This provision was terminated on November 14, 2025. See 90 Fed. Reg. 55964",
    });
  });

  it("expired (curly apostrophe; abbreviated month)", () => {
    expect(
      notes(
        "such note[Compiler’s note: This heading and its related note, U.S. note 18 to this subchapter, have expired. See 87 Fed. Reg. 7357.]",
      )[0],
    ).toMatchObject({ status: "expired", fedReg: "87 Fed. Reg. 7357" });
    expect(
      notes(
        "Provided for in subheading 1901.90.62 [Compiler's note: Subheading was enacted; expired at the close of Dec. 31, 2022]",
      )[0],
    ).toMatchObject({
      status: "expired",
      asOf: "2022-12-31",
    });
  });

  it("effective: the effective date, not the signing date", () => {
    expect(notes(BRAZIL)[0]).toMatchObject({ status: "effective", asOf: "2025-08-06", fedReg: "90 Fed. Reg. 37739" });
    expect(
      notes(
        "subchapter. [Compilers note: This heading is effective on or after June 30, 2025. For more information, see 90 Fed. Reg. 27851.]",
      )[0],
    ).toMatchObject({ status: "effective", asOf: "2025-06-30", fedReg: "90 Fed. Reg. 27851" });
  });

  it("a nested bracket inside the note", () => {
    expect(notes(TRANSSHIPMENT)).toEqual([
      {
        status: "other",
        fedReg: "90 Fed. Reg. 37963",
        text: "Compiler's note: [Insert EO Number] refers to Executive Order 14326, 90 Fed. Reg. 37963.",
      },
    ]);
  });
});

describe("parseHeadingDescription: placeholders and note references", () => {
  it("finds the three placeholder forms, outside compiler's notes", () => {
    expect(parseHeadingDescription(UK_CIVIL_AIRCRAFT_PLACEHOLDER).placeholders).toEqual(["[ ]"]);
    expect(parseHeadingDescription(TRANSSHIPMENT).placeholders).toEqual(["[Insert EO number]"]);
    expect(parseHeadingDescription(BRAZIL).placeholders).toEqual(["7 days after the date of the executive order"]);
    expect(parseHeadingDescription(FENTANYL_CN_HK).placeholders).toEqual([]);
  });

  it("does not take chemical-name brackets for placeholders", () => {
    expect(
      parseHeadingDescription(
        "2-[(2-chloro-1,3-thiazol-5-yl)methyl] [1,2,4]triazolo (provided for in subheading 2934.10.10)",
      ).placeholders,
    ).toEqual([]);
  });

  it("normalises note references", () => {
    expect(parseHeadingDescription(FENTANYL_CN_HK).noteRefs).toEqual(["U.S. note 2(u)"]);
    expect(parseHeadingDescription(PHASE1_CHINA).noteRefs).toEqual(["U.S. note 2(v)", "U.S. note 2(w)"]);
    expect(parseHeadingDescription(RECIPROCAL_REV7).noteRefs).toEqual(["U.S. note 2(v)(xiii)", "U.S. note 2(v)"]);
    expect(
      parseHeadingDescription(
        "Effective with respect to entries on or after January 1, 2024, and before June 1, 2025, articles the product of China, as provided in U.S. note 20(www) to this subchapter",
      ).noteRefs,
    ).toEqual(["U.S. note 20(www)"]);
    expect(
      parseHeadingDescription(
        "as provided for in the subheadings enumerated in U.S. notes 20(f) or 20(g) to this subchapter",
      ).noteRefs,
    ).toEqual(["U.S. note 20(f)", "U.S. note 20(g)"]);
    expect(
      parseHeadingDescription(
        "articles of copper and derivative aluminum and steel articles, as provided for in subdivisions (c)(ii), (iv), (vi)–(viii), (xi) and (e) of U.S. note 16 to this subchapter",
      ).noteRefs,
    ).toEqual([
      "U.S. note 16(c)(ii)",
      "U.S. note 16(c)(iv)",
      "U.S. note 16(c)(vi)",
      "U.S. note 16(c)(viii)",
      "U.S. note 16(c)(xi)",
      "U.S. note 16(e)",
    ]);
    expect(
      parseHeadingDescription("Articles the product of any country identified in general note 3(b)").noteRefs,
    ).toEqual(["general note 3(b)"]);
  });
});

describe("text and diff normalisation", () => {
  it("removes HTML, decodes entities and collapses whitespace", () => {
    expect(descriptionToText("A&amp;B <b>bold</b>\u00a0 &#8217;x&#x2019;<br/>y  \n z")).toBe("A&B bold ’x’ y z");
    expect(parseHeadingDescription("Japan with an <i>ad valorem</i>  rate").text).toBe("Japan with an ad valorem rate");
  });

  it("makes revisions that differ only by <b> tags or their spacing compare equal", () => {
    const a =
      "as provided for in subdivision (v) of U.S. note 2 to this subchapter [Compiler's note: provision suspended.]";
    const b =
      "as provided for in subdivision (v) of U.S. note 2 to this subchapter <b>[Compiler's note: provision suspended.]</b>";
    const c =
      "as provided for in subdivision (v) of U.S. note 2 to this subchapter<b> [Compiler's note: provision suspended.]</b>";
    const d =
      "as provided for in subdivision (v) of U.S. note 2 to this subchapter<b>[Compiler’s note: provision suspended.]</b>";
    expect(normalizeDescriptionForDiff(b)).toBe(normalizeDescriptionForDiff(a));
    expect(normalizeDescriptionForDiff(c)).toBe(normalizeDescriptionForDiff(a));
    expect(normalizeDescriptionForDiff(d)).toBe(normalizeDescriptionForDiff(a));
  });

  it("keeps substantive differences", () => {
    expect(normalizeDescriptionForDiff("subdivisions (c)(vi)–(viii) of U.S. note 16")).not.toBe(
      normalizeDescriptionForDiff("subdivisions (c)(vi)–(viii) and (xi) of U.S. note 16"),
    );
    expect(normalizeDescriptionForDiff("+ 20%")).not.toBe(normalizeDescriptionForDiff("+ 10%"));
  });
});

describe("robustness", () => {
  it("never throws and returns empty facts for non-text", () => {
    for (const bad of [undefined, null, 42, {}, "", "<<<>>>", "[Compiler's note: unterminated", "[", "]]]"]) {
      expect(() => parseHeadingDescription(bad)).not.toThrow();
      expect(() => normalizeDescriptionForDiff(bad)).not.toThrow();
    }
    const empty = parseHeadingDescription(undefined);
    expect(empty).toEqual({
      text: "",
      countryScope: { countries: [], phrase: "", anyCountry: false },
      exceptHeadings: [],
      windows: [],
      compilerNotes: [],
      placeholders: [],
      noteRefs: [],
    });
  });

  it("handles an unterminated compiler's note and long input", () => {
    const r = parseHeadingDescription("Articles the product of China [Compiler's note: provision suspended.");
    expect(r.compilerNotes[0]?.status).toBe("suspended");
    expect(r.countryScope.countries).toEqual(["CN"]);
    const long = `${"Articles the product of China, ".repeat(2000)}effective with respect to entries on or after May 3, 2025`;
    expect(parseHeadingDescription(long).windows[0]?.from).toBe("2025-05-03");
  });
});
