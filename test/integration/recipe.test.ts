import { appendFile, cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { computeAverageSeries } from "../../src/analytics/averageSeries.js";
import type { Stack } from "../../src/engine/stackTypes.js";
import { LEDGER_DIR } from "../../src/ledger/compileLedger.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";

/**
 * Follows "How to add a tariff action" (docs/architecture.md) in a copy of the US ledger: one instrument, one product
 * list and one measure file, nothing else. The new action must appear in stack, history and average.
 */
let base: Tariffscope;
let edited: Tariffscope;
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "ts-recipe-"));
  await cp(LEDGER_DIR, dir, { recursive: true });
  await appendFile(
    join(dir, "instruments.yaml"),
    `  - key: recipe-ustr-notice
    kind: USTR-notice
    id: "FR Doc. 2099-00001 (recipe)"
    title: "Recipe: a new Section 301 action on coffee"
    url: "https://example.org/recipe-notice"
`,
  );
  await appendFile(
    join(dir, "product-lists.yaml"),
    `
  - id: recipe-coffee
    title: Recipe list (coffee, not roasted)
    authority: s301
    source: { file: recipe, where: "Annex A of the recipe notice" }
    kind: codes
    codes: ["0901.11", "0901.12"]
`,
  );
  await writeFile(
    join(dir, "events", "recipe-action.yaml"),
    `measures:
  - id: s301.recipe.coffee-30
    authority: s301
    program: 301-recipe
    heading: "9903.99.99"
    role: duty
    origins: [CN]
    products: { lists: [recipe-coffee] }
    rate: { addOn: 30 }
    window: { from: "2026-03-01" }
    status: in-force
    instrument: recipe-ustr-notice
    sources:
      - { file: recipe, where: "Annex A" }
`,
  );
  base = await openTariffscope();
  edited = await openTariffscope({ ledgerDir: dir });
});

const one = (ts: Tariffscope, date: string): Stack => {
  const r = ts.stack({ hts: "0901.11.00.15", origin: "CN", date });
  if (r.kind !== "single") throw new Error("expected one stack");
  return r.stack;
};

describe("the recipe: a new US Section 301 action is a data file plus its instrument and list", () => {
  it("appears in stack from its legal day, under its heading and instrument", () => {
    expect(one(edited, "2026-02-28").lines.some((l) => l.heading === "9903.99.99")).toBe(false);
    const line = one(edited, "2026-03-01").lines.find((l) => l.heading === "9903.99.99");
    expect(line).toMatchObject({ ratePercent: 30, authority: "s301", instrument: { id: "FR Doc. 2099-00001 (recipe)" } });
    expect(one(base, "2026-03-01").lines.some((l) => l.heading === "9903.99.99")).toBe(false);
  });

  it("appears in history as a step on that day", () => {
    const h = edited.history({ hts: "0901.11.00.15", origin: "CN", from: "2026-02-01", to: "2026-03-31" });
    const text = JSON.stringify(h);
    expect(text).toContain("9903.99.99");
    expect(text).toContain("2026-03-01");
  });

  it("moves the China average on that day, in the Section 301 layer only", async () => {
    const a = await computeAverageSeries(edited, { origin: "CN", from: "2026-03-01", to: "2026-03-01" });
    const b = await computeAverageSeries(base, { origin: "CN", from: "2026-03-01", to: "2026-03-01" });
    const ra = a.rows[0]!;
    const rb = b.rows[0]!;
    expect(ra.byAuthority.s301! - rb.byAuthority.s301!).toBeGreaterThan(0);
    expect(ra.totalPercent - rb.totalPercent).toBeCloseTo(ra.byAuthority.s301! - rb.byAuthority.s301!, 4);
  });
});
