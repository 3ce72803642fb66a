import { beforeAll, describe, expect, it } from "vitest";
import { computeAllPartnerAverage, resolveAllPartnerDays, type AllPartnerAverage, type AllPartnerDay } from "../../src/analytics/allPartnerAverage.js";
import { allPartnerPanel, buildAllPartnerPanel, panelPeriod } from "../../src/analytics/allPartnerPanel.js";
import { resolvePanelHistories, type PanelHistoryJob } from "../../src/analytics/allPartnerHistoryJobs.js";
import { PanelWorkers, resolvePanelHistoriesOnCores } from "../../src/analytics/allPartnerHistoryPool.js";
import { LineHistoryCache } from "../../src/analytics/lineHistoryCache.js";
import { resolveCacheDir } from "../../src/data/cacheDir.js";
import { legalView } from "../../src/ledger/legalViews.js";
import { leafHistories, leafHistory, type IntervalFigures, SharedDays } from "../../src/engine/history.js";
import { daysBetween } from "../../src/common/legalDate.js";
import { join } from "node:path";
import { originClassOf } from "../../src/analytics/originClasses.js";
import { InputError } from "../../src/common/errors.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";

/**
 * The all-partner series (issue 13) comes from the all-partner panel: per-line interval histories shared by origin
 * class and swept by their boundaries. On the real data, each day it gives must equal the day resolved line by line
 * (every weighted line of every partner, `resolveAllPartnerDays`) to 1e-6: the days of the Phase 1 rates and their
 * pause, Phase 2, the 2026 join edition, Section 122.
 */
const DAYS = ["2025-04-09", "2025-04-10", "2025-08-07", "2026-01-01", "2026-02-24"];

let ts: Tariffscope;
beforeAll(async () => {
  ts = await openTariffscope();
}, 300_000);

const close = (a: number, b: number, what: string): void => {
  // Money sums (USD) to a millionth of a dollar per dollar; percents to 1e-6.
  const tol = Math.max(1e-6, Math.abs(b) * 1e-9);
  if (Math.abs(a - b) > tol) throw new Error(`${what}: panel ${a} ≠ resolved ${b}`);
};

function sameDay(p: AllPartnerDay, r: AllPartnerDay): void {
  const at = p.date;
  close(p.totalPercent, r.totalPercent, `${at} total`);
  close(p.additionalPercent, r.additionalPercent, `${at} additional`);
  expect(Object.keys(p.byAuthority).sort(), `${at} authorities`).toEqual(Object.keys(r.byAuthority).sort());
  for (const [a, v] of Object.entries(r.byAuthority)) close(p.byAuthority[a]!, v, `${at} ${a}`);
  close(p.unmatchedValue, r.unmatchedValue, `${at} unmatched value`);
  close(p.totalValue, r.totalValue, `${at} total value`);
  close(p.uncertainValue, r.uncertainValue, `${at} uncertain value`);
  expect(p.byOrigin.map((o) => o.partner).sort(), `${at} partners`).toEqual(r.byOrigin.map((o) => o.partner).sort());
  for (const ro of r.byOrigin) {
    const po = p.byOrigin.find((o) => o.partner === ro.partner)!;
    expect({ origin: po.origin, coverage: po.coverage }, `${at} ${ro.partner}`).toEqual({ origin: ro.origin, coverage: ro.coverage });
    close(po.value, ro.value, `${at} ${ro.partner} value`);
    close(po.totalPercent, ro.totalPercent, `${at} ${ro.partner} total`);
    close(po.contributionPercent, ro.contributionPercent, `${at} ${ro.partner} contribution`);
    close(po.preferenceShare ?? -1, ro.preferenceShare ?? -1, `${at} ${ro.partner} preference share`);
  }
}

describe("the all-partner series equals the days resolved line by line", () => {
  let panel: AllPartnerAverage;
  let reference: AllPartnerAverage;
  beforeAll(async () => {
    panel = await ts.averageAll({ dates: DAYS });
    reference = await resolveAllPartnerDays(ts, { dates: DAYS });
  }, 1_800_000);

  it.each(DAYS)("%s", (day) => {
    const p = panel.days.find((d) => d.date === day)!;
    const r = reference.days.find((d) => d.date === day)!;
    expect(p.byOrigin.length).toBeGreaterThan(40);
    expect(r.totalPercent).toBeGreaterThan(0);
    sameDay(p, r);
  });

  it("leaves out the same partner files (the EU aggregate's members)", () => {
    expect(panel.leftOut).toEqual(reference.leftOut);
    expect(panel.leftOut.length).toBeGreaterThan(0);
  });
});

