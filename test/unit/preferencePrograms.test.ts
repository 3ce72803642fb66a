import { describe, expect, it } from "vitest";
import {
  openTo,
  originsOf,
  programClaim,
  programInForce,
  withProgramFacts,
  type PreferenceProgram,
} from "../../src/ledger/preferencePrograms.js";
import { checkEntryFacts } from "../../src/engine/entryFacts.js";
import { programsToSplit, splitByPrograms } from "../../src/analytics/allPartnerPlans.js";
import type { Column2Origins } from "../../src/ledger/column2Origins.js";

const src = { file: "x", where: "y" };
const usmca: PreferenceProgram = {
  id: "usmca",
  label: "USMCA",
  origins: ["CA", "MX"],
  indicators: ["S", "S+"],
  fact: "usmcaQualifying",
  source: src,
};
const korus: PreferenceProgram = { id: "korus", label: "KORUS", origins: ["KR"], indicators: ["KR"], source: src };
const gsp: PreferenceProgram = {
  id: "gsp",
  label: "GSP",
  origins: ["TH"],
  indicators: ["A", "A+"],
  window: { to: "2021-01-01" },
  source: src,
};
const cbera: PreferenceProgram = { id: "cbera", label: "CBERA", origins: ["TT"], indicators: ["E"], source: src };
const cbtpa: PreferenceProgram = { id: "cbtpa", label: "CBTPA", origins: ["TT"], indicators: ["R"], source: src };

describe("preference program claims", () => {
  it("the declared indicator is the claim; another program's indicator or none is 'no'; silence is undefined", () => {
    expect(programClaim(korus, { specialProgram: "KR" })).toBe(true);
    expect(programClaim(korus, { specialProgram: "AU" })).toBe(false);
    expect(programClaim(korus, { specialProgram: "none" })).toBe(false);
    expect(programClaim(korus, {})).toBeUndefined();
    expect(programClaim(usmca, { usmcaQualifying: true })).toBe(true);
  });
  it("a window's end day is the first day no claim can be made", () => {
    expect(programInForce(gsp, "2020-12-31")).toBe(true);
    expect(programInForce(gsp, "2021-01-01")).toBe(false);
  });
  it("'S' fills usmcaQualifying; a contradiction and an unknown indicator are refused naming the facts", () => {
    expect(withProgramFacts([usmca, korus], { specialProgram: "S+" }).usmcaQualifying).toBe(true);
    expect(withProgramFacts([usmca, korus], { specialProgram: "KR" }).usmcaQualifying).toBe(false);
    expect(() => withProgramFacts([usmca], { specialProgram: "S", usmcaQualifying: false })).toThrow(
      /usmcaQualifying and specialProgram/,
    );
    expect(() => withProgramFacts([usmca, korus], { specialProgram: "XX" })).toThrow(/specialProgram.*"XX"/);
  });
  it("the fact parser takes indicators and none, and refuses anything else naming the fact", () => {
    expect(checkEntryFacts({ specialProgram: "kr" }).specialProgram).toBe("KR");
    expect(checkEntryFacts({ specialProgram: "None" }).specialProgram).toBe("none");
    expect(() => checkEntryFacts({ specialProgram: "K R!" })).toThrow(/specialProgram/);
  });
});

describe("the all-partner split by programs", () => {
  const lines: Record<string, { general: string; special: string }> = {
    a: { general: "10%", special: "Free (E) 5% (R)" },
    b: { general: "10%", special: "2% (E) Free (R)" },
    c: { general: "10%", special: "Free (KR)" },
  };
  it("each line goes to the program with the lowest special rate, split by the duty gap", () => {
    const m = (hts10: string, value: number, duty: number) => ({
      hts10,
      value,
      duty,
      source: hts10,
      method: "exact" as const,
      splitAmong: 1,
    });
    // a: 10% would be 10 on 100; duty 4 → share (10 − 4) / (10 − 0) = 0.6 under CBERA (Free beats 5%).
    // b: duty 10 → share 0 under CBTPA (Free beats 2%); c: no program of TT → rest.
    const out = splitByPrograms([m("a", 100, 4), m("b", 100, 10), m("c", 100, 0)], (c) => lines[c], [cbera, cbtpa]);
    const cb = out.claimed.find((x) => x.program.id === "cbera")!;
    expect(cb.matched).toHaveLength(1);
    expect(cb.matched[0]!.value).toBeCloseTo(60, 9);
    expect(out.claimed.find((x) => x.program.id === "cbtpa")!.matched).toHaveLength(0);
    expect(out.rest.map((r) => [r.hts10, Math.round(r.value)])).toEqual([
      ["a", 40],
      ["b", 100],
      ["c", 100],
    ]);
    expect(out.claimedValue).toBeCloseTo(60, 9);
  });
});

describe("programs open to any origin", () => {
  const civil: PreferenceProgram = {
    id: "civil-aircraft",
    label: "Civil aircraft",
    origins: "any",
    indicators: ["C"],
    implies: { civilAircraftArticle: true },
    source: src,
  };
  it("are open to every origin and named so", () => {
    expect(openTo(civil, "DE")).toBe(true);
    expect(openTo(civil, "ZZ")).toBe(true);
    expect(openTo(korus, "DE")).toBe(false);
    expect(originsOf(civil)).toBe("any origin");
    expect(originsOf(usmca)).toBe("CA, MX");
  });
  it("a declared C fills civilAircraftArticle, one way only; a contradiction is refused", () => {
    expect(withProgramFacts([civil], { specialProgram: "C" }).civilAircraftArticle).toBe(true);
    expect(withProgramFacts([civil, korus], { specialProgram: "KR" }).civilAircraftArticle).toBeUndefined();
    expect(withProgramFacts([civil], { civilAircraftArticle: true }).specialProgram).toBeUndefined();
    expect(() => withProgramFacts([civil], { specialProgram: "C", civilAircraftArticle: false })).toThrow(
      /civilAircraftArticle=false contradicts specialProgram=C/,
    );
  });
});

describe("the programs a partner's lines are split by", () => {
  const any: PreferenceProgram = { id: "pharmaceutical", label: "K", origins: "any", indicators: ["K"], source: src };
  const column2: Column2Origins = { origins: [{ origin: "RU", from: "2022-04-09" }], source: src };
  it("an origin's own programs and those open to any origin, in force in the year; none for a column 2 origin or a stated claim", () => {
    expect(programsToSplit([korus, any, gsp], "KR", {}, "2025").map((p) => p.id)).toEqual(["korus", "pharmaceutical"]);
    expect(programsToSplit([korus, any, gsp], "TH", {}, "2020").map((p) => p.id)).toEqual(["pharmaceutical", "gsp"]);
    expect(programsToSplit([korus, any], "RU", {}, "2025", column2)).toEqual([]);
    expect(programsToSplit([korus, any], "RU", {}, "2021", column2).map((p) => p.id)).toEqual(["pharmaceutical"]);
    expect(programsToSplit([korus, any], "KR", { specialProgram: "none" }, "2025")).toEqual([]);
  });
});
