import { beforeAll, describe, expect, it } from "vitest";
import type { Stack, StackResult } from "../../src/engine/stackTypes.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";

let ts: Tariffscope;
beforeAll(async () => {
  ts = await openTariffscope();
});

function single(r: StackResult): Stack {
  if (r.kind !== "single") throw new Error(`expected one stack, got ${r.variants.length}`);
  return r.stack;
}
const total = (hts: string, date: string, origin = "CN"): number => single(ts.stack({ hts, origin, date })).totalPercent;
const headings = (s: Stack): string[] => s.lines.filter((l) => l.role !== "base").map((l) => l.heading);

describe("reference cases (statutory, origin China, no special facts)", () => {
  it("knit sweater 6110.20.20: 169 → 54 → 44 → 34", () => {
    expect(total("6110.20.20", "2025-04-20")).toBeCloseTo(169, 6);
    expect(total("6110.20.20", "2025-06-01")).toBeCloseTo(54, 6);
    expect(total("6110.20.20", "2025-12-01")).toBeCloseTo(44, 6);
    expect(total("6110.20.20", "2026-03-01")).toBeCloseTo(34, 6);
    const s = single(ts.stack({ hts: "6110.20.20", origin: "CN", date: "2026-03-01" }));
    expect(headings(s)).toContain("9903.03.01");
    expect(headings(s)).not.toContain("9903.01.24");
    expect(headings(s)).not.toContain("9903.01.25");
  });

  it("sweater on 2025-04-20 decomposes as MFN 16.5 + 301 7.5 + fentanyl 20 + reciprocal 125", () => {
    const s = single(ts.stack({ hts: "6110.20.20", origin: "CN", date: "2025-04-20" }));
    const by = Object.fromEntries(s.lines.map((l) => [l.heading, l.effectivePercent]));
    expect(by["6110.20.20"] ?? by["6110.20.20.10"]).toBeDefined();
    expect(by["9903.88.15"]).toBe(7.5);
    expect(by["9903.01.24"]).toBe(20);
    expect(by["9903.01.63"]).toBe(125);
    expect(headings(s)).not.toContain("9903.01.20"); // no 30% fentanyl
  });

  it("smartphone 8517.13.00.00: 20 → 10 → 0 (Annex II, no 301 list)", () => {
    expect(total("8517.13.00.00", "2025-06-01")).toBeCloseTo(20, 6);
    expect(total("8517.13.00.00", "2025-12-01")).toBeCloseTo(10, 6);
    expect(total("8517.13.00.00", "2026-03-01")).toBeCloseTo(0, 6);
  });

  it("battery-electric car 8703.80.00 on 2025-06-01: 147.5", () => {
    const r = ts.stack({ hts: "8703.80.00", origin: "CN", date: "2025-06-01" });
    const s = single(r);
    expect(s.totalPercent).toBeCloseTo(147.5, 6);
    expect(headings(s)).toEqual(expect.arrayContaining(["9903.91.03", "9903.94.01", "9903.01.24"]));
  });

  it("CBP 7501 entry, September 2026: 7326.90.8688, $14,172.00 → $11,039.99 = 77.90%", () => {
    const s = single(ts.stack({ hts: "7326.90.8688", origin: "CN", date: "2026-09-15", facts: { value: 14172 } }));
    const line = (h: string) => s.lines.find((l) => l.heading === h)!;
    expect(line("9903.88.03").amount).toBe(3543.0);
    expect(line("9903.82.02").amount).toBe(7086.0);
    expect(line("9903.82.02").valueBase).toBe("full");
    expect(line("9903.05.90").ratePercent).toBe(0);
    expect(s.lines.find((l) => l.role === "base")!.amount).toBe(410.99);
    expect(s.totalAmount).toBe(11039.99);
    expect(s.totalPercent).toBeCloseTo(77.9, 6);
    expect(headings(s)).not.toContain("9903.05.31");
    expect(headings(s)).not.toContain("9903.03.01");
  });

  it("history 6110.20.20 steps on the legal days, with no 30% fentanyl anywhere", () => {
    const h = ts.history({ hts: "6110.20.20", origin: "CN", from: "2025-01-01", to: "2026-06-30" });
    expect(h.statisticalLines.length).toBeGreaterThan(1);
    expect(h.variants).toBeUndefined();
    const steps = h.intervals.map((i) => i.from);
    for (const d of ["2025-02-04", "2025-03-04", "2025-04-05", "2025-04-09", "2025-04-10", "2025-05-14", "2025-11-10", "2026-02-24"]) {
      expect(steps).toContain(d);
    }
    for (const i of h.intervals) expect(i.byAuthority["ieepa-fentanyl"] ?? 0).toBeLessThanOrEqual(20);
    const apr9 = h.intervals.find((i) => i.from === "2025-04-09")!;
    expect(apr9.to).toBe("2025-04-10");
    expect(apr9.byAuthority["ieepa-reciprocal"]).toBe(84);
  });
});

describe("legal views", () => {
  it("adjudicated: IEEPA lines are refundable and out of the total", () => {
    const s = single(ts.stack({ hts: "6110.20.20", origin: "CN", date: "2025-06-01", view: "adjudicated", facts: { value: 1000 } }));
    expect(s.totalPercent).toBeCloseTo(24, 6);
    expect(s.refundablePercent).toBeCloseTo(30, 6);
    expect(s.refundableAmount).toBe(300);
    expect(s.lines.filter((l) => l.refundable).map((l) => l.heading).sort()).toEqual(["9903.01.24", "9903.01.25"]);
  });
});

describe("origins", () => {
  it("Hong Kong: fentanyl and reciprocal yes, Section 301 no", () => {
    const s = single(ts.stack({ hts: "6110.20.20", origin: "HK", date: "2025-06-01" }));
    expect(headings(s)).toContain("9903.01.24");
    expect(headings(s)).not.toContain("9903.88.15");
    expect(s.coverage.level).toBe("full");
  });
  it("Macau: reciprocal yes, fentanyl no", () => {
    const s = single(ts.stack({ hts: "6110.20.20", origin: "MO", date: "2025-06-01" }));
    expect(headings(s)).not.toContain("9903.01.24");
    expect(s.totalPercent).toBeCloseTo(26.5, 6);
  });
  it("an origin whose country measures are not all modelled says coverage: partial", () => {
    const s = single(ts.stack({ hts: "6110.20.20", origin: "VN", date: "2025-06-01" }));
    expect(s.coverage.level).toBe("partial");
    // the reciprocal items (in-transit, transshipment), the FTA special rates and the special rates open to any origin
    // (C, K, L) are modelled since issue 13; the "*" country exclusions of a line are not
    expect(s.coverage.missing.join(" ")).not.toMatch(/in-transit|FTA and GSP|C civil aircraft/);
    expect(s.coverage.missing.join(" ")).toMatch(/country exclusions marked '\*'/);
  });
});