describe("a range is a slice of the same panel", () => {
  it("gives each day of a range the figures of that day asked alone", async () => {
    const range = await ts.averageAll({ from: "2025-04-08", to: "2025-04-11" });
    const alone = await ts.averageAll({ dates: ["2025-04-10", "2025-04-09"] });
    expect(range.days.map((d) => d.date)).toEqual(["2025-04-08", "2025-04-09", "2025-04-10", "2025-04-11"]);
    for (const day of ["2025-04-09", "2025-04-10"]) {
      expect(range.days.find((d) => d.date === day)).toEqual(alone.days.find((d) => d.date === day));
    }
    // The Phase 1 country rates held for one legal day (2025-04-09): the average steps up and back down.
    const [d8, d9, d10] = range.days;
    expect(d9!.totalPercent).toBeGreaterThan(d8!.totalPercent);
    expect(d10!.totalPercent).toBeLessThan(d9!.totalPercent);
  });

  it("answers every day of 2025-01-01 → 2026-12-31 with every partner", async () => {
    const all = await ts.averageAll({ from: "2025-01-01", to: "2026-12-31" });
    expect(all.days).toHaveLength(730);
    const partners = all.days[0]!.byOrigin.length;
    expect(partners).toBeGreaterThan(40);
    for (const d of all.days) {
      expect(d.byOrigin.length).toBe(partners);
      expect(Number.isFinite(d.totalPercent)).toBe(true);
    }
  });
});

