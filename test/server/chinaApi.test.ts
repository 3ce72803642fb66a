import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tariffscope } from "../../src/session.js";
import { createServer, type TariffscopeServer } from "../../src/server/app.js";
import { openChinaTariffs, type ChinaTariffs } from "../../src/cnSession.js";

/**
 * China as issuer over HTTP: /api/cn/stack, /api/cn/history and /api/cn/average answer what the library answers, and
 * bad input is an error naming the parameter. The US session is never needed for them (a never-opening one is given).
 */
let app: TariffscopeServer;
let cn: ChinaTariffs;
const get = (url: string) => app.inject({ method: "GET", url });
beforeAll(async () => {
  cn = await openChinaTariffs();
  app = await createServer({ ts: new Promise<Tariffscope>(() => undefined), webDir: false, seriesThreads: 0 });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe("China API", () => {
  it("/api/cn/stack equals the library's answer", async () => {
    const r = await get("/api/cn/stack?hts=1201.90.10&origin=US&date=2025-04-15");
    expect(r.statusCode).toBe(200);
    const body = JSON.parse(r.body);
    expect(body).toEqual(JSON.parse(JSON.stringify(cn.stack({ hts: "1201.90.10", origin: "US", date: "2025-04-15" }))));
    expect(body.groups[0].stack.totalPercent).toBe(165.5);
    expect(r.headers.etag).toBeTruthy();
  });
  it("origin defaults to US", async () => {
    const r = await get("/api/cn/stack?hts=2711.11&date=2025-02-10");
    expect(JSON.parse(r.body).groups[0].stack.totalPercent).toBe(40);
  });
  it("/api/cn/history and /api/cn/average", async () => {
    const h = JSON.parse((await get("/api/cn/history?hts=2711.11")).body);
    expect(h.lines[0].intervals.map((i: { totalPercent: number }) => i.totalPercent)).toEqual([0, 10, 25, 40, 124, 165, 50]);
    const a = await get("/api/cn/average?weights=comtrade-2017&from=2025-05-14&to=2025-05-14");
    expect(a.statusCode).toBe(200);
    expect(JSON.parse(a.body).steps[0].byAuthority["r2025-reciprocal"]).toBeCloseTo(10, 6);
  });
  it("the US routes take issuer=CN (default US) and answer as /api/cn/…", async () => {
    const a = await get("/api/stack?hts=1201.90.10&date=2025-04-15&issuer=CN");
    expect(a.statusCode).toBe(200);
    expect(JSON.parse(a.body)).toEqual(JSON.parse((await get("/api/cn/stack?hts=1201.90.10&date=2025-04-15")).body));
    const h = await get("/api/history?hts=2711.11&issuer=CN");
    expect(JSON.parse(h.body).lines[0].intervals).toHaveLength(7);
    const av = await get("/api/average?issuer=CN&from=2025-04-12&to=2025-04-12");
    expect(JSON.parse(av.body).weights.id).toBe("piie-2017");
    expect((await get("/api/stack?hts=1201.90&date=2025-04-15&issuer=XX")).statusCode).toBe(400);
  });
  it("errors name the input", async () => {
    const bad = [
      ["/api/cn/stack?hts=1299.99&date=2025-04-15", "UNKNOWN_CODE"],
      ["/api/cn/stack?hts=1201.90&origin=BR&date=2025-04-15", "UNKNOWN_ORIGIN"],
      ["/api/cn/stack?hts=1201.90&date=2017-06-01", "DATE_OUT_OF_COVERAGE"],
    ] as const;
    for (const [url, code] of bad) {
      const r = await get(url);
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, url).toBeLessThan(500);
      expect(JSON.parse(r.body).error.code, url).toBe(code);
    }
  });
});
