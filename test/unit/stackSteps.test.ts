import { describe, expect, it } from "vitest";
import { resolveLeafStack } from "../../src/engine/resolveStack.js";
import { leafHistories, leafHistory } from "../../src/engine/history.js";
import {
  applyConditionalDuties,
  applyFactExemptions,
  collectCandidates,
  combineWithinAuthorities,
  newWork,
  setValueBases,
} from "../../src/engine/stackSteps.js";
import type { EntryFacts } from "../../src/engine/entryFacts.js";
import { syntheticLedger, type SyntheticLedgerSpec } from "../support/syntheticLedger.js";

const CODE = "1234567890";
const day = "2025-06-01";
const duty = (id: string, heading: string, authority: string, addOn: number, extra: object = {}) => ({
  id,
  authority,
  program: `${authority}-program`,
  heading,
  role: "duty",
  origins: ["CN"],
  products: { all: true },
  rate: { addOn },
  window: { from: "2025-01-01" },
  ...extra,
}) as SyntheticLedgerSpec["measures"][number];

function work(spec: Omit<SyntheticLedgerSpec, "lines">, facts: EntryFacts = {}) {
  const { ledger, index } = syntheticLedger({ lines: { [CODE]: { general: "2%" } }, ...spec });
  const w = newWork({ ledger, index, code10: CODE, line: ledger.catalog.lines.get(CODE)![0]!, edition: 0, origin: "CN", date: day, facts, view: "collected" });
  collectCandidates(w);
  applyConditionalDuties(w);
  applyFactExemptions(w);
  combineWithinAuthorities(w);
  setValueBases(w);
  return { w, ledger, index };
}
const chosen = (w: ReturnType<typeof work>["w"]) => w.chosen.filter((c) => !c.removed).map((c) => c.m.heading).sort();