describe("the panel's histories on several threads", () => {
  it("equal the single-thread resolution, item by item and in order (a worker of another ledger version is refused)", async () => {
    const period = panelPeriod(ts);
    const codes = [...ts.ledger.catalog.lines.keys()].filter((_, i) => i % 97 === 0).slice(0, 240);
    const origins = ["CN", "DE", "MX", "BR", "CA", "ZZ"];
    const items = codes.flatMap((code, i) => {
      const origin = origins[i % origins.length]!;
      return [{ code, origin, facts: origin === "MX" || origin === "CA" ? { usmcaQualifying: i % 2 === 0 } : {} }];
    });
    const job: PanelHistoryJob = { ledgerVersion: ts.ledger.version, from: period.from, to: period.to, view: legalView(ts.ledger, undefined).id, items };
    const single = resolvePanelHistories(ts, job);
    expect(single.failed.filter((f) => f === 0).length).toBeGreaterThan(200);
    const cacheDir = resolveCacheDir({});
    // The worker threads resolved every batch (none was handed back to this thread, as a thread that cannot load its
    // module or open the ledger would do).
    const pool = new PanelWorkers({ cacheDir, workers: 2 });
    try {
      expect(await pool.resolve(ts, job, 17)).toEqual(single);
      expect([pool.served, pool.refused]).toEqual([Math.ceil(items.length / 17), 0]);
    } finally {
      await pool.close();
    }
    // A scenario's ledger is another version: the workers refuse it and this thread resolves every batch.
    const edited = ts.withScenarios([]);
    const other = { ...edited, ledger: { ...edited.ledger, version: `${edited.ledger.version}-other` } };
    expect(await resolvePanelHistoriesOnCores(other, { ...job, ledgerVersion: other.ledger.version }, { cacheDir, workers: 1, batch: 50 })).toEqual(single);
  }, 600_000);

  it("shared between origins and lines, give leafHistory's figures on every day", () => {
    const period = panelPeriod(ts);
    const view = legalView(ts.ledger, undefined).id;
    const codes = [...ts.ledger.catalog.lines.keys()].filter((_, i) => i % 211 === 0).slice(0, 60);
    const origins = ["CN", "DE", "FR", "MX", "BR", "CA", "IN", "ZZ"];
    const shared = new SharedDays();
    const perDay = (h: IntervalFigures[]): string[] =>
      h.flatMap((iv) => Array.from({ length: daysBetween(iv.from, iv.to) }, () => JSON.stringify([iv.totalPercent, iv.additionalPercent, iv.byAuthority, iv.needsFacts, iv.uncertain])));
    let compared = 0;
    for (const code of codes) {
      const together = leafHistories(ts.ledger, ts.index, code, origins, period.from, period.to, {}, view, shared);
      origins.forEach((origin, k) => {
        const got = together[k]!;
        let want;
        try {
          want = leafHistory(ts.ledger, ts.index, code, origin, period.from, period.to, {}, view);
        } catch {
          expect(got).toBeInstanceOf(Error);
          return;
        }
        expect(got).not.toBeInstanceOf(Error);
        const expected = want.map((iv) => ({ ...iv, needsFacts: iv.needsFacts.length > 0, uncertain: iv.uncertain.length > 0 }));
        expect(perDay(got as IntervalFigures[]), `${code} ${origin}`).toEqual(perDay(expected));
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(300);
  }, 600_000);

  it("a panel rebuilt from the kept histories equals the panel that resolved them", async () => {
    // The panel of the series above (built in this run, or kept in the compiled cache by an earlier one) kept its line
    // histories in the series cache's bundle: a build in a new cache object over the same folder (as another process
    // would) reads every history back, resolves none, and gives the same panel.
    const view = legalView(ts.ledger, undefined).id;
    const kept = await allPartnerPanel(ts, { view, facts: {} });
    const dir = join(resolveCacheDir({}), "compiled", "series-lines");
    const again = await buildAllPartnerPanel(ts, { view, facts: {}, histories: new LineHistoryCache({ dir }), workers: 0 });
    expect(again.build.resolved).toBe(0);
    expect(again.build.readFromDisk).toBe(again.build.histories);
    expect(again.build.histories).toBeGreaterThan(40_000);
    expect(again.segments).toEqual(kept.segments);
  }, 600_000);
});

describe("inputs", () => {
  it("refuses a day before the panel's period, naming the input", async () => {
    const { from } = panelPeriod(ts);
    const err = await computeAllPartnerAverage(ts, { dates: ["2024-12-31"] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe("DATE_OUT_OF_COVERAGE");
    expect((err as InputError).input).toBe("dates");
    expect((err as InputError).message).toContain(from);
  });

  it("refuses days and a range together, and a reversed range", async () => {
    await expect(computeAllPartnerAverage(ts, { dates: ["2025-04-09"], from: "2025-04-01" })).rejects.toMatchObject({ code: "BAD_RANGE", input: "dates" });
    await expect(computeAllPartnerAverage(ts, { from: "2025-05-01", to: "2025-04-01" })).rejects.toMatchObject({ code: "BAD_RANGE", input: "from" });
  });
});

describe("origin classes come from the ledger", () => {
  it("puts EU members together (every measure names all 27) and keeps Canada and Mexico apart", () => {
    const cls = (o: string): string => originClassOf(ts.ledger, ts.index, o);
    expect(cls("FR")).toBe(cls("DE"));
    expect(cls("CA")).not.toBe(cls("MX"));
    expect(cls("CN")).not.toBe(cls("DE"));
  });
});

describe("one front door: library, CLI and API answer a range identically", () => {
  it("average --origin ALL --from/--to --json and GET /api/average?origin=ALL equal ts.averageAll", async () => {
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const { createServer } = await import("../../src/server/app.js");
    const { repoRoot } = await import("../support/mirror.js");
    const lib = await ts.averageAll({ from: "2025-08-06", to: "2025-08-08" });
    const app = await createServer({ ts, webDir: false, seriesThreads: 0 });
    try {
      await app.ready();
      const r = await app.inject({ method: "GET", url: "/api/average?origin=ALL&from=2025-08-06&to=2025-08-08" });
      expect(r.statusCode, r.body.slice(0, 400)).toBe(200);
      expect(JSON.parse(r.body)).toEqual(lib);
      const bad = await app.inject({ method: "GET", url: "/api/average?origin=ALL&dates=2024-06-01" });
      expect(bad.statusCode).toBeGreaterThanOrEqual(400);
      expect(JSON.parse(bad.body)).toMatchObject({ error: { code: "DATE_OUT_OF_COVERAGE", field: "dates" } });
    } finally {
      await app.close();
    }
    const out = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "average", "--origin", "ALL", "--from", "2025-08-06", "--to", "2025-08-08", "--json"],
      { cwd: repoRoot, env: process.env, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(JSON.parse(out.stdout)).toEqual(lib);
  }, 600_000);
});
