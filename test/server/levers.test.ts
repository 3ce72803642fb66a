import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tariffscope } from "../../src/session.js";
import { createServer, type TariffscopeServer } from "../../src/server/app.js";
import { Screener } from "../../src/controls/screening.js";
import { loadCachedEntityList } from "../../src/controls/entityList.js";

/** The levers' endpoints answer what the library answers (the CLI prints the same JSON), and refuse bad input precisely. */

let app: TariffscopeServer;
beforeAll(async () => {
  // The levers do not need the tariff ledger: a session that never opens keeps the test fast.
  app = await createServer({ ts: new Promise<Tariffscope>(() => undefined), webDir: false });
  await app.ready();
});
afterAll(async () => app?.close());

const get = async (url: string) => {
  const r = await app.inject({ method: "GET", url });
  return { status: r.statusCode, body: JSON.parse(r.body) as Record<string, unknown> & { error?: { code: string; message: string } } };
};

describe("levers API", () => {
  it("GET /api/screen equals the library's result", async () => {
    const r = await get("/api/screen?name=Hikvision&country=CN");
    expect(r.status).toBe(200);
    const lib = new Screener(loadCachedEntityList()).screen("Hikvision", { country: "CN" });
    expect(r.body).toEqual(JSON.parse(JSON.stringify(lib)));
  });
  it("refuses an empty name and a bad country with the input named", async () => {
    const empty = await get("/api/screen?name=%20");
    expect(empty.status).toBe(400);
    expect(empty.body.error!.code).toBe("EMPTY_NAME");
    const c = await get("/api/screen?name=DJI&country=China");
    expect(c.status).toBe(400);
    expect(c.body.error!.message).toMatch(/ISO-2/);
  });
  it("POST /api/affiliates assesses an ownership body on a date", async () => {
    const body = "owner,owned,share\nHuawei Technologies Co. Ltd.,X Holdings,30\nDJI,X Holdings,25\n";
    const on = await app.inject({ method: "POST", url: "/api/affiliates?date=2025-10-01", payload: body, headers: { "content-type": "text/plain" } });
    expect(on.statusCode).toBe(200);
    const x = (JSON.parse(on.body) as { firms: { firm: string; reached: boolean; onlyInAggregate: boolean }[] }).firms.find((f) => f.firm === "X Holdings")!;
    expect(x).toMatchObject({ reached: true, onlyInAggregate: true });
    const bad = await app.inject({ method: "POST", url: "/api/affiliates?date=2025-10-01", payload: "owner,owned,share\nA,B,120\n", headers: { "content-type": "text/plain" } });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/line 2: share 120/);
  });
  it("GET /api/talks?round=busan lists the round's measures; an unknown round is a 400 with suggestions", async () => {
    const r = await get("/api/talks?round=busan");
    expect(r.status).toBe(200);
    expect(((r.body.round as { changed: unknown[] }).changed).length).toBe(10);
    const u = await get("/api/talks?round=genva");
    expect(u.status).toBe(400);
    expect(u.body.error).toMatchObject({ code: "UNKNOWN_ROUND" });
  });
  it("GET /api/controls and /api/commitments answer", async () => {
    const c = await get("/api/controls?date=2025-10-01&issuer=CN");
    expect(c.status).toBe(200);
    expect((c.body.controls as { issuer: string }[]).every((x) => x.issuer === "CN")).toBe(true);
    const m = await get("/api/commitments");
    expect(m.status).toBe(200);
    expect((m.body.phaseOne as { goodsTotal: { trackerPublished: Record<string, number> } }).goodsTotal.trackerPublished["2020"]).toBe(62.47);
  });
});
