import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/common/errors.js";
import { checkEntryFacts, parseFactPairs } from "../../src/engine/entryFacts.js";
import type { Stack, StackResult } from "../../src/engine/stackTypes.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";

let ts: Tariffscope;
beforeAll(async () => {
  ts = await openTariffscope();
});
const single = (r: StackResult): Stack => {
  if (r.kind !== "single") throw new Error("expected one stack");
  return r.stack;
};
const bolts = (date: string, facts = {}) => single(ts.stack({ hts: "7318.15.20", origin: "CN", date, facts: { steelShare: 0.4, ...facts } }));
const line = (s: Stack, heading: string) => s.lines.find((l) => l.heading === heading);

describe("the precedence table, period by period (steel bolts 7318.15.20, steel content 40%)", () => {
  it("p3 (2025-04-05 → 06-03): a 232 article is wholly outside the reciprocal", () => {
    const s = bolts("2025-05-01");
    expect(s.lines.some((l) => l.authority === "ieepa-reciprocal" && l.role === "duty")).toBe(false);
    expect(line(s, "9903.01.33")!.valueShare).toBe(1);
    expect(line(s, "9903.01.24")!.effectivePercent).toBe(20); // fentanyl stacks on 232 articles
  });
  it("p4 (2025-06-04 → 2026-02-23): 232 on the steel content, reciprocal on the rest", () => {
    const s = bolts("2025-07-01");
    expect(line(s, "9903.81.90")).toMatchObject({ ratePercent: 50, valueShare: 0.4, effectivePercent: 20 });
    expect(line(s, "9903.01.25")).toMatchObject({ ratePercent: 10, valueShare: 0.6, valueBase: "non-metal-content" });
    expect(line(s, "9903.01.33")!.valueShare).toBe(0.4);
    expect(s.totalPercent).toBeCloseTo(0 + 20 + 6 + 20 + 25, 6);
  });
  it("p4 boundary: the day before Jun 4, 2025 is still p3", () => {
    expect(bolts("2025-06-03").lines.some((l) => l.heading === "9903.01.25")).toBe(false);
    expect(bolts("2025-06-04").lines.some((l) => l.heading === "9903.01.25")).toBe(true);
  });
  it("p5 (2026-02-24 → 04-05): Section 122 on the non-metal content only, no IEEPA", () => {
    const s = bolts("2026-03-01");
    expect(line(s, "9903.03.01")).toMatchObject({ valueShare: 0.6, effectivePercent: 6 });
    expect(s.lines.some((l) => l.authority.startsWith("ieepa"))).toBe(false);
    expect(bolts("2026-02-23").lines.some((l) => l.heading === "9903.01.24")).toBe(true);
  });
  it("p6 (from 2026-04-06): the metals annex on full value, Section 122 not at all", () => {
    const s = bolts("2026-05-01");
    expect(line(s, "9903.82.02")).toMatchObject({ valueShare: 1, effectivePercent: 50 });
    expect(line(s, "9903.03.01")).toBeUndefined();
    expect(line(s, "9903.03.06")).toBeDefined();
    expect(s.totalPercent).toBeCloseTo(75, 6);
  });
  it("p7 (from 2026-07-24): forced-labor 301 not on 232 articles, Section 122 ended", () => {
    const s = bolts("2026-08-01");
    expect(line(s, "9903.05.31")).toBeUndefined();
    expect(line(s, "9903.05.90")).toBeDefined();
    expect(line(s, "9903.03.01")).toBeUndefined();
    const sweater = single(ts.stack({ hts: "6110.20.20.10", origin: "CN", date: "2026-08-01" }));
    expect(line(sweater, "9903.05.31")!.effectivePercent).toBe(12.5);
    expect(sweater.uncertain.length).toBeGreaterThan(0);
  });
});

describe("authorities", () => {
  it("Section 301: one rate (the highest), never a sum", () => {
    const s = single(ts.stack({ hts: "8703.80.00", origin: "CN", date: "2026-01-15" }));
    expect(s.lines.filter((l) => l.authority === "s301").map((l) => l.heading)).toEqual(["9903.91.03"]);
  });
  it("Section 301 exclusions are an opt-in claim (0304.72.50.00 carries the 9903.88.69 footnote)", () => {
    const plain = single(ts.stack({ hts: "0304.72.50.00", origin: "CN", date: "2025-06-01" }));
    expect(plain.needsFacts.map((n) => n.fact)).toContain("s301ExclusionClaimed");
    expect(line(plain, "9903.88.03")!.effectivePercent).toBe(25);
    const claimed = single(ts.stack({ hts: "0304.72.50.00", origin: "CN", date: "2025-06-01", facts: { s301ExclusionClaimed: true } }));
    expect(line(claimed, "9903.88.69")).toBeDefined();
    expect(line(claimed, "9903.88.03")).toBeUndefined();
    expect(claimed.totalPercent).toBeCloseTo(plain.totalPercent - 25, 6);
    // the exclusions expire after 2026-11-09
    const after = single(ts.stack({ hts: "0304.72.50.00", origin: "CN", date: "2026-11-10", facts: { s301ExclusionClaimed: true } }));
    expect(line(after, "9903.88.03")!.effectivePercent).toBe(25);
  });
  it("232 autos take precedence over 232 metals, and the reciprocal does not apply", () => {
    const s = single(ts.stack({ hts: "8703.80.00", origin: "CN", date: "2025-06-01" }));
    expect(s.lines.filter((l) => l.authority === "s232").map((l) => l.heading)).toEqual(["9903.94.01"]);
    expect(line(s, "9903.01.33")).toBeDefined();
  });
  it("Section 201 solar safeguard at 14% in 2025 and expired after 2026-02-06", () => {
    const r = ts.stack({ hts: "8541.43.00", origin: "CN", date: "2025-06-01" });
    const stacks = r.kind === "single" ? [r.stack] : r.variants.map((v) => v.stack);
    expect(stacks.some((s) => s.lines.some((l) => l.authority === "s201" && l.ratePercent === 14))).toBe(true);
    const later = ts.stack({ hts: "8541.43.00", origin: "CN", date: "2026-03-01" });
    const laterStacks = later.kind === "single" ? [later.stack] : later.variants.map((v) => v.stack);
    expect(laterStacks.every((s) => !s.lines.some((l) => l.authority === "s201" && l.role === "duty"))).toBe(true);
  });
  it("in-transit: goods loaded before 2026-02-24 and entered before 02-28 are outside Section 122", () => {
    const s = single(ts.stack({ hts: "6110.20.20.10", origin: "CN", date: "2026-02-26", facts: { loadedOnVessel: "2026-02-20" } }));
    expect(line(s, "9903.03.01")).toBeUndefined();
    expect(line(s, "9903.03.02")).toBeDefined();
    const plain = single(ts.stack({ hts: "6110.20.20.10", origin: "CN", date: "2026-02-26" }));
    expect(plain.needsFacts.map((n) => n.fact)).toContain("loadedOnVessel");
  });
  it("future dates are answered from announced measures and flagged", () => {
    const s = single(ts.stack({ hts: "6110.20.20.10", origin: "CN", date: "2027-03-01" }));
    expect(s.announced).toBe(true);
  });
});

