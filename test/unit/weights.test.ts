import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collectedRate2024,
  joinWeightsToEdition,
  listImportPartners,
  listWeightSets,
  loadWeightSet,
  rescaleToChapterTotals,
  resolveImportPartner,
  type WeightRow,
} from "../../src/analytics/weights.js";
import { DataFileError, InputError } from "../../src/common/errors.js";
import { readHs10Imports, readHs2Monthly } from "../../src/sources/censusImports.js";
import type { HtsCatalog, LineVersion } from "../../src/schedule/htsCatalog.js";
import { openDuckDb, withDuckDb, type DuckDb } from "../../src/store/duckdb.js";

// ---------------------------------------------------------------------------------------------------------------
// A hand-made catalog of three editions (e0, e1, e2)

function v(from: number, to: number, code: string): LineVersion {
  return {
    from,
    to,
    legalCode: code.slice(0, 8),
    general: "5%",
    other: "35%",
    special: "",
    description: code,
    chapter99: [],
    chapter99Prefixes: [],
    row: 0,
  };
}

function tinyCatalog(): HtsCatalog {
  const lines = new Map<string, LineVersion[]>([
    // printed throughout
    ["0101210010", [v(0, 2, "0101210010")]],
    // A: printed in e0 only, discontinued; B: an old sibling; C, D: established in e1
    ["1111110010", [v(0, 0, "1111110010")]],
    ["1111110020", [v(0, 2, "1111110020")]],
    ["1111110030", [v(1, 2, "1111110030")]],
    ["1111110040", [v(1, 2, "1111110040")]],
    // discontinued after e0 with no new line in its HTS-8: only the old sibling 2222220020 remains
    ["2222220010", [v(0, 0, "2222220010")]],
    ["2222220020", [v(0, 2, "2222220020")]],
    // an HTS-8 whose lines the 2024 data does not know (the 2024 code 3333330099 is in no edition)
    ["3333330010", [v(0, 2, "3333330010")]],
    ["3333330020", [v(0, 2, "3333330020")]],
    ["3333330030", [v(0, 2, "3333330030")]],
  ]);
  return { editions: ["e0", "e1", "e2"], lines, headings: new Map() };
}

const ROWS: WeightRow[] = [
  { hts10: "0101210010", value: 100, duty: 10 },
  { hts10: "1111110010", value: 60, duty: 6 },
  { hts10: "2222220010", value: 40, duty: 4 },
  { hts10: "3333330099", value: 30, duty: 3 },
  { hts10: "4444440010", value: 7, duty: 1 },
  { hts10: "9801001098", value: 5, duty: 0 },
  { hts10: "9999950000", value: 3, duty: 0 },
];

describe("joinWeightsToEdition (hand-made catalog)", () => {
  const catalog = tinyCatalog();

  it("maps printed codes exactly and a discontinued code to the lines established after it", () => {
    const j = joinWeightsToEdition(ROWS, catalog, 2);
    expect(j.edition).toBe("e2");
    expect(j.matched.filter((m) => m.source === "0101210010")).toEqual([
      { hts10: "0101210010", value: 100, duty: 10, source: "0101210010", method: "exact", splitAmong: 1 },
    ]);
    const a = j.matched.filter((m) => m.source === "1111110010");
    expect(a.map((m) => m.hts10)).toEqual(["1111110030", "1111110040"]); // not the old sibling 1111110020
    expect(a.every((m) => m.method === "successors" && m.splitAmong === 2 && m.value === 30 && m.duty === 3)).toBe(
      true,
    );
  });

  it("falls back to all lines of the HTS-8 when no successor is known, flagged as a split", () => {
    const j = joinWeightsToEdition(ROWS, catalog, 2);
    const b = j.matched.filter((m) => m.source === "2222220010");
    expect(b).toEqual([
      { hts10: "2222220020", value: 40, duty: 4, source: "2222220010", method: "hts8", splitAmong: 1 },
    ]);
    const c = j.matched.filter((m) => m.source === "3333330099");
    expect(c.map((m) => m.hts10)).toEqual(["3333330010", "3333330020", "3333330030"]);
    expect(c.every((m) => m.method === "hts8" && m.splitAmong === 3 && m.value === 10)).toBe(true);
    expect(j.splitValue).toBe(60 + 40 + 30);
    expect(j.byMethod).toEqual({
      exact: { rows: 1, value: 100 },
      successors: { rows: 1, value: 60 },
      hts8: { rows: 2, value: 70 },
    });
  });

  it("reports what cannot be matched, with the reason, and loses no value", () => {
    const j = joinWeightsToEdition(ROWS, catalog, 2);
    expect(j.unmatched).toEqual([
      { hts10: "4444440010", value: 7, duty: 1, reason: "no-line-in-hts8" },
      { hts10: "9801001098", value: 5, duty: 0, reason: "chapter-98" },
      { hts10: "9999950000", value: 3, duty: 0, reason: "census-only" },
    ]);
    expect(j.unmatchedValue).toBe(15);
    expect(j.unmatchedByReason).toEqual({ "chapter-98": 5, "census-only": 3, "no-line-in-hts8": 7 });
    expect(j.totalValue).toBe(245);
    const matchedValue = j.matched.reduce((s, m) => s + m.value, 0);
    expect(matchedValue + j.unmatchedValue).toBeCloseTo(j.totalValue, 9);
  });

  it("in the edition where the old code is still printed, matches it exactly", () => {
    const j = joinWeightsToEdition(ROWS, catalog, 0);
    expect(j.matched.find((m) => m.source === "1111110010")).toMatchObject({ hts10: "1111110010", method: "exact" });
    expect(j.matched.find((m) => m.source === "2222220010")).toMatchObject({ hts10: "2222220010", method: "exact" });
  });

  it("rejects an edition index outside the catalog", () => {
    expect(() => joinWeightsToEdition(ROWS, catalog, 3)).toThrow(InputError);
    expect(() => joinWeightsToEdition(ROWS, catalog, -1)).toThrow(/not an edition index/);
  });
});

