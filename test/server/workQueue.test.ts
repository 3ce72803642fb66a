import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeAverageSeries } from "../../src/analytics/averageSeries.js";
import { compareScenarios } from "../../src/analytics/scenarioCompare.js";
import { loadScenario } from "../../src/analytics/scenarios.js";
import { InputError } from "../../src/common/errors.js";
import { resolveCacheDir } from "../../src/data/cacheDir.js";
import { createServer, type TariffscopeServer } from "../../src/server/app.js";
import { ApiError } from "../../src/server/errors.js";
import { SeriesPool } from "../../src/server/seriesPool.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";

/**
 * The series worker pool: answers equal the in-process library calls (byte for byte once serialized), library errors
 * arrive with their class and fields, and a full queue is a 503 BUSY with Retry-After instead of a backlog.
 */
let ts: Tariffscope;
let pool: SeriesPool;
const cacheDir = resolveCacheDir();
beforeAll(async () => {
  ts = await openTariffscope();
  pool = new SeriesPool({ cacheDir, threads: 1, maxQueue: 4 });
});
afterAll(() => pool.close());

const opts = { origin: "CN", from: "2025-01-01", to: "2026-11-22", cacheDir };

describe("the series pool", () => {
  it("answers an average series exactly as the library does in process", async () => {
    const json = (
      await pool.run({ kind: "average", ledgerVersion: ts.ledger.version, opts, scenarios: [] })
    ).toString();
    expect(json).toBe(JSON.stringify(await computeAverageSeries(ts, opts)));
  });

  it("answers a scenario's series and a comparison exactly as the library does", async () => {
    const threat = loadScenario("threat-100-2025-11-01");
    const average = (
      await pool.run({ kind: "average", ledgerVersion: ts.ledger.version, opts, scenarios: [threat] })
    ).toString();
    const edited = ts.withScenarios([threat]);
    expect(average).toBe(JSON.stringify(await computeAverageSeries(edited, opts)));
    const compare = (
      await pool.run({ kind: "compare", ledgerVersion: ts.ledger.version, opts, scenarios: [threat] })
    ).toString();
    expect(compare).toBe(JSON.stringify(await compareScenarios(ts, [threat], opts)));
  });

  it("returns the library's input errors with their code, field and message", async () => {
    const bad = { ...opts, to: "2125-01-01" };
    const inProcess = (await computeAverageSeries(ts, bad).catch((e: unknown) => e)) as InputError;
    const fromPool = (await pool
      .run({ kind: "average", ledgerVersion: ts.ledger.version, opts: bad, scenarios: [] })
      .catch((e: unknown) => e)) as InputError;
    expect(fromPool).toBeInstanceOf(InputError);
    expect(inProcess).toBeInstanceOf(InputError);
    expect({ code: fromPool.code, input: fromPool.input, message: fromPool.message }).toEqual({
      code: inProcess.code,
      input: inProcess.input,
      message: inProcess.message,
    });
  });

  it("refuses jobs past its queue bound with 503 BUSY, and takes them again once it drains", async () => {
    const small = new SeriesPool({ cacheDir, threads: 1, maxQueue: 1 });
    try {
      const jobs = ["2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01"].map((from) =>
        small.run({ kind: "average", ledgerVersion: ts.ledger.version, opts: { ...opts, from }, scenarios: [] }),
      );
      const settled = await Promise.allSettled(jobs);
      const refused = settled
        .filter((s) => s.status === "rejected")
        .map((s) => (s as PromiseRejectedResult).reason as ApiError);
      expect(refused.length).toBeGreaterThan(0);
      expect(settled.filter((s) => s.status === "fulfilled").length).toBeGreaterThan(0);
      for (const e of refused) expect([e.status, e.code]).toEqual([503, "BUSY"]);
      const after = await small.run({ kind: "average", ledgerVersion: ts.ledger.version, opts, scenarios: [] });
      expect(after.toString()).toMatch(/^\{/);
    } finally {
      await small.close();
    }
  });
});

describe("the server's series routes on the pool", () => {
  let app: TariffscopeServer;
  beforeAll(async () => {
    app = await createServer({ ts, webDir: false, seriesThreads: 1, seriesQueue: 1 });
    await app.ready();
  });
  afterAll(() => app.close());

  it("answers /api/average with the library's series as JSON", async () => {
    const r = await app.inject({ url: "/api/average?origin=CN&from=2025-01-01&to=2026-11-22" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
    expect(r.body).toBe(JSON.stringify(await computeAverageSeries(ts, opts)));
  });

  it("answers 503 BUSY with Retry-After when the queue is full, and the same request later succeeds", async () => {
    const urls = ["2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01"].map(
      (from) => `/api/average?origin=CN&from=${from}&to=2026-01-31`,
    );
    const answers = await Promise.all(urls.map((url) => app.inject({ url })));
    const busy = answers.filter((r) => r.statusCode === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expect(r.headers["retry-after"]).toMatch(/^\d+$/);
      expect((JSON.parse(r.body) as { error: { code: string } }).error.code).toBe("BUSY");
    }
    expect(answers.filter((r) => r.statusCode === 200).length).toBeGreaterThan(0);
    const again = await app.inject({ url: urls[answers.indexOf(busy[0]!)]! });
    expect(again.statusCode).toBe(200);
  });
});
