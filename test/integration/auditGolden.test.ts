import { beforeAll, describe, expect, it } from "vitest";
import type { Stack, StackResult } from "../../src/engine/stackTypes.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";

/**
 * Golden cases for the audit's duty defects (issue 8, items 1–5), each derived by hand from the official texts cited.
 * Abbreviations: "notes" = us/hts-notes/chapter99_2026_rev_6.txt.gz; CR = change record.
 */
let ts: Tariffscope;
beforeAll(async () => {
  ts = await openTariffscope();
});
const stack = (hts: string, date: string, facts = {}, origin = "CN"): Stack => {
  const r: StackResult = ts.stack({ hts, origin, date, facts });
  if (r.kind !== "single") throw new Error(`${hts}: expected one stack`);
  return r.stack;
};
const headings = (s: Stack): string[] => s.lines.map((l) => l.heading);
const line = (s: Stack, heading: string) => s.lines.find((l) => l.heading === heading);

describe("1. a note that lists statistical lines scopes the measure to those lines, period by period", () => {
  // Note 31(b): 9903.91.01 covers the listed 8-digit subheadings and, until Dec 31, 2025, four statistical numbers
  // (compiler's note: numbers (1)–(4) deleted; 2026 Basic CR: note 31(b) modified Jan 1, 2026). 8507.60.00 and
  // 6307.90.98 are not among the 8-digit subheadings, although their footnote reads "See … 9903.91.01".
  it("a non-EV lithium-ion battery (8507.60.0020) in Oct 2025 pays List 4A's 7.5%, not 25%", () => {
    const s = stack("8507.60.00.20", "2025-10-15");
    expect(headings(s)).toContain("9903.88.15");
    expect(headings(s)).not.toContain("9903.91.01");
    // 3.4 MFN + 20 fentanyl (9903.01.24) + 7.5 (9903.88.15) + 10 reciprocal (9903.01.25; not a 232 article by default)
    expect(s.totalPercent).toBeCloseTo(40.9, 6);
  });
  it("an EV battery (8507.60.0010) in Oct 2025 pays 9903.91.01's 25%; from Jan 1, 2026 9903.91.06 (note 31(g))", () => {
    expect(line(stack("8507.60.00.10", "2025-10-15"), "9903.91.01")!.ratePercent).toBe(25);
    const jan = stack("8507.60.00.10", "2026-01-15");
    expect(line(jan, "9903.91.06")!.ratePercent).toBe(25);
    expect(headings(jan)).not.toContain("9903.91.01");
  });
  it("respirators (6307.90.9842) are under 9903.91.01 in 2025 and 9903.91.07 (50%) in 2026; other made-up articles (.9891) never", () => {
    expect(line(stack("6307.90.98.42", "2025-10-15"), "9903.91.01")!.ratePercent).toBe(25);
    expect(line(stack("6307.90.98.42", "2026-01-15"), "9903.91.07")!.ratePercent).toBe(50);
    expect(line(stack("6307.90.98.70", "2025-10-15"), "9903.91.04")!.ratePercent).toBe(25); // note 31(e), 2025 only
    for (const date of ["2025-10-15", "2026-01-15"]) {
      const other = stack("6307.90.98.91", date);
      expect(headings(other).filter((h) => h.startsWith("9903.91"))).toEqual([]);
      expect(line(other, "9903.88.15")!.ratePercent).toBe(7.5);
    }
  });
  it("gloves (4015.12.10) are not under 9903.91.05 in Dec 2025 although rev 32 footnotes it: note 31(f)(i) item (3) is deleted", () => {
    expect(headings(stack("4015.12.10.10", "2025-12-15"))).not.toContain("9903.91.05");
    expect(line(stack("4015.12.10.10", "2026-01-15"), "9903.91.08")!.ratePercent).toBe(100); // note 31(i)
  });
});

describe("2. exemptions come first; then the authority's combination rule, with explicit cumulation", () => {
  it("goods of China loaded Apr 7 and entered Apr 15, 2025 pay the 10% of 9903.01.25 in lieu of 9903.01.63 (CSMS 64680374, 65201773)", () => {
    const s = stack("6110.20.20.10", "2025-04-15", { loadedOnVessel: "2025-04-07" });
    expect(line(s, "9903.01.25")).toMatchObject({ ratePercent: 10, role: "duty" });
    expect(headings(s)).not.toContain("9903.01.63");
    expect(s.lines.filter((l) => l.heading === "9903.01.25")).toHaveLength(1); // no 0% line under a 10% heading
    expect(s.totalPercent).toBeCloseTo(16.5 + 20 + 7.5 + 10, 6);
  });
  it("a ship-to-shore crane of China pays 9903.91.14 and also 9903.92.10 (note 31(l)(i) 'shall also be subject to')", () => {
    const s = stack("8426.19.00.00", "2026-11-15", { certifications: ["ship-to-shore-gantry-crane"] });
    expect(line(s, "9903.91.14")!.ratePercent).toBe(100);
    expect(line(s, "9903.92.10")!.ratePercent).toBe(25);
  });
  it("a crane under a pre-May 14, 2024 contract (9903.91.09) is outside 9903.92.10 and, on Nov 9, 2025, 9903.91.14 (note 31(l)(i))", () => {
    const s = stack("8426.19.00.00", "2025-11-09", { certifications: ["ship-to-shore-gantry-crane", "sts-crane-contract-before-2024-05-14"] });
    expect(headings(s)).not.toContain("9903.91.14");
    expect(headings(s)).not.toContain("9903.92.10");
    expect(line(s, "9903.91.09")!.ratePercent).toBe(0);
  });
});