describe("rescaleToChapterTotals (approx-2017 mechanics)", () => {
  const rows: WeightRow[] = [
    { hts10: "0101000010", value: 30, duty: 3 },
    { hts10: "0102000010", value: 70, duty: 0 },
    { hts10: "8471000010", value: 200, duty: 50 },
    { hts10: "8471000020", value: 600, duty: 0 },
    { hts10: "9503000000", value: 50, duty: 1 },
  ];
  const totals = new Map([
    ["01", 1000],
    ["84", 400],
    ["61", 123], // no 2024 row: cannot be carried
  ]);
  const r = rescaleToChapterTotals(rows, totals);

  it("makes each chapter total its target", () => {
    const by = new Map<string, number>();
    for (const x of r.rows) by.set(x.hts10.slice(0, 2), (by.get(x.hts10.slice(0, 2)) ?? 0) + x.value);
    expect(by.get("01")).toBeCloseTo(1000, 9);
    expect(by.get("84")).toBeCloseTo(400, 9);
    expect(by.get("95")).toBe(0); // no 2017 total for the chapter
  });

  it("keeps within-chapter shares and each line's duty rate", () => {
    const v = (c: string) => r.rows.find((x) => x.hts10 === c)!;
    expect(v("0101000010").value / 1000).toBeCloseTo(0.3, 12);
    expect(v("8471000010").value / 400).toBeCloseTo(0.25, 12);
    expect(v("8471000010").duty / v("8471000010").value).toBeCloseTo(0.25, 12);
    expect(v("0101000010").duty / v("0101000010").value).toBeCloseTo(0.1, 12);
  });

  it("reports the target value no 2024 line can carry, and the factors", () => {
    expect(r.unallocated).toEqual([{ chapter: "61", value2017: 123 }]);
    expect(r.chapters.find((c) => c.chapter === "84")).toEqual({
      chapter: "84",
      value2024: 800,
      value2017: 400,
      factor: 0.5,
    });
  });
});

describe("collectedRate2024", () => {
  it("divides duty by value overall and by HS-2", () => {
    const c = collectedRate2024([
      { hts10: "0101000010", value: 100, duty: 10 },
      { hts10: "0102000010", value: 100, duty: 0 },
      { hts10: "8471000010", value: 800, duty: 200 },
      { hts10: "9503000000", value: 0, duty: 0 },
    ]);
    expect(c.rate).toBeCloseTo(0.21, 12);
    expect(c.byChapter).toEqual([
      { chapter: "01", value: 200, duty: 10, rate: 0.05 },
      { chapter: "84", value: 800, duty: 200, rate: 0.25 },
      { chapter: "95", value: 0, duty: 0, rate: null },
    ]);
  });
});

