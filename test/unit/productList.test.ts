import { describe, expect, it } from "vitest";
import {
  duplicateCodes,
  formatEntry,
  lineRange,
  listMatches,
  listMatchesAll,
  makeEntry,
  provisionDigits,
  type ProductList,
} from "../../src/sources/productList.js";

function list(codes: string[], extra: Partial<ProductList> = {}): ProductList {
  return {
    id: "test-list",
    title: "test",
    source: { file: "test.txt", where: "here" },
    entries: codes.map((c, i) => makeEntry(provisionDigits(c)!, i + 1)),
    ...extra,
  };
}

describe("provisionDigits", () => {
  it("reads printed provisions of every granularity, with or without dots", () => {
    expect(provisionDigits("7601")).toBe("7601");
    expect(provisionDigits("7302.10")).toBe("730210");
    expect(provisionDigits("8479.89.95")).toBe("84798995");
    expect(provisionDigits("7616.99.5160")).toBe("7616995160");
    expect(provisionDigits("7616.99.51.60")).toBe("7616995160");
    expect(provisionDigits("05080000")).toBe("05080000");
    expect(provisionDigits("8505.11.0070;")).toBe("8505110070");
  });

  it("rejects what is not a provision", () => {
    expect(provisionDigits("2024:")).toBeUndefined();
    expect(provisionDigits("12:01")).toBeUndefined();
    expect(provisionDigits("99")).toBeUndefined();
    expect(provisionDigits("123.45")).toBeUndefined();
    expect(provisionDigits("7616.9")).toBeUndefined();
    expect(provisionDigits("abcd")).toBeUndefined();
  });
});

describe("makeEntry", () => {
  it("derives the granularity from the digits", () => {
    expect(makeEntry("7601", 3).granularity).toBe(4);
    expect(makeEntry("730210", 3).granularity).toBe(6);
    expect(makeEntry("7616995160", 3, { rate: "50%", group: "Aluminum" })).toEqual({
      code: "7616995160",
      granularity: 10,
      line: 3,
      rate: "50%",
      group: "Aluminum",
    });
  });

  it("refuses lengths that are not HTS granularities", () => {
    expect(() => makeEntry("761", 1)).toThrow(/not an HTS provision/);
    expect(() => makeEntry("76010", 1)).toThrow(/not an HTS provision/);
  });
});

describe("listMatches", () => {
  const l = list(["7601", "7302.10", "8479.89.95", "7616.99.5160", "8505.11.0070", "8471", "8471.30", "8471.30.01"]);

  it("matches by prefix at the printed granularity", () => {
    expect(listMatches(l, "7601103000")?.code).toBe("7601");
    expect(listMatches(l, "7302101010")?.code).toBe("730210");
    expect(listMatches(l, "8479899599")?.code).toBe("84798995");
    expect(listMatches(l, "7302900000")).toBeUndefined();
    expect(listMatches(l, "7602000000")).toBeUndefined();
  });

  it("lets the most specific printed provision win", () => {
    expect(listMatches(l, "8471300100")?.code).toBe("84713001");
    expect(listMatches(l, "8471300200")?.code).toBe("847130");
    expect(listMatches(l, "8471410150")?.code).toBe("8471");
  });

  it("distinguishes a 10-digit statistical line from its 8-digit legal line", () => {
    expect(listMatches(l, "7616995160")?.code).toBe("7616995160");
    expect(listMatches(l, "7616995170")).toBeUndefined();
    expect(listMatches(l, "8505110070")?.granularity).toBe(10);
    expect(listMatches(l, "8505110080")).toBeUndefined();
    // An 8-digit query cannot be decided by a 10-digit provision.
    expect(listMatches(l, "85051100")).toBeUndefined();
  });

  it("tolerates dotted queries", () => {
    expect(listMatches(l, "8479.89.95.99")?.code).toBe("84798995");
  });

  it("returns every covering entry, most specific first", () => {
    expect(listMatchesAll(l, "8471300100").map((e) => e.code)).toEqual(["84713001", "847130", "8471"]);
    expect(listMatchesAll(l, "0101210010")).toEqual([]);
  });

  it("returns the first printing of a provision printed twice", () => {
    const twice: ProductList = {
      ...list([]),
      entries: [makeEntry("76141010", 5, { group: "(c)(ii)" }), makeEntry("76141010", 9, { group: "(c)(iv)" })],
    };
    expect(listMatches(twice, "7614101000")?.group).toBe("(c)(ii)");
    expect(listMatchesAll(twice, "7614101000").map((e) => e.group)).toEqual(["(c)(ii)", "(c)(iv)"]);
    expect(duplicateCodes(twice)).toEqual(["76141010"]);
  });

  it("rebuilds its index when the entries are replaced", () => {
    const m = list(["7601"]);
    expect(listMatches(m, "7604100000")).toBeUndefined();
    m.entries = [...m.entries, makeEntry("7604", 2)];
    expect(listMatches(m, "7604100000")?.code).toBe("7604");
  });

  it("matches 20,000 codes against 1,500 entries exactly as a prefix scan does (timings are in npm run bench)", () => {
    const codes: string[] = [];
    for (let i = 0; i < 1500; i++) codes.push(String(10000000 + i * 5000).padStart(8, "0"));
    const big = list(codes.map((c) => `${c.slice(0, 4)}.${c.slice(4, 6)}.${c.slice(6)}`));
    const queries = Array.from({ length: 20000 }, (_, i) => String(1000000000 + i * 37013).slice(0, 10));
    const scan = (q: string): string | undefined => codes.find((c) => q.startsWith(c));
    let hits = 0;
    for (const q of queries) {
      const got = listMatches(big, q)?.code;
      expect(got).toBe(scan(q));
      if (got) hits++;
    }
    expect(hits).toBeGreaterThan(0);
  });
});

describe("helpers", () => {
  it("formats entries in the HTS dotted style and computes line ranges", () => {
    expect(formatEntry(makeEntry("7616995160", 1))).toBe("7616.99.51.60");
    expect(lineRange([makeEntry("7601", 9), makeEntry("7604", 4)])).toEqual([4, 9]);
    expect(lineRange([])).toBeUndefined();
  });
});