describe("3. a use-based list gets a default per line", () => {
  it("a general provision (8507.60.0020 batteries) defaults to not an auto part and is declared under 9903.94.06", () => {
    const s = stack("8507.60.00.20", "2025-10-15");
    expect(headings(s)).toContain("9903.94.06");
    expect(headings(s)).not.toContain("9903.94.05");
    expect(s.needsFacts.find((n) => n.fact === "passengerVehiclePart")?.defaultUsed).toMatch(/^no/);
    expect(line(stack("8507.60.00.20", "2025-10-15", { passengerVehiclePart: true }), "9903.94.05")!.ratePercent).toBe(25);
  });
  it("a line that is a vehicle part by its terms (8708.99.68, EV batteries 8507.60.0010) defaults to an auto part", () => {
    const part = stack("8708.99.68.05", "2025-10-15");
    expect(line(part, "9903.94.05")!.ratePercent).toBe(25);
    const ev = stack("8507.60.00.10", "2025-10-15");
    expect(line(ev, "9903.94.05")!.ratePercent).toBe(25);
    expect(ev.needsFacts.find((n) => n.fact === "passengerVehiclePart")?.defaultUsed).toMatch(/^yes/);
    expect(headings(stack("8507.60.00.10", "2025-10-15", { passengerVehiclePart: false }))).toContain("9903.94.06");
  });
});

describe("4. dated states of Annex II rebuilt from the texts", () => {
  it("lumber is exempt from the reciprocal on Sep 15, 2025 and a 232 timber article from Oct 14 (PP 10976)", () => {
    expect(line(stack("4407.11.00.01", "2025-09-15"), "9903.01.32")).toBeDefined();
    const oct = stack("4407.11.00.01", "2025-10-20");
    expect(headings(oct)).not.toContain("9903.01.32");
    expect(line(oct, "9903.76.01")!.ratePercent).toBe(10);
  });
  it("coffee pays the reciprocal until Nov 12, 2025 and is exempt from Nov 13 (EO 14360)", () => {
    expect(line(stack("0901.21.00.20", "2025-10-01"), "9903.01.25")!.ratePercent).toBe(10);
    expect(line(stack("0901.21.00.20", "2025-11-20"), "9903.01.32")).toBeDefined();
  });
  it("copper wire left Annex II on Aug 1, 2025 (PP 10962)", () => {
    expect(line(stack("7408.11.60.00", "2025-07-15"), "9903.01.32")).toBeDefined();
    expect(headings(stack("7408.11.60.00", "2025-08-15"))).not.toContain("9903.01.32");
  });
  it("the reconstructed states differ from the 2026 printing by the 237 farm lines (CSMS 66814923) and the timber lines", () => {
    const codes = (id: string) => ts.ledger.measures.find((m) => m.id === id)!.includeCodes;
    const sep = codes("ieepa-recip.9903.01.32.annex-ii.2025-09-08");
    const oct = codes("ieepa-recip.9903.01.32.annex-ii.2025-10-14");
    const nov = codes("ieepa-recip.9903.01.32.annex-ii.2025-11-13");
    expect(nov.length - oct.length).toBe(237);
    expect(sep.filter((c) => !oct.includes(c)).every((c) => c.startsWith("44"))).toBe(true);
  });
});

describe("5. declared headings and what the answer asks for", () => {
  it("goods loaded before Apr 5, 2025 declare 9903.01.28 and pay no reciprocal duty", () => {
    const s = stack("6110.20.20.10", "2025-04-15", { loadedOnVessel: "2025-04-01" });
    expect(line(s, "9903.01.28")).toMatchObject({ ratePercent: 0, role: "exemption" });
    expect(s.lines.some((l) => l.authority === "ieepa-reciprocal" && l.role === "duty")).toBe(false);
  });
  it("a certification that would add a duty (a ship-to-shore crane) is asked for", () => {
    const s = stack("8426.19.00.00", "2026-11-15");
    expect(s.needsFacts.some((n) => n.fact === "certifications" && /9903\.92\.10/.test(n.why))).toBe(true);
  });
  it("a stack whose exemption list of the day cannot be reconstructed says so (forced-labor 301, note 52(b) list not in the mirror)", () => {
    const s = stack("6110.20.20.10", "2026-08-15");
    expect(s.uncertain.some((u) => u.heading === "9903.05.86" && /may not apply/.test(u.reason))).toBe(true);
  });
});
