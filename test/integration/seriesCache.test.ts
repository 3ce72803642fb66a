import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeAverageSeries } from "../../src/analytics/averageSeries.js";
import { LineHistoryCache } from "../../src/analytics/lineHistoryCache.js";
import type { AverageSeries } from "../../src/analytics/seriesTypes.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";

let ts: Tariffscope;
let root: string;
beforeAll(async () => {
  ts = await openTariffscope();
  root = mkdtempSync(join(tmpdir(), "tariffscope-series-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const fresh = (name: string, maxMemoryBytes?: number): LineHistoryCache =>
  new LineHistoryCache({ dir: join(root, name), ...(maxMemoryBytes ? { maxMemoryBytes } : {}) });

const rowsOn = (s: AverageSeries, from: string, to: string) => s.rows.filter((r) => r.date >= from && r.date <= to);

describe("the series cache", () => {
  it("gives every day the same figures whatever range is asked, cache warm or cold (needsFacts counts included)", async () => {
    const whole = await computeAverageSeries(ts, {
      origin: "CN",
      from: "2025-01-01",
      to: "2026-11-22",
      histories: fresh("a"),
    });
    // (computed per range, the counts of lines needing facts differed: e.g. 14,333 or 3,316 on 2026-03-05)
    // The parts share a second cache: the first part resolves cold, the later ones find the histories it resolved.
    const parts = fresh("b");
    for (const [from, to] of [
      ["2025-07-01", "2025-09-30"],
      ["2025-12-15", "2026-01-20"],
      ["2026-03-05", "2026-04-30"],
    ] as const) {
      const part = await computeAverageSeries(ts, { origin: "CN", from, to, histories: parts });
      expect(part.rows).toEqual(rowsOn(whole, from, to));
      // the steps inside the part (not its first day) are the whole series' steps, instruments included
      expect(part.steps).toEqual(whole.steps.filter((s) => s.date > from && s.date <= to));
    }
    expect(whole.rows.some((r) => r.needsFactsLines > 0)).toBe(true);
  }, 400_000);

  it("credits the instruments that change lines on a basic edition's first day", async () => {
    const s = await computeAverageSeries(ts, {
      origin: "CN",
      from: "2025-12-01",
      to: "2026-01-31",
      histories: fresh("c"),
    });
    const newYear = s.steps.find((x) => x.date === "2026-01-01");
    expect(newYear).toBeDefined();
    expect(newYear!.instruments.length).toBeGreaterThan(0);
  });

  it("resolves each history once: more ranges neither resolve again nor grow the disk", async () => {
    const cache = fresh("d");
    await computeAverageSeries(ts, { origin: "CN", from: "2025-01-01", to: "2025-03-31", histories: cache });
    const first = cache.stats();
    expect(first.resolved).toBeGreaterThan(100);
    expect(first.diskBytes).toBeGreaterThan(0);
    for (let k = 0; k < 8; k++) {
      const from = `2025-${String(k + 2).padStart(2, "0")}-0${k + 1}`;
      await computeAverageSeries(ts, { origin: "CN", from, to: "2025-12-31", histories: cache });
    }
    const after = cache.stats();
    expect(after.resolved).toBe(first.resolved);
    expect(after.diskBytes).toBe(first.diskBytes);
    // a new process (a new cache over the same folder) reads them back instead of resolving
    const reopened = new LineHistoryCache({ dir: join(root, "d") });
    const again = await computeAverageSeries(ts, {
      origin: "CN",
      from: "2025-01-01",
      to: "2025-03-31",
      histories: reopened,
    });
    expect(reopened.stats().resolved).toBe(0);
    expect(reopened.stats().readFromDisk).toBe(first.resolved);
    expect(again.rows).toEqual(
      (await computeAverageSeries(ts, { origin: "CN", from: "2025-01-01", to: "2025-03-31", histories: cache })).rows,
    );
  });

  it("keeps the histories in memory within its budget", async () => {
    const budget = 2 * 1024 * 1024;
    const cache = fresh("e", budget);
    const s = await computeAverageSeries(ts, { origin: "CN", from: "2025-01-01", to: "2026-11-22", histories: cache });
    expect(s.rows).toHaveLength(691);
    expect(cache.stats().memoryBytes).toBeLessThanOrEqual(budget);
    expect(cache.stats().memoryEntries).toBeLessThan(cache.stats().resolved);
  }, 400_000);
});

describe("lines that share a history", () => {
  it("share it only when everything the engine reads of them is the same (per-line use defaults included)", () => {
    const cache = fresh("shared");
    const day = "2025-10-15";
    // General provisions of the auto-parts list (8501 motors, 8507 batteries): statistical lines that name vehicles
    // default to auto parts, the others not, with the same measures and base rates.
    const codes = [...ts.ledger.catalog.lines.keys()].filter((c) => c.startsWith("8501") || c.startsWith("8507")).sort();
    expect(codes.length).toBeGreaterThan(20);
    let differing = 0;
    for (const code of codes) {
      const direct = ts.stack({ hts: code, origin: "CN", date: day });
      if (direct.kind !== "single") continue;
      const h = cache.history(ts, code, "CN", "collected", {}, "");
      const iv = h.find((i) => i.from <= day && day < i.to);
      if (!iv) continue; // not printed on the day
      expect(iv.totalPercent, code).toBeCloseTo(direct.stack.totalPercent, 6);
      if (direct.stack.needsFacts.some((n) => n.fact === "passengerVehiclePart" && n.defaultUsed.startsWith("yes"))) differing++;
    }
    expect(differing).toBeGreaterThan(0);
  });
});
