import { beforeAll, describe, expect, it } from "vitest";
import { openChinaTariffs, type ChinaTariffs } from "../../src/cnSession.js";
import type { CnLineStack } from "../../src/engine/cnStack.js";
import { TariffscopeError } from "../../src/common/errors.js";

/**
 * Golden cases of China's duties on US goods, derived by hand from the lists and the announcements' terms:
 * soybeans (yellow soybeans 1201.90.10, the 2025 annex's 12019011/12019019), a US car of 1.5-3 l, LNG.
 */
let cn: ChinaTariffs;
beforeAll(async () => {
  cn = await openChinaTariffs();
});

function one(hts: string, date: string): CnLineStack {
  const r = cn.stack({ hts, origin: "US", date });
  expect(r.groups).toHaveLength(1);
  return r.groups[0]!.stack;
}
const layers = (s: CnLineStack): Record<string, number> =>
  Object.fromEntries(s.lines.filter((l) => l.effectivePercent !== 0 || l.authority === "base").map((l) => [l.measures.at(-1)!, l.effectivePercent]));

describe("soybeans 1201.90.10 (yellow soybeans)", () => {
  it("2018-07-06: MFN 3 + 25 ($34bn list) = 28", () => {
    const s = one("1201.90.10", "2018-07-06");
    expect(s.totalPercent).toBe(28);
    expect(layers(s)).toEqual({ "cn-mfn-2018-01-01": 3, "cn-r301-2018-07-06": 25 });
  });
  it("2018-07-05: MFN only", () => expect(one("1201.90.10", "2018-07-05").totalPercent).toBe(3));
  it("2019-09-01: +5 (September 2019 list 1)", () => expect(one("1201.90.10", "2019-09-01").totalPercent).toBe(33));
  it("2020-02-14: the September 2019 5% halved to 2.5 → 30.5, with the exclusion process stated", () => {
    const s = one("1201.90.10", "2020-02-14");
    expect(s.totalPercent).toBe(30.5);
    expect(layers(s)["cn-r301-2020-02-14"]).toBe(2.5);
    expect(s.notes.join(" ")).toMatch(/exclusion/);
  });
  it("2025-03-10: +10 (annex 2 of the March 2025 announcement) → 40.5", () => {
    const s = one("1201.90.10", "2025-03-10");
    expect(s.totalPercent).toBe(40.5);
    expect(layers(s)["cn-2025-03-10-10pct"]).toBe(10);
    // The annex prints 2025 codes 12019011/12019019: mapped to the 2018 line, and said so.
    expect(s.uncertain.some((u) => u.measure === "cn-2025-03-10-10pct" && /mapped/.test(u.reason))).toBe(true);
  });
  it("2025-04-10: 84% (No. 5 replaced No. 4's 34% on the day both took effect) → 124.5", () => {
    const s = one("1201.90.10", "2025-04-10");
    expect(s.totalPercent).toBe(124.5);
    expect(s.lines.some((l) => l.measures.includes("cn-2025-04-10-34pct"))).toBe(false);
  });
  it("2025-04-12 and 2025-04-15: 125% → 165.5", () => {
    expect(one("1201.90.10", "2025-04-12").totalPercent).toBe(165.5);
    expect(one("1201.90.10", "2025-04-15").totalPercent).toBe(165.5);
  });
  it("2025-05-14: 10% retained, 24 points suspended (shown, not counted) → 50.5", () => {
    const s = one("1201.90.10", "2025-05-14");
    expect(s.totalPercent).toBe(50.5);
    const susp = s.lines.find((l) => l.measures.includes("cn-2025-05-14-24pct-suspended"))!;
    expect(susp.status).toBe("suspended");
    expect(susp.effectivePercent).toBe(0);
  });
  it("2025-11-10: the March farm duties lifted, the suspension extended → 40.5", () => {
    const s = one("1201.90.10", "2025-11-10");
    expect(s.totalPercent).toBe(40.5);
    expect(s.lines.some((l) => l.measures.includes("cn-2025-03-10-10pct"))).toBe(false);
    expect(s.lines.find((l) => l.measures.includes("cn-2025-11-10-24pct-suspended"))?.status).toBe("suspended");
  });
  it("black soybeans 1201.90.20 are not in the March 2025 annex", () => {
    expect(one("1201.90.20", "2025-03-10").totalPercent).toBe(30.5);
  });
  it("1201.90 answers both lines in two groups on 2025-04-15", () => {
    const r = cn.stack({ hts: "1201.90", origin: "US", date: "2025-04-15" });
    expect(r.kind).toBe("groups");
    expect(r.groups.map((g) => g.stack.totalPercent).sort()).toEqual([155.5, 165.5]);
  });
});

