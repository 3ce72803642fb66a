import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHsConcordance, placeHs6Values, type LineValue } from "../../src/analytics/hs6Weights.js";
import { HS2012_CONCORDANCE_FILE, HS_CONCORDANCE_FILE } from "../../src/analytics/weights.js";
import { DataFileError } from "../../src/common/errors.js";
import { readComtradeHs6 } from "../../src/sources/comtradeHs6.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ts-hs6-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = `"year","flow","reporter","partner","hs_vintage","hs6","value_usd","cif_usd","fob_usd","qty","qty_unit","net_wgt_kg","desc"`;
function gz(name: string, lines: string[]): string {
  const f = join(dir, name);
  writeFileSync(f, gzipSync(Buffer.from([HEADER, ...lines].join("\n") + "\n")));
  return f;
}

describe("readComtradeHs6 (gzipped CSV through DuckDB)", () => {
  it("reads typed rows with their line, filters flow and year, accepts exponent amounts", async () => {
    const f = gz("ok.csv.gz", [
      `2017,"import","USA","CHN","H5","851712",1.12e+08,1.12e+08,,5,"u",,"Telephones, cellular"`,
      `2017,"export","USA","CHN","H5","120190",900,,900,1,"kg",1,"Soya beans"`,
      `2018,"import","USA","CHN","H5","851712",250,250,,1,"u",,"Telephones, cellular"`,
      `2017,"import","USA","CHN","H5","999999",7,7,,,,,"Commodities not specified according to kind"`,
    ]);
    const all = await readComtradeHs6(f);
    expect(all.rows).toHaveLength(4);
    const r = await readComtradeHs6(f, { flow: "import", year: 2017 });
    expect(r.file).toBe(f);
    expect(r.rows).toEqual([
      {
        year: 2017,
        flow: "import",
        reporter: "USA",
        partner: "CHN",
        hsVintage: "H5",
        hs6: "851712",
        value: 112_000_000,
        description: "Telephones, cellular",
        line: 2,
      },
      expect.objectContaining({ hs6: "999999", value: 7, line: 5 }),
    ]);
  });

  it("names the file, column and line of a bad value, a missing column or a repeated row", async () => {
    const bad = gz("bad.csv.gz", [
      `2017,"import","USA","CHN","H5","851712",10,10,,1,"u",,"x"`,
      `2017,"import","USA","CHN","H5","8517",10,10,,1,"u",,"x"`,
    ]);
    await expect(readComtradeHs6(bad)).rejects.toMatchObject({ code: "BAD_VALUE", position: "line 3", file: bad });
    await expect(readComtradeHs6(bad)).rejects.toThrow(/hs6: not a 6-digit HS code \(found "8517"\)/);
    const neg = gz("neg.csv.gz", [`2017,"import","USA","CHN","H5","851712",-3,,,1,"u",,"x"`]);
    await expect(readComtradeHs6(neg)).rejects.toThrow(/value_usd: not a non-negative amount/);
    const vint = gz("vint.csv.gz", [`2017,"import","USA","CHN","H7","851712",3,,,1,"u",,"x"`]);
    await expect(readComtradeHs6(vint)).rejects.toThrow(/hs_vintage/);
    const dup = gz("dup.csv.gz", [
      `2017,"import","USA","CHN","H5","851712",10,10,,1,"u",,"x"`,
      `2017,"import","USA","CHN","H5","851712",11,11,,1,"u",,"x"`,
    ]);
    await expect(readComtradeHs6(dup)).rejects.toThrow(/2017 import 851712 appears more than once/);
    const nocol = join(dir, "nocol.csv.gz");
    writeFileSync(nocol, gzipSync(Buffer.from(`"year","flow","hs6"\n2017,"import","851712"\n`)));
    await expect(readComtradeHs6(nocol)).rejects.toMatchObject({ code: "BAD_SCHEMA" });
    const notgz = join(dir, "plain.csv.gz");
    writeFileSync(notgz, "not gzip at all");
    await expect(readComtradeHs6(notgz)).rejects.toBeInstanceOf(DataFileError);
  });
});

describe("the HS2017 → HS2022 concordance file", () => {
  it("loads with a source and a justification on every row, phones split to 8517.13/8517.14", async () => {
    const c = await loadHsConcordance(HS_CONCORDANCE_FILE, "HS2017");
    expect(c.pairs.length).toBeGreaterThan(100);
    for (const p of c.pairs) {
      expect(p.source).toMatch(/WCO HS2017-HS2022 correlation table/);
      expect(p.justification.length).toBeGreaterThan(10);
      expect(p.fromNomenclature).toBe("HS2017");
    }
    expect(c.targets.get("851712")).toEqual(["851713", "851714"]);
    expect(c.targets.get("880330")).toEqual(["880730"]);
    const c12 = await loadHsConcordance(HS2012_CONCORDANCE_FILE, "HS2012");
    for (const p of c12.pairs) expect(p.source).toMatch(/WCO HS2012-HS2017 correlation table/);
    expect(c12.targets.get("852851")).toEqual(["852852", "852859"]);
    await expect(loadHsConcordance(HS2012_CONCORDANCE_FILE, "HS2017")).rejects.toThrow(/this table is for HS2017/);
  });

  it("refuses a row without source, a self-mapping and a repeated pair, naming the line", async () => {
    const head = "from_nomenclature,from_hs6,to_hs6,source,justification\n";
    const f1 = join(dir, "c1.csv");
    writeFileSync(f1, head + `HS2017,851712,851713,WCO,phones\nHS2017,851712,851714,,phones\n`);
    await expect(loadHsConcordance(f1)).rejects.toMatchObject({ position: "line 3" });
    await expect(loadHsConcordance(f1)).rejects.toThrow(/source/);
    const f2 = join(dir, "c2.csv");
    writeFileSync(f2, head + `HS2017,851712,851712,WCO,phones\n`);
    await expect(loadHsConcordance(f2)).rejects.toThrow(/maps to itself/);
    const f3 = join(dir, "c3.csv");
    writeFileSync(f3, head + `HS2017,851712,851713,WCO,phones\nHS2017,851712,851713,WCO,phones again\n`);
    await expect(loadHsConcordance(f3)).rejects.toThrow(/appears twice/);
  });
});

