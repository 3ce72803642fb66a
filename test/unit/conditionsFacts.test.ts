import { describe, expect, it } from "vitest";
import { conditionsHold } from "../../src/engine/stackSteps.js";
import { checkEntryFacts } from "../../src/engine/entryFacts.js";

/** The two conditions added for issue 13: a CBP transshipment determination and a tariff-rate quota. */
const ctx = (facts: Record<string, unknown>) => ({
  facts: checkEntryFacts(facts),
  date: "2025-08-07",
  subjectTo: () => false,
});

describe("condition transshipped (heading 9903.02.01)", () => {
  it("holds only on a stated CBP determination; its default (false) is not asked for", () => {
    expect(conditionsHold([{ transshipped: true }], ctx({}))).toEqual({ ok: false });
    expect(conditionsHold([{ transshipped: true }], ctx({ cbpTransshipment: "false" }))).toEqual({ ok: false });
    expect(conditionsHold([{ transshipped: true }], ctx({ cbpTransshipment: "yes" }))).toEqual({ ok: true });
  });
});

describe("condition withinQuota (heading 9903.94.31)", () => {
  it("holds by default but reports the fact; a stated value decides without a report", () => {
    const d = conditionsHold([{ withinQuota: true }], ctx({}));
    expect(d.ok).toBe(true);
    expect(d.missing?.fact).toBe("withinQuota");
    expect(conditionsHold([{ withinQuota: true }], ctx({ withinQuota: true }))).toEqual({ ok: true });
    expect(conditionsHold([{ withinQuota: true }], ctx({ withinQuota: false }))).toEqual({ ok: false });
  });
  it("a later failing condition still wins over the default", () => {
    expect(conditionsHold([{ withinQuota: true }, { transshipped: true }], ctx({})).ok).toBe(false);
  });
});