describe("a US car, 8703.23.42 (spark ignition, 1.5-3 l)", () => {
  it("2018-06-30: MFN 25", () => expect(one("8703.23.42.10", "2018-06-30").totalPercent).toBe(25));
  it("2018-07-01: MFN cut to 15", () => {
    const s = one("8703.23.42.10", "2018-07-01");
    expect(s.totalPercent).toBe(15);
    expect(s.lines[0]!.measures).toEqual(["cn-mfn-2018-01-01", "cn-mfn-2018-07-01"]);
  });
  it("2018-07-06: + 25 → 40", () => expect(one("8703.23.42.10", "2018-07-06").totalPercent).toBe(40));
  it("2019-01-01: the extra 25% suspended ([2018] No. 10) → 15", () => {
    const s = one("8703.23.42.10", "2019-01-01");
    expect(s.totalPercent).toBe(15);
    const l = s.lines.find((x) => x.measures.includes("cn-r301-2018-07-06"))!;
    expect(l.status).toBe("suspended");
    expect(l.statusReason).toMatch(/\[2018\] No. 10/);
  });
});

describe("LNG 2711.11", () => {
  it("2018-09-24: 10 ($60bn list)", () => expect(one("2711.11", "2018-09-24").totalPercent).toBe(10));
  it("2019-06-01: raised to 25", () => expect(one("2711.11", "2019-06-01").totalPercent).toBe(25));
  it("2025-02-10: +15 → 40", () => {
    const s = one("2711.11", "2025-02-10");
    expect(s.totalPercent).toBe(40);
    expect(layers(s)["cn-2025-02-10"]).toBe(15);
  });
});

describe("bad input names the input", () => {
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(TariffscopeError);
      return (e as TariffscopeError).code;
    }
    throw new Error("no error");
  };
  it("a code China's catalog lacks", () => {
    expect(code(() => cn.stack({ hts: "1299.99", origin: "US", date: "2025-04-15" }))).toBe("UNKNOWN_CODE");
  });
  it("an origin the CN ledger does not cover, with US suggested", () => {
    try {
      cn.stack({ hts: "1201.90", origin: "BR", date: "2025-04-15" });
      throw new Error("no error");
    } catch (e) {
      expect((e as TariffscopeError).code).toBe("UNKNOWN_ORIGIN");
      expect((e as TariffscopeError).suggestions).toEqual(["US"]);
    }
  });
  it("dates outside coverage", () => {
    expect(code(() => cn.stack({ hts: "1201.90", origin: "US", date: "2017-12-31" }))).toBe("DATE_OUT_OF_COVERAGE");
    expect(code(() => cn.stack({ hts: "1201.90", origin: "US", date: "2026-11-10" }))).toBe("DATE_OUT_OF_COVERAGE");
  });
});

describe("history", () => {
  it("LNG: 0 → 10 → 25 → 40 → 124 → 165 → 50", () => {
    const h = cn.history({ hts: "2711.11", origin: "US" });
    expect(h.lines[0]!.intervals.map((i) => i.totalPercent)).toEqual([0, 10, 25, 40, 124, 165, 50]);
    expect(h.lines[0]!.intervals[1]!.from).toBe("2018-09-24");
  });
});

describe("the ledger against its sources", () => {
  it("the 2019-01-01 suspension takes off exactly what the workbook prints (-25 / -5), on every line, before and after 2019-06-01", () => {
    const susp = cn.ledger.measures.find((m) => m.id === "cn-r301-auto-suspension-2019-01-01")!;
    expect(susp.rates!.size).toBe(343);
    for (const d of ["2019-01-01", "2019-06-01"]) {
      for (const [line, v] of susp.rates!) {
        const live = cn.ledger.measures.filter((m) => susp.exempts!.includes(m.id) && m.window.from <= d && (!m.window.to || d < m.window.to));
        expect(live.reduce((s, m) => s + (m.rates?.get(line) ?? 0), 0)).toBeCloseTo(v, 9);
      }
    }
  });
  it("the official 2018-04-02 list reaches 169 lines; the March 2025 annexes' unplaced codes are reported", () => {
    const l = (id: string) => cn.ledger.lists.find((x) => x.id === id)!;
    expect(l("official-2018-04-02")).toMatchObject({ printed: 128, lines: 169, unplaced: [] });
    expect(l("official-2025-03-10-10pct").printed).toBe(711);
    expect(l("official-2025-03-10-15pct").printed).toBe(29);
    expect(l("official-2025-03-10-10pct").unplaced).toContain("03091000");
  });
});
