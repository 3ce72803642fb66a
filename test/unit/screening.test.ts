import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readConsolidatedScreeningList, parseCslAddress } from "../../src/sources/consolidatedScreeningList.js";
import { readEntityList, repairAliases } from "../../src/controls/entityList.js";
import { normaliseName, scriptsOf } from "../../src/controls/nameNormalisation.js";
import { Screener, MAX_NAME_LENGTH } from "../../src/controls/screening.js";
import { screenBatchFile } from "../../src/controls/batchScreening.js";

const fixture = (f: string): string => fileURLToPath(new URL(`../fixtures/controls/${f}`, import.meta.url));

describe("name normalisation", () => {
  it("folds case, punctuation, company forms and romanisation variants", () => {
    expect(normaliseName("SHENZHEN  Example Tech. Co., Ltd.").key).toBe("shenzhen example technology");
    expect(normaliseName("Peking Univ.").key).toBe("beijing university");
    expect(normaliseName("Xi'an Da-Jiang").compact).toBe("xiandajiang");
    expect(normaliseName("Société Générale S.A.").key).toBe("societe generale");
    // the last word is never removed, even when it is a company form
    expect(normaliseName("Limited").key).toBe("limited");
  });
  it("tells scripts apart", () => {
    expect([...scriptsOf("华为 Huawei")].sort()).toEqual(["han", "latin"]);
    expect([...scriptsOf("Газпром")]).toEqual(["cyrillic"]);
  });
  it("rejoins alias fragments split at Co.; Ltd.", () => {
    expect(repairAliases(["A Co.", "Ltd.", "B"])).toEqual(["A Co., Ltd.", "B"]);
  });
});

describe("CSL reader", () => {
  it("reads the CSV form, splitting addresses' countries and notices", () => {
    const f = readConsolidatedScreeningList(fixture("csl-mini.csv"));
    expect(f.form).toBe("csv");
    expect(f.entries).toHaveLength(4);
    expect(f.entries[2]!.federalRegisterNotices).toEqual(["84 FR 1", "85 FR 2"]);
    expect(parseCslAddress("Kowloon, HK")).toEqual({ text: "Kowloon", country: "HK" });
  });
  it("reads the JSON form", () => {
    const f = readConsolidatedScreeningList(fixture("csl-mini.json"));
    expect(f.form).toBe("json");
    expect(f.entries[0]!.addresses[0]!.country).toBe("CN");
    expect(f.entries[0]!.altNames).toEqual(["Shenzhen Example Photonic Tech Co., Ltd."]);
  });
  it("names the file and column of a malformed list", () => {
    expect(() => readConsolidatedScreeningList("x.csv", "source,name\nEL,A\n")).toThrow(/x\.csv.*missing column alt_names/);
    expect(() => readConsolidatedScreeningList("x.json", '{"hits": []}')).toThrow(/results/);
  });
});

describe("screening (fixture list)", () => {
  const csv = new Screener(readEntityList(fixture("csl-mini.csv")));
  const json = new Screener(readEntityList(fixture("csl-mini.json")));
  it("keeps only Entity List rows", () => {
    expect(csv.list.parties).toHaveLength(3);
    expect(csv.screen("Not An Entity List Row").status).toBe("no-match");
  });
  it("finds a party by its short name, its alias, the affiliate's name and the name without location", () => {
    expect(csv.screen("EXPHO").matches[0]).toMatchObject({ score: 1, matchedKind: "short-name", federalRegisterNotices: ["89 FR 12345"] });
    expect(csv.screen("Shenzhen Example Photonic Technology Company Limited").matches[0]!.name).toBe("Example Photonics Co. Ltd. (EXPHO)");
    expect(csv.screen("Child Widgets").matches[0]).toMatchObject({ affiliateOf: "Parent Group", matchedKind: "affiliate" });
    expect(csv.screen("Example Avionics Co Ltd").matches[0]!.score).toBe(1);
  });
  it("scores a misspelling below an exact match and lowers a differing country", () => {
    const typo = csv.screen("Exmaple Photonics").matches[0]!;
    expect(typo.score).toBeGreaterThan(0.75);
    expect(typo.score).toBeLessThan(1);
    const other = csv.screen("EXPHO", { country: "DE" }).matches[0]!;
    expect(other.score).toBeCloseTo(0.9);
    expect(other.notes.join()).toMatch(/no address of the entry is in DE/);
  });
  it("matches Han-script names only against Han-script aliases, and says so when there are none", () => {
    expect(json.screen("北京示例科技有限公司").matches[0]!.score).toBe(1);
    const r = csv.screen("华为技术有限公司");
    expect(r.status).toBe("unscreenable");
    expect(r.warnings[0]).toMatch(/han script.*the list has none/);
  });
  it("refuses empty, enormous and punctuation-only names with precise errors", () => {
    expect(() => csv.screen("   ")).toThrow(/EMPTY|empty/);
    expect(() => csv.screen("x".repeat(MAX_NAME_LENGTH + 1))).toThrow(/1001 characters/);
    expect(csv.screen("&&& ---").status).toBe("unscreenable");
    expect(() => csv.screen("A", { country: "China" })).toThrow(/ISO-2/);
  });
  it("screens a batch, reporting bad rows as row errors", () => {
    const r = screenBatchFile(csv, "batch.csv", {}, 'id,name,country\n1,EXPHO,CN\n2,,CN\n3,Acme Widgets,US\n');
    expect(r.counts).toEqual({ rows: 3, match: 1, noMatch: 1, unscreenable: 0, errors: 1 });
    expect(r.rows[1]!.error!.code).toBe("EMPTY_NAME");
    expect(() => screenBatchFile(csv, "b.csv", {}, "firm\nA\n")).toThrow(/no column name/);
  });
});
