import { beforeAll, describe, expect, it } from "vitest";
import { loadEdition, loadHtsCatalog } from "../../src/schedule/scheduleCatalog.js";
import { HtsSearchIndex } from "../../src/schedule/htsSearch.js";

let index: HtsSearchIndex;

beforeAll(async () => {
  const [{ catalog }, latest] = await Promise.all([loadHtsCatalog(), loadEdition("2026_rev_10")]);
  index = new HtsSearchIndex(catalog, latest);
});

/** Everyday queries and the chapter, heading or subheading their first hit must fall in. */
const EVERYDAY: [query: string, expected: RegExp][] = [
  ["electric vehicles", /^8703\.80/],
  ["steel", /^7[23]/],
  ["solar panels", /^8541\.4[23]/],
  ["sweater", /^6110/],
  ["laptop", /^8471\.30/],
  ["smartphone", /^8517\.13/],
  ["lithium batteries", /^8507\.60/],
  ["toys", /^9503/],
  ["furniture", /^9403/],
  ["shoes", /^64/],
  ["t-shirts", /^6109/],
  ["aluminum foil", /^7607/],
  ["copper wire", /^7408/],
  ["tires", /^40(11|12)/],
  ["semiconductors", /^854[12]/],
  ["bicycles", /^8712/],
  ["frozen shrimp", /^0306/],
  ["wooden furniture", /^9403\.60/],
];

describe("word search over the latest edition (BM25 over titles, descriptions and ancestors)", () => {
  it.each(EVERYDAY)("%s → the expected line first", (query, expected) => {
    const r = index.search(query, 5);
    expect(r.mode).toBe("words");
    expect(r.hits[0]?.code, `${query}: ${r.hits.map((h) => `${h.code} ${h.title}`).join(" | ")}`).toMatch(expected);
  });

  it("lists solar cells and modules both near the top", () => {
    const codes = index.search("solar panels", 5).hits.map((h) => h.code);
    expect(codes.some((c) => c.startsWith("8541.42"))).toBe(true);
    expect(codes.some((c) => c.startsWith("8541.43"))).toBe(true);
  });

  it("titles the sweater lines with what they are, not with a sibling's words", () => {
    const hits = index.search("sweater", 30).hits.filter((h) => h.code.startsWith("6110.20.20"));
    expect(hits.length).toBeGreaterThan(2);
    for (const h of hits) {
      expect(h.title).toMatch(/^Sweaters, of cotton, /);
      expect(h.title).not.toMatch(/\(\d{3}\)|playsuits/);
      expect(h.description).not.toBe("");
    }
  });

  it("titles 8703.80.00.20 as a new electric vehicle, not as 'New'", () => {
    const hit = index.search("8703.80.00.20").hits[0]!;
    expect(hit.code).toBe("8703.80.00.20");
    expect(hit.title).toMatch(/^Vehicles, with only electric motors for propulsion,.*new$/);
  });

  it("finds a half-typed last word and a one-letter slip", () => {
    expect(index.search("copper wir", 3).hits[0]?.code).toMatch(/^7408/);
    expect(index.search("sweatr", 3).hits[0]?.code).toMatch(/^6110/);
  });

  it("answers nothing (not everything) for stop words and unknown words", () => {
    expect(index.search("the of and").total).toBe(0);
    expect(index.search("qwxzzy").total).toBe(0);
  });
});