describe("placeHs6Values (HS-6 values onto 2024 HTS-10 lines)", () => {
  const china: LineValue[] = [
    { hts10: "8517130000", value: 90, duty: 0 },
    { hts10: "8517140000", value: 10, duty: 1 },
    { hts10: "9403600010", value: 30, duty: 6 },
    { hts10: "9403600080", value: 10, duty: 0 },
    { hts10: "9801001012", value: 5, duty: 0 }, // Chapter 98: never a product line
  ];
  const all: LineValue[] = [
    ...china,
    { hts10: "0802910000", value: 40, duty: 4 },
    { hts10: "0802920000", value: 10, duty: 0 },
    { hts10: "0802990000", value: 0, duty: 0 },
    { hts10: "2903490000", value: 0, duty: 0 },
    { hts10: "2903490010", value: 0, duty: 0 },
  ];
  const concordance = new Map<string, string[]>([
    ["851712", ["851713", "851714"]],
    ["080290", ["080291", "080292", "080299"]],
    ["880330", ["880730"]],
  ]);

  it("spreads by the partner's 2024 values, else all partners', else evenly; old codes through the concordance", () => {
    const { rows, placement } = placeHs6Values(
      [
        { hs6: "851712", value: 1000 }, // old phones → 8517.13 / 8517.14 by China's 2024 values 90:10
        { hs6: "940360", value: 400 }, // direct, by China's lines 30:10
        { hs6: "080290", value: 100 }, // old nuts → new codes by all partners' values 40:10:0
        { hs6: "290349", value: 8 }, // direct, no 2024 value anywhere: even over its 2 lines
        { hs6: "880330", value: 7 }, // concordance target without a 2024 line
        { hs6: "851930", value: 6 }, // not in HS2022 lines and no concordance row
        { hs6: "999999", value: 5 }, // not specified
      ],
      { partner2024: china, all2024: all },
      concordance,
    );
    const by = new Map(rows.map((r) => [r.hts10, r]));
    expect(by.get("8517130000")!.value).toBeCloseTo(900, 9);
    expect(by.get("8517140000")!.value).toBeCloseTo(100, 9);
    expect(by.get("8517140000")!.duty).toBeCloseTo(10, 9); // 2024 line rate 10%
    expect(by.get("9403600010")!.value).toBeCloseTo(300, 9);
    expect(by.get("9403600010")!.duty).toBeCloseTo(60, 9);
    expect(by.get("0802910000")!.value).toBeCloseTo(80, 9);
    expect(by.get("0802920000")!.value).toBeCloseTo(20, 9);
    expect(by.has("0802990000")).toBe(false);
    expect(by.get("2903490000")!.value).toBe(4);
    expect(by.get("2903490010")!.value).toBe(4);
    expect([...by.keys()].some((k) => k.startsWith("98"))).toBe(false);
    expect(placement.totalValue).toBe(1526);
    expect(placement.unplaced).toEqual([
      { hs6: "880330", value: 7, reason: "no-2024-line", description: "" },
      { hs6: "851930", value: 6, reason: "not-in-hs2022", description: "" },
      { hs6: "999999", value: 5, reason: "not-specified", description: "" },
    ]);
    expect(placement.unplacedValue).toBe(18);
    expect(placement.placedValue).toBe(1508);
    expect(rows.reduce((s, r) => s + r.value, 0)).toBeCloseTo(placement.placedValue, 9);
    expect(placement.byRoute).toEqual({ direct: { codes: 2, value: 408 }, concordance: { codes: 2, value: 1100 } });
    expect(placement.bySpread).toEqual({ "china-2024": 1400, "partners-2024": 100, even: 8 });
    expect(placement.concordanceSplits).toContainEqual({ from: "851712", to: "851713", value: 900 });
  });

  it("without a concordance (HS2022 years) an old code is reported, not placed", () => {
    const { placement } = placeHs6Values([{ hs6: "851712", value: 10, line: 7 }], { partner2024: china, all2024: all });
    expect(placement.unplaced).toStrictEqual([
      { hs6: "851712", value: 10, reason: "not-in-hs2022", description: "", line: 7 },
    ]);
  });
});