describe("weight-set registry and partners", () => {
  it("lists the weight sets as data", () => {
    expect(listWeightSets().map((w) => w.name)).toEqual([
      "census-2024",
      "approx-2017",
      ...[2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025].map((y) => `comtrade-${y}`),
    ]);
    expect(listWeightSets().find((w) => w.name === "approx-2017")!.partners).toEqual(["5700"]);
    expect(listWeightSets().find((w) => w.name === "comtrade-2017")).toMatchObject({ year: 2017, partners: ["5700"] });
  });

  it("lists the 51 partners with a 2024 file and resolves ISO or Census codes", () => {
    const p = listImportPartners();
    expect(p).toHaveLength(51);
    expect(p.find((x) => x.code === "0003")).toMatchObject({ aggregate: true, iso: null });
    expect(resolveImportPartner("CN")).toBe("5700");
    expect(resolveImportPartner("cn")).toBe("5700");
    expect(resolveImportPartner("5880")).toBe("5880");
    expect(() => resolveImportPartner("DE")).toThrow(/no 2024 HS-10 import file/);
    expect(() => resolveImportPartner("ZZ")).toThrow(InputError);
  });

  it("refuses unknown sets and approx-2017 for partners other than China", async () => {
    await expect(loadWeightSet("census-2019", { partner: "CN" })).rejects.toMatchObject({ code: "UNKNOWN_WEIGHT_SET" });
    await expect(loadWeightSet("approx-2017", { partner: "JP" })).rejects.toMatchObject({
      code: "WEIGHTS_UNAVAILABLE",
    });
    await expect(loadWeightSet("approx-2017", { partner: "JP" })).rejects.toBeInstanceOf(InputError);
    await expect(loadWeightSet("comtrade-2017", { partner: "JP" })).rejects.toMatchObject({
      code: "WEIGHTS_UNAVAILABLE",
    });
    await expect(loadWeightSet("comtrade-2014", { partner: "CN" })).rejects.toMatchObject({
      code: "UNKNOWN_WEIGHT_SET",
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Parquet readers on tiny files written by DuckDB

describe("Census Parquet readers", () => {
  let dir: string;
  let db: DuckDb;

  const GOOD = `SELECT * FROM (VALUES
      ('CHINA', '1000', '75', '0101210010', 'HORSES', TIMESTAMP '2024-12-01', 'HS10', '5700'),
      ('CHINA', '250', '0', '9801001098', 'US GOODS RETURNED', TIMESTAMP '2024-12-01', 'HS10', '5700'))
    AS t(CTY_NAME, CON_VAL_YR, CAL_DUT_YR, I_COMMODITY, I_COMMODITY_SDESC, "time", COMM_LVL, CTY_CODE)`;

  async function write(name: string, select: string): Promise<string> {
    const file = join(dir, name);
    await db.exec(`COPY (${select}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
    return file;
  }

  async function error(p: Promise<unknown>): Promise<DataFileError> {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(DataFileError);
      return e as DataFileError;
    }
    throw new Error("expected a DataFileError");
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tariffscope-weights-"));
    db = await openDuckDb();
  });

  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads a well-formed HS-10 file into typed rows", async () => {
    const file = await write("good.parquet", GOOD);
    const [f] = await readHs10Imports([file]);
    expect(f).toMatchObject({ file, partnerCode: "5700", partnerName: "CHINA", period: "2024-12" });
    expect(f!.rows).toEqual([
      {
        hts10: "0101210010",
        partnerCode: "5700",
        partnerName: "CHINA",
        value: 1000,
        calculatedDuty: 75,
        description: "HORSES",
        row: 0,
      },
      {
        hts10: "9801001098",
        partnerCode: "5700",
        partnerName: "CHINA",
        value: 250,
        calculatedDuty: 0,
        description: "US GOODS RETURNED",
        row: 1,
      },
    ]);
  });

  it("names the file and the column when a column is missing", async () => {
    const file = await write("missing.parquet", `SELECT * EXCLUDE (CAL_DUT_YR) FROM (${GOOD})`);
    const e = await error(readHs10Imports([file]));
    expect(e.file).toBe(file);
    expect(e.code).toBe("BAD_SCHEMA");
    expect(e.message).toContain(file);
    expect(e.message).toContain("missing column CAL_DUT_YR");
  });

  it("names the file and the column when a column has the wrong type", async () => {
    const good = await write("good2.parquet", GOOD);
    const file = await write("wrongtype.parquet", `SELECT * REPLACE (DATE '2024-01-01' AS CON_VAL_YR) FROM (${GOOD})`);
    const e = await error(readHs10Imports([good, file]));
    expect(e.file).toBe(file);
    expect(e.message).toMatch(/column CON_VAL_YR has type DATE/);
  });

  it("names the file, column and row of a bad value", async () => {
    const file = await write(
      "badvalue.parquet",
      `SELECT * REPLACE (CASE WHEN CON_VAL_YR = '250' THEN '2x0' ELSE CON_VAL_YR END AS CON_VAL_YR) FROM (${GOOD})`,
    );
    const e = await error(readHs10Imports([file]));
    expect(e).toMatchObject({ file, code: "BAD_VALUE", position: "row 1" });
    expect(e.message).toContain("column CON_VAL_YR");
    const code = await write("badcode.parquet", `SELECT * REPLACE ('01012100' AS I_COMMODITY) FROM (${GOOD})`);
    expect((await error(readHs10Imports([code]))).message).toMatch(/column I_COMMODITY: not a 10-digit HTS code/);
  });

  it("rejects a file holding two partners", async () => {
    const file = await write(
      "twopartners.parquet",
      `SELECT * REPLACE (CASE WHEN I_COMMODITY LIKE '98%' THEN '5880' ELSE CTY_CODE END AS CTY_CODE) FROM (${GOOD})`,
    );
    expect((await error(readHs10Imports([file]))).message).toMatch(/column CTY_CODE: more than one value/);
  });

  it("names a file that is not Parquet at all", async () => {
    const file = join(dir, "notparquet.parquet");
    writeFileSync(file, "CTY_NAME,CON_VAL_YR\nCHINA,1\n");
    const e = await error(readHs10Imports([file]));
    expect(e.file).toBe(file);
    expect(e.code).toBe("CORRUPT_FILE");
  });

  it("reads an HS-2 monthly file and checks its schema", async () => {
    const monthly = `SELECT * FROM (VALUES
        ('CHINA', '100', '5', '01', 'LIVE ANIMALS', '2017-01', 'HS2', '5700'),
        ('CHINA', '200', '0', '84', 'MACHINERY', '2017-02', 'HS2', '5700'))
      AS t(CTY_NAME, CON_VAL_MO, CAL_DUT_MO, I_COMMODITY, I_COMMODITY_SDESC, "time", COMM_LVL, CTY_CODE)`;
    const file = await write("monthly.parquet", monthly);
    const total = await write(
      "total.parquet",
      `SELECT * EXCLUDE (CTY_CODE) REPLACE ('TOTAL FOR ALL COUNTRIES' AS CTY_NAME) FROM (${monthly})`,
    );
    const [m, t] = await readHs2Monthly([file, total]);
    expect(m).toMatchObject({ file, partnerCode: "5700", partnerName: "CHINA" });
    expect(m!.rows).toEqual([
      { chapter: "01", year: 2017, month: 1, value: 100, duty: 5, row: 0 },
      { chapter: "84", year: 2017, month: 2, value: 200, duty: 0, row: 1 },
    ]);
    expect(t).toMatchObject({ partnerCode: null, partnerName: "TOTAL FOR ALL COUNTRIES" });
    const bad = await write("monthly-bad.parquet", `SELECT * EXCLUDE (CON_VAL_MO) FROM (${monthly})`);
    const e = await error(readHs2Monthly([bad]));
    expect(e.file).toBe(bad);
    expect(e.message).toContain("missing column CON_VAL_MO");
  });
});

describe("DuckDB wrapper", () => {
  it("runs parameterised queries and returns plain rows", async () => {
    const rows = await withDuckDb((db) =>
      db.query<{ n: number; s: string; l: number; big: bigint | number }>(
        "SELECT $n::BIGINT + 1 AS n, $s AS s, len($l) AS l, 9007199254740993::HUGEINT AS big",
        { n: 41, s: "x", l: ["a", "b", "c"] },
      ),
    );
    expect(rows).toEqual([{ n: 42, s: "x", l: 3, big: 9007199254740993n }]);
    const db = await openDuckDb();
    expect(await db.query("SELECT ? AS a, ? AS b", [1.5, null])).toEqual([{ a: 1.5, b: null }]);
    db.close();
    expect(db.closed).toBe(true);
    await expect(db.query("SELECT 1")).rejects.toThrow(/closed/);
  });
});
