import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readChinaAnnexText } from "../../src/sources/chinaTariffLists.js";
import { readWaughRetaliation } from "../../src/sources/hs6RateTables.js";
import { cnCodeDigits, cnCatalogFrom, cnDotted, cnLinesFor } from "../../src/schedule/cnCatalog.js";
import { CnCodeIndex } from "../../src/ledger/cnListReaders.js";
import { DataFileError, InputError } from "../../src/common/errors.js";

const fixture = (name: string): string => join(import.meta.dirname, "..", "fixtures", "cn", name);

describe("China's list and table readers (tiny fixtures)", () => {
  it("annex text: numbered rows, a name wrapped onto the next line, in order", async () => {
    const rows = await readChinaAnnexText(fixture("annex-sample.txt"), "annex-sample.txt");
    expect(rows.map((r) => r.code)).toEqual(["10071000", "12019011", "07095500", "02031110"]);
    expect(rows[2]!.name).toBe("");
    expect(rows[1]!.position).toBe("line 6");
  });
  it("annex text: a skipped row number is an error naming the line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cn-annex-"));
    writeFileSync(join(dir, "a.txt"), " 1    10071000   x\n 3    10079000   y\n");
    await expect(readChinaAnnexText(join(dir, "a.txt"), "a.txt")).rejects.toThrow(/a\.txt at line 2: row number 3 where 2 was expected/);
  });
  it("HS-6 table: rates by date, an empty rate kept as null", async () => {
    const rows = await readWaughRetaliation(fixture("hs6-sample.csv"), "hs6-sample.csv");
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatchObject({ date: "2019-09-01", hs6: "120190", ratePercent: 17.5, line: 3 });
    expect(rows[3]!.ratePercent).toBeNull();
  });
  it("HS-6 table: a bad code is an error naming the file and line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cn-hs6-"));
    writeFileSync(join(dir, "t.csv"), "time_of_tariff,hs6,tariff\n2019-06-01,12019,28\n");
    await expect(readWaughRetaliation(join(dir, "t.csv"), "t.csv")).rejects.toBeInstanceOf(DataFileError);
  });
});

describe("China's catalog and code index", () => {
  const catalog = cnCatalogFrom(
    ["1201901000", "1201902000", "1201100000", "8521101100A", "8521101100B"].map((code) => ({ code, description: code })),
    "fixture",
  );
  it("a code names every line it is a prefix of", () => {
    expect(cnLinesFor(catalog, "1201.90").map((i) => catalog.lines[i]!.code)).toEqual(["1201901000", "1201902000"]);
    expect(cnLinesFor(catalog, "8521.10.11.00A")).toHaveLength(1);
    expect(cnDotted("8521101100A")).toBe("8521.10.11.00A");
  });
  it("an unknown code is an error with the nearest codes", () => {
    expect(() => cnLinesFor(catalog, "1201.95")).toThrow(InputError);
    expect(() => cnCodeDigits("12x")).toThrow(/not a tariff code/);
  });
  it("a 2025 code absent from the 2018 nomenclature goes to the line sharing its longest prefix, flagged mapped", () => {
    const idx = new CnCodeIndex(catalog);
    const hit = idx.lines("12019011");
    expect(hit.mapped).toBe(true);
    expect(hit.lines.map((i) => catalog.lines[i]!.code)).toEqual(["1201901000"]);
    expect(idx.lines("12019020")).toEqual({ lines: [2], mapped: false }); // sorted: 1201100000, 1201901000, 1201902000
    expect(idx.lines("99999999").lines).toEqual([]);
  });
});