describe("engine steps on synthetic ledgers (no mirror)", () => {
  it("collectCandidates keeps measures in force for the day, origin and product; drops suspended and void ones", () => {
    const { w } = work({
      measures: [
        duty("a", "9903.00.01", "s301", 25),
        duty("b", "9903.00.02", "s301", 50, { status: "suspended" }),
        duty("c", "9903.00.03", "s301", 75, { window: { from: "2025-07-01" } }),
        duty("d", "9903.00.04", "s301", 10, { origins: ["VN"] }),
      ],
    });
    expect(w.duties.map((c) => c.m.id)).toEqual(["a"]);
  });

  it("exemptions come before the per-authority pick: a lower conditional rate survives the exemption of the higher one", () => {
    const spec = {
      measures: [
        duty("country", "9903.00.63", "ieepa-reciprocal", 125),
        duty("transit", "9903.00.25", "ieepa-reciprocal", 10, { conditions: [{ inTransit: { loadedBefore: "2025-05-01" } }] }),
        { ...duty("transit-ex", "9903.00.63", "ieepa-reciprocal", 0), role: "exemption", rate: { none: true }, exempts: ["country"], declared: false, conditions: [{ inTransit: { loadedBefore: "2025-05-01" } }] },
      ] as SyntheticLedgerSpec["measures"],
    };
    expect(chosen(work(spec, { loadedOnVessel: "2025-04-20" }).w)).toEqual(["9903.00.25"]);
    expect(chosen(work(spec).w)).toEqual(["9903.00.63"]);
    const noted = work(spec, { loadedOnVessel: "2025-04-20" }).w;
    expect(noted.exemptionLines).toEqual([]); // an undeclared clause is a note, not a 0% line
    expect(noted.notes.some((n) => n.includes("9903.00.63 not applied"))).toBe(true);
  });

  it("highest within an authority by default; the ledger's explicit pairs and cumulative authorities stack", () => {
    const measures = [duty("x", "9903.91.14", "s301", 100), duty("y", "9903.92.10", "s301", 25), duty("z", "9903.88.03", "s301", 7.5)];
    expect(chosen(work({ measures }).w)).toEqual(["9903.91.14"]);
    const pair = { cumulative: [{ headings: ["9903.91.14", "9903.92.10"], source: { text: "also subject to", file: "synthetic" } }] };
    expect(chosen(work({ measures, within: pair }).w)).toEqual(["9903.91.14", "9903.92.10"]);
    expect(chosen(work({ measures, combine: { s301: "cumulative" } }).w)).toEqual(["9903.88.03", "9903.91.14", "9903.92.10"]);
  });

  it("program-order: the first group of the order that applies wins", () => {
    const measures = [duty("m1", "9903.94.05", "s232", 25, { program: "p-second" }), duty("m2", "9903.76.01", "s232", 10, { program: "p-first" })];
    const { w } = work({ measures, combine: { s232: "program-order" } });
    expect(chosen(w)).toEqual(["9903.76.01"]);
  });

  it("a use-based fact takes the line's default, and the answer says which default was used", () => {
    const spec = {
      measures: [
        duty("parts", "9903.94.05", "s232", 25),
        { ...duty("not-parts", "9903.94.06", "s232", 0), role: "exemption", rate: { none: true }, exempts: ["parts"], conditions: [{ useFact: "passengerVehiclePart", is: false }] },
      ] as SyntheticLedgerSpec["measures"],
      useDefaults: [{ fact: "passengerVehiclePart" as const, meaning: "m", lists: ["l"], default: true, generalProvisions: [{ code: "1234", digits: "1234", what: "general things" }], vehicleWords: "vehicle", source: { file: "f", where: "w" } }],
    };
    const { w } = work(spec);
    expect(chosen(w)).toEqual([]);
    expect(w.needsFacts[0]).toMatchObject({ fact: "passengerVehiclePart", defaultUsed: "no for this line" });
    expect(chosen(work(spec, { passengerVehiclePart: true }).w)).toEqual(["9903.94.05"]);
  });

  it("precedence to-base: a layer yields on the part of the value the other authority is charged on", () => {
    const { ledger, index } = syntheticLedger({
      lines: { [CODE]: { general: "Free" } },
      measures: [duty("metal", "9903.81.90", "s232", 50, { valueBase: "metal-content", metal: "steel" }), duty("recip", "9903.01.25", "ieepa-reciprocal", 10)],
      periods: [{ id: "p", from: "2025-01-01", yields: [{ layer: "ieepa-reciprocal", to: "s232", share: "to-base" }], source: { text: "t", file: "f" } }],
    });
    const s = resolveLeafStack(ledger, index, CODE, "CN", day, { steelShare: 0.4 }, "collected");
    expect(s.lines.find((l) => l.heading === "9903.01.25")).toMatchObject({ valueShare: 0.6, effectivePercent: 6 });
    expect(s.totalPercent).toBeCloseTo(20 + 6, 6);
  });

  it("the legal view moves the void authority's duties out of the total, as refundable", () => {
    const { ledger, index } = syntheticLedger({ lines: { [CODE]: { general: "2%" } }, measures: [duty("f", "9903.01.24", "ieepa-fentanyl", 20)], voidInAdjudicated: ["ieepa-fentanyl"] });
    const s = resolveLeafStack(ledger, index, CODE, "CN", day, { value: 1000 }, "adjudicated");
    expect(s).toMatchObject({ totalPercent: 2, refundablePercent: 20, totalAmount: 20, refundableAmount: 200 });
  });
});

describe("uncertainAfter: a measure whose state after a day is not settled", () => {
  const spec = {
    lines: { [CODE]: { general: "2%" } },
    measures: [duty("later", "9903.00.09", "s301", 25, { uncertainAfter: { date: "2025-09-01", reason: "the renewal notice is not in the mirror" } })],
  };
  it("the stack flags the measure from that day on, not before", () => {
    const { ledger, index } = syntheticLedger(spec);
    const before = resolveLeafStack(ledger, index, CODE, "CN", "2025-08-31", {}, "collected");
    const after = resolveLeafStack(ledger, index, CODE, "CN", "2025-09-01", {}, "collected");
    expect(before.uncertain).toEqual([]);
    expect(after.uncertain.map((u) => u.reason)).toEqual(["from 2025-09-01: the renewal notice is not in the mirror"]);
    expect(after.totalPercent).toBe(before.totalPercent);
  });
  it("a history starts an interval on that day, for one line and for the shared histories alike", () => {
    const { ledger, index } = syntheticLedger(spec);
    const one = leafHistory(ledger, index, CODE, "CN", "2025-06-01", "2025-12-31", {}, "collected");
    expect(one.map((i) => [i.from, i.uncertain.length > 0])).toEqual([["2025-06-01", false], ["2025-09-01", true]]);
    const shared = leafHistories(ledger, index, CODE, ["CN"], "2025-06-01", "2025-12-31", {}, "collected")[0];
    expect(shared).not.toBeInstanceOf(Error);
    expect((shared as { from: string; uncertain: boolean }[]).map((i) => [i.from, i.uncertain])).toEqual([["2025-06-01", false], ["2025-09-01", true]]);
  });
});
