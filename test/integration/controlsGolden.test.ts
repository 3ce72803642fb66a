import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCachedEntityList } from "../../src/controls/entityList.js";
import { Screener } from "../../src/controls/screening.js";
import { loadControlLedger } from "../../src/controls/controlLedger.js";
import { readOwnershipFile } from "../../src/controls/ownership.js";
import { assessAffiliates } from "../../src/controls/affiliatesRule.js";
import { controlsReport } from "../../src/controls/chinaControls.js";

const demo = fileURLToPath(new URL("../../examples/ownership-synthetic.csv", import.meta.url));

let screener: Screener;
beforeAll(() => {
  screener = new Screener(loadCachedEntityList());
});

describe("Entity List screening: golden cases (controls/csl-entity-list-2025-11-08.csv)", () => {
  it("reads the 3,421 Entity List entries", () => {
    expect(screener.list.parties).toHaveLength(3421);
  });
  it("finds listed Chinese entities by their aliases", () => {
    const dji = screener.screen("Da Jiang Innovations", { country: "CN" }).matches[0]!;
    expect(dji).toMatchObject({ name: "DJI", score: 1, matchedKind: "alias", startDate: "2020-12-18" });
    expect(dji.federalRegisterNotices).toContain("85 FR 83420");
    // The alias list splits "SZ DJI Technology Co., Ltd." at the comma; the reader rejoins it.
    expect(screener.screen("SZ DJI Technology Co., Ltd.").matches[0]!.name).toBe("DJI");
    const smic = screener.screen("SMIC Beijing").matches[0]!;
    expect(smic.name).toBe("Semiconductor Manufacturing International (Beijing) Corporation");
    expect(smic.licensePolicy).toBe("Presumption of denial");
    expect(screener.screen("Hikvision").matches[0]!.name).toBe("Hangzhou Hikvision Digital Technology Co., Ltd.");
  });
  it("finds a listed entity by a misspelling, scored below 1", () => {
    const m = screener.screen("Hangzhou Hikvison Digital Technology Company Limited").matches[0]!;
    expect(m.name).toBe("Hangzhou Hikvision Digital Technology Co., Ltd.");
    expect(m.score).toBeGreaterThan(0.9);
    expect(m.score).toBeLessThan(1);
  });
  it("does not find a firm that is not listed, and says what it screened against", () => {
    const r = screener.screen("Procter & Gamble Manufacturing Company", { country: "US" });
    expect(r.status).toBe("no-match");
    expect(r.screenedAgainst).toEqual({ file: "controls/csl-entity-list-2025-11-08.csv", entries: 3421 });
  });
});

describe("Affiliates Rule (ledger/us/controls/affiliates-rule.yaml) on the synthetic ownership file", () => {
  const ledger = loadControlLedger();
  const graph = readOwnershipFile(demo);
  it("flags the chain that crosses 50% only in aggregate on 2025-10-01", () => {
    const a = assessAffiliates(graph, screener, ledger, "2025-10-01");
    expect(a.rule).toMatchObject({ state: "us.2025-09-29.affiliates-rule", status: "in-force", threshold: 50 });
    const gamma = a.firms.find((f) => f.firm === "Gamma Components Sdn Bhd")!;
    expect(gamma).toMatchObject({ aggregateListedShare: 55, largestSingleShare: 30, onlyInAggregate: true, reached: true });
    // 30% held through Alpha (60% owned by Huawei) counts in full; 25% directly by Hikvision.
    expect(gamma.contributions.map((c) => [c.owner, c.as])).toEqual([
      ["Alpha Holdings (HK) Limited", "affiliate"],
      ["Hangzhou Hikvision Digital Technology Co. Ltd.", "listed"],
    ]);
    expect(a.firms.find((f) => f.firm === "Epsilon Logistics Ltd")!.reached).toBe(true);
    expect(a.firms.find((f) => f.firm === "Delta Trading GmbH")!).toMatchObject({ aggregateListedShare: 20, reached: false });
    expect(a.firms.find((f) => f.firm === "Huawei Technologies Co. Ltd.")!.listed!.how).toBe("screened");
  });
  it("does not flag it on 2025-12-01 (suspended by 90 FR 50857), nor before 2025-09-29", () => {
    const dec = assessAffiliates(graph, screener, ledger, "2025-12-01");
    expect(dec.rule.status).toBe("suspended");
    const gamma = dec.firms.find((f) => f.firm === "Gamma Components Sdn Bhd")!;
    expect(gamma).toMatchObject({ ownershipTestMet: true, reached: false });
    expect(gamma.why).toMatch(/suspended \(90 FR 50857\)/);
    expect(assessAffiliates(graph, screener, ledger, "2025-09-28").firms.some((f) => f.reached)).toBe(false);
  });
  it("reports malformed ownership files precisely", () => {
    expect(() => readOwnershipFile("o.csv", "owner,owned,share\nA,B,60\nC,B,50\n")).toThrow(/shares in B add up to 110%, over 100% \(lines 2, 3\)/);
    expect(() => readOwnershipFile("o.csv", "owner,owned,share\nA,B,abc\n")).toThrow(/o\.csv at line 2: share "abc" is not a number/);
    expect(() => readOwnershipFile("o.csv", "owner,owned\nA,B\n")).toThrow(/missing column share/);
    expect(() => readOwnershipFile("o.csv", "owner,owned,share\n,B,10\n")).toThrow(/line 2.*empty/);
    const cyc = readOwnershipFile("o.csv", "owner,owned,share\nA,B,60\nB,A,60\n");
    expect(cyc.warnings[0]).toMatch(/ownership cycle: A → B → A/);
    expect(assessAffiliates(cyc, screener, ledger, "2025-10-01").firms.every((f) => !f.reached)).toBe(true);
    expect(() => assessAffiliates(graph, screener, ledger, "2025-10-01", ["Gamma Components"])).toThrow(/not in the ownership file.*Gamma Components Sdn Bhd/);
  });
});

describe("export controls both ways (ledger/*/controls)", () => {
  it("states China's controls on a date with their suspensions, and US import exposure by year", async () => {
    const r = await controlsReport({ date: "2025-12-01" });
    const ban = r.controls.find((c) => c.id === "cn.2024-12-03.us-ban-gallium-germanium-antimony")!;
    expect(ban).toMatchObject({ stateOnDate: "suspended", suspendedBy: "cn.2025-11-09.us-ban-suspended" });
    const oct = r.controls.find((c) => c.id === "cn.2025-10-09.rare-earth-extraterritorial-and-technology")!;
    expect(oct.stateOnDate).toBe("suspended");
    const graphite = r.controls.find((c) => c.id === "cn.2023-12-01.graphite")!;
    expect(graphite.stateOnDate).toBe("in force");
    // 2017 rows of the file: 250410 natural graphite 25,641,537 + 380110 artificial graphite 51,784,936.
    expect(graphite.exposure.find((e) => e.year === 2017)!.usd).toBe(25_641_537 + 51_784_936);
    expect(r.controls.find((c) => c.id === "us.2025-09-29.affiliates-rule")!.stateOnDate).toBe("suspended");
    const before = await controlsReport({ date: "2023-07-31", issuer: "CN" });
    expect(before.controls.find((c) => c.id === "cn.2023-08-01.gallium-germanium")!.stateOnDate).toBe("not yet");
  });
});
