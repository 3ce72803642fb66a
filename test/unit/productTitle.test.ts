import { describe, expect, it } from "vitest";
import { titleHead, titleOf, titleSegment } from "../../src/schedule/productTitle.js";
import { truncateAtWord } from "../../src/common/wordTruncate.js";

describe("product titles from a line and its ancestors", () => {
  it("joins the thing named above a bare 'New' with the qualifiers between", () => {
    expect(
      titleOf([
        "Motor cars and other motor vehicles principally designed for the transport of persons:",
        "Other vehicles, with only electric motors for propulsion",
        "With an EPA-rated range not exceeding 250 miles:",
        "New",
      ]),
    ).toBe("Vehicles, with only electric motors for propulsion, with an EPA-rated range not exceeding 250 miles, new");
  });

  it("strips textile categories and keeps the material and the wearer, the deeper qualifier winning", () => {
    const sweater = [
      "Sweaters, pullovers, sweatshirts, waistcoats (vests) and similar articles, knitted or crocheted:",
      "Of cotton:",
      "Other",
      "Other:",
      "Sweaters:",
      "Men's (345)",
    ];
    expect(titleOf(sweater)).toBe("Sweaters, of cotton, men's");
    expect(titleOf(["Sweaters:", "Of wool or fine animal hair:", "Of wool", "Men's or boys'", "Men's (445)"])).toBe(
      "Sweaters, of wool, men's",
    );
    expect(titleOf(["T-shirts, singlets:", "Of cotton", "Other (338)"])).toBe("T-shirts, singlets, of cotton");
  });

  it("never calls a sweater line by a sibling's word (playsuits) and drops footnote markers and note references", () => {
    expect(titleOf(["Sweaters:", "Of cotton", "Boys' or girls' garments imported as parts of playsuits (237)"])).toBe(
      "Boys' or girls' garments imported as parts of playsuits, of cotton",
    );
    expect(titleSegment("Other 1/").kind).toBe("other");
    expect(
      titleSegment(
        "<i>Crystalline silicon photovoltaic cells of a kind described in statistical note 12 to this chapter</i>",
      ).text,
    ).toBe("Crystalline silicon photovoltaic cells");
  });

  it("shortens a heading's list at a clause boundary and drops 'Other' and asides", () => {
    const t = titleOf([
      "Semiconductor devices (for example, diodes, transistors, semiconductor-based transducers); photosensitive semiconductor devices",
    ]);
    expect(t).toBe("Semiconductor devices");
    expect(titleOf(["Articles of iron or steel:", "Other:", "Other"])).toBe("Articles of iron or steel");
  });

  it("treats a lone state or adjective as a qualifier, not as the name", () => {
    expect(titleOf(["Works trucks, self-propelled; parts of the foregoing vehicles:", "Vehicles:", "Electrical"])).toBe(
      "Vehicles, electrical",
    );
    expect(titleOf(["New pneumatic tires, of rubber:", "Of a kind used on motor cars"])).toBe(
      "New pneumatic tires, of rubber, of a kind used on motor cars",
    );
  });

  it("names a short leaf by the thing above unless that thing already mentions it", () => {
    expect(titleOf(["Live horses:", "Horses:", "Purebred breeding animals", "Females"])).toBe(
      "Purebred breeding animals: females",
    );
    expect(titleOf(["Telephone sets, including smartphones and other telephones:", "Smartphones"])).toBe("Smartphones");
    expect(titleOf(["Tractors:", "Other, of an engine power exceeding 37 kW"])).toBe(
      "Tractors, of an engine power exceeding 37 kW",
    );
  });

  it("names what a line is in its head", () => {
    expect(titleHead("Toys for pets")).toBe("Toys");
    expect(titleHead("Machines and apparatus for the manufacture of semiconductor devices")).toBe(
      "Machines and apparatus",
    );
    expect(titleHead("Toy jewelry, valued not over 20 cents")).toBe("Toy jewelry");
  });
});

describe("truncation at a word boundary", () => {
  it("never cuts a word and marks the cut", () => {
    const s = "Tricycles, scooters, pedal cars and similar wheeled toys; dolls";
    const t = truncateAtWord(s, 30);
    expect(t.length).toBeLessThanOrEqual(30);
    expect(t).toBe("Tricycles, scooters, pedal…");
    expect(s.startsWith(t.slice(0, -1))).toBe(true);
    expect(truncateAtWord("short", 30)).toBe("short");
    expect(truncateAtWord("Supercalifragilistic", 10)).toBe("Supercali…");
  });
});
