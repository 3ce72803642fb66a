import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLedgerFiles } from "../../src/ledger/eventFiles.js";
import { loadPrecedenceTable, parsePrecedenceTable, periodAt, programGroupOf, programGroups } from "../../src/ledger/precedence.js";
import { repoRoot } from "../support/mirror.js";

const usLedger = join(repoRoot, "ledger", "us");
const file = join(usLedger, "stacking", "precedence.yaml");

describe("the precedence table", () => {
  it("lists every Section 232 program of the ledger, in the order of the texts", async () => {
    const table = await loadPrecedenceTable(file);
    const { measures } = await loadLedgerFiles(join(usLedger, "events"));
    const programs = new Set(measures.filter((m) => m.authority === "s232").map((m) => m.program));
    for (const p of programs) expect(programGroupOf(table, "s232", p), p).toBeDefined();
    const g = (p: string) => programGroupOf(table, "s232", p)!;
    expect(g("232-semiconductors")).toBeLessThan(g("232-autos"));
    expect(g("232-auto-parts")).toBeLessThan(g("232-steel-derivatives"));
    expect(g("232-mhd-parts")).toBeLessThan(g("232-aluminum-derivatives"));
    expect(g("232-wood-cabinets")).toBeLessThan(g("232-metals-annex"));
    expect(programGroups(table, "s232")[g("232-steel")]!.pick).toBe("per-metal");
  });

  it("has one row per period, without gaps", async () => {
    const table = await loadPrecedenceTable(file);
    expect(periodAt(table, "2025-06-03").id).toBe("p3-reciprocal-232-full-value");
    expect(periodAt(table, "2025-06-04").id).toBe("p4-232-on-metal-content");
    expect(periodAt(table, "2026-04-06").id).toBe("p6-232-annex-full-value");
  });

  it("rejects a gap between periods, naming the file", () => {
    const text = `periods:
  - { id: a, from: "2025-01-01", to: "2025-02-01", yields: [], source: { text: t, file: f } }
  - { id: b, from: "2025-03-01", yields: [], source: { text: t, file: f } }
programOrder: { s232: [{ programs: [232-steel], pick: per-metal }] }
within: { cumulative: [] }
`;
    expect(() => parsePrecedenceTable("p.yaml", text)).toThrow(/p\.yaml.*period b must start where a ends/);
  });
});