describe("bad input", () => {
  const err = (f: () => unknown): InputError => {
    try {
      f();
    } catch (e) {
      return e as InputError;
    }
    throw new Error("expected an error");
  };
  it("unknown code, with suggestions", () => {
    const e = err(() => ts.stack({ hts: "8703.81.00.99", origin: "CN", date: "2025-06-01" }));
    expect(e.code).toBe("UNKNOWN_CODE");
    expect(e.suggestions.length).toBeGreaterThan(0);
  });
  it("malformed code, unknown origin, malformed date, date outside coverage", () => {
    expect(err(() => ts.stack({ hts: "87.03.x", origin: "CN", date: "2025-06-01" })).code).toBe("MALFORMED_CODE");
    expect(err(() => ts.stack({ hts: "8703.80.00", origin: "XY", date: "2025-06-01" })).code).toBe("UNKNOWN_ORIGIN");
    expect(err(() => ts.stack({ hts: "8703.80.00", origin: "CN", date: "2025-02-30" })).code).toBe("MALFORMED_DATE");
    const out = err(() => ts.stack({ hts: "8703.80.00", origin: "CN", date: "2017-12-31" }));
    expect(out.code).toBe("DATE_OUT_OF_COVERAGE");
    expect(out.message).toMatch(/2018-01-01/);
    const late = err(() => ts.stack({ hts: "8703.80.00", origin: "CN", date: "2028-01-01" }));
    expect(late.code).toBe("DATE_OUT_OF_COVERAGE");
    expect(late.message).toMatch(/2027-12-31/);
  });
  it("impossible facts", () => {
    expect(() => checkEntryFacts({ value: -5 })).toThrow(/value/);
    expect(() => checkEntryFacts({ steelShare: 1.4 })).toThrow(/steelShare/);
    expect(() => checkEntryFacts({ steelShare: 0.7, aluminumShare: 0.6 })).toThrow(/more than the whole value/);
    expect(() => parseFactPairs(["colour=red"])).toThrow(/not a known entry fact/);
    expect(() => parseFactPairs(["steelShare"])).toThrow(/key=value/);
    expect(() => checkEntryFacts({ loadedOnVessel: "yesterday" })).toThrow(/loadedOnVessel/);
  });
  it("an unknown view", () => {
    expect(err(() => ts.stack({ hts: "8703.80.00", origin: "CN", date: "2025-06-01", view: "hoped" as "collected" })).code).toBe("BAD_VIEW");
  });
});

describe("fact-based exemptions come before the precedence rows", () => {
  it("a computer (8471, a general provision of the note 33(g) parts list) defaults to not an auto part: 9903.94.06, then Annex II", () => {
    const plain = single(ts.stack({ hts: "8471.50.01.10", origin: "CN", date: "2026-02-01" }));
    expect(line(plain, "9903.94.05")).toBeUndefined();
    expect(line(plain, "9903.94.06")).toBeDefined();
    const asked = plain.needsFacts.find((n) => n.fact === "passengerVehiclePart");
    expect(asked?.defaultUsed).toMatch(/^no/);
    expect(asked?.why).toMatch(/8471.*general provision/);
    expect(line(plain, "9903.01.33")).toBeUndefined(); // not a 232 article…
    expect(line(plain, "9903.01.32")).toBeDefined(); // …but exempt from the reciprocal as an Annex II product
    expect(plain.totalPercent).toBeCloseTo(35, 6);
    const autoPart = single(ts.stack({ hts: "8471.50.01.10", origin: "CN", date: "2026-02-01", facts: { passengerVehiclePart: true } }));
    expect(line(autoPart, "9903.94.05")!.effectivePercent).toBe(25);
    expect(autoPart.lines.some((l) => l.authority === "ieepa-reciprocal" && l.role === "duty")).toBe(false);
  });
});
