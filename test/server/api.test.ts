import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance } from "fastify";
import { dereference, validate } from "@readme/openapi-parser";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { createServer, type TariffscopeServer } from "../../src/server/app.js";
import { stackJson } from "../../src/engine/stackJson.js";
import { repoRoot } from "../support/mirror.js";

/**
 * The HTTP API through `fastify.inject` (no port): answers equal the library's (and the CLI's), errors have the one
 * shape and the right status, caching headers, and the OpenAPI document validates and describes what is served.
 */

const run = promisify(execFile);

/** A scenario of the tests' own (the shipped ones may change): no IEEPA duty ever. */
const NO_IEEPA = `name: No IEEPA duties (test)
description: Removes the IEEPA fentanyl and reciprocal measures from the ledger.
source:
  title: "Test fixture"
edits:
  - remove: { authority: ieepa-fentanyl }
  - remove: { authority: ieepa-reciprocal }
`;
let ts: Tariffscope;
let app: TariffscopeServer;
let scenariosDir: string;
/** A Fastify instance whose routes validate a JSON body against one component schema each (the response checker). */
let checker: FastifyInstance;

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: "GET", url, headers });
const json = <T = Record<string, unknown>>(r: { body: string }): T => JSON.parse(r.body) as T;
type ErrorBody = { error: { code: string; message: string; field: string | null; suggestions: string[] } };

async function conforms(schema: string, body: unknown): Promise<void> {
  const r = await checker.inject({ method: "POST", url: `/check/${schema}`, payload: body as object });
  expect(r.statusCode, `${schema}: ${r.body.slice(0, 600)}`).toBe(204);
}

beforeAll(async () => {
  ts = await openTariffscope();
  // A scenarios folder of our own: a scenario removing the IEEPA duties, plus a file that does not validate.
  scenariosDir = mkdtempSync(join(tmpdir(), "tariffscope-scenarios-"));
  writeFileSync(join(scenariosDir, "no-ieepa.yaml"), NO_IEEPA);
  writeFileSync(join(scenariosDir, "broken.yaml"), "name: broken\n");
  app = await createServer({ ts, webDir: false, scenariosDir });
  await app.ready();

  const doc = json<Record<string, unknown>>(await get("/api/openapi.json"));
  const deref = (await dereference(structuredClone(doc) as never)) as unknown as {
    components: { schemas: Record<string, object> };
  };
  checker = Fastify({
    bodyLimit: 50 * 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true, strict: false } },
  });
  for (const [name, schema] of Object.entries(deref.components.schemas)) {
    checker.post(`/check/${name}`, { schema: { body: schema } }, async (_req, reply) => reply.code(204).send());
  }
  await checker.ready();
}, 300_000);

afterAll(async () => {
  await app?.close();
  await checker?.close();
  rmSync(scenariosDir, { recursive: true, force: true });
});

describe("GET /api/stack", () => {
  it("answers exactly what `tariffscope stack --json` prints (8703.80.00, CN, 2025-06-01: 147.5%)", async () => {
    const r = await get("/api/stack?hts=8703.80.00&origin=CN&date=2025-06-01");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/application\/json/);
    const body = json(r);
    expect(body.totalPercent).toBe(147.5);
    expect(body).toEqual(stackJson(ts.stack({ hts: "8703.80.00", origin: "CN", date: "2025-06-01" })));
    const cli = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "stack", "8703.80.00", "--origin", "CN", "--date", "2025-06-01", "--json"],
      {
        cwd: repoRoot,
        env: process.env,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    expect(body).toEqual(JSON.parse(cli.stdout));
    await conforms("StackAnswer", body);
  });

  it("takes the value, the view and repeated facts", async () => {
    const r = await get(
      "/api/stack?hts=8703.80.00&origin=CN&date=2025-06-01&value=10000&view=adjudicated&fact=usContentShare=0.1&fact=steelShare=0.5",
    );
    expect(r.statusCode).toBe(200);
    const body = json(r);
    const lib = stackJson(
      ts.stack({
        hts: "8703.80.00",
        origin: "CN",
        date: "2025-06-01",
        view: "adjudicated",
        facts: { value: 10000, usContentShare: 0.1, steelShare: 0.5 },
      }),
    );
    expect(body).toEqual(lib);
    expect(body.view).toBe("adjudicated");
    expect(typeof body.totalAmount).toBe("number");
    await conforms("StackAnswer", body);
  });

  it("answers under a scenario (a shipped name, or the ref of an upload)", async () => {
    const base = json(await get("/api/stack?hts=8703.80.00&date=2025-06-01"));
    const r = await get("/api/stack?hts=8703.80.00&date=2025-06-01&scenario=no-ieepa");
    expect(r.statusCode).toBe(200);
    const body = json(r);
    expect(body.totalPercent).toBeLessThan(base.totalPercent as number);
    expect((body.lines as { authority: string }[]).some((l) => l.authority.startsWith("ieepa"))).toBe(false);
    expect(r.headers.etag).not.toBe((await get("/api/stack?hts=8703.80.00&date=2025-06-01")).headers.etag);
  });
});

describe("GET /api/history", () => {
  it("answers the library's history", async () => {
    const r = await get("/api/history?hts=8703.80.00.20&origin=CN&from=2025-01-01&to=2025-12-31");
    expect(r.statusCode).toBe(200);
    const body = json(r);
    expect(body).toEqual(
      JSON.parse(
        JSON.stringify(ts.history({ hts: "8703.80.00.20", origin: "CN", from: "2025-01-01", to: "2025-12-31" })),
      ),
    );
    expect((body.intervals as unknown[]).length).toBeGreaterThan(2);
    await conforms("History", body);
  });

  it("refuses a 100-year range with a 400 naming the parameter", async () => {
    const r = await get("/api/history?hts=8703.80.00.20&from=1990-01-01&to=2089-12-31");
    expect(r.statusCode).toBe(400);
    expect(json<ErrorBody>(r).error).toMatchObject({ code: "RANGE_TOO_LONG", field: "to" });
  });
});

describe("averages", () => {
  it("GET /api/average: a daily series with its steps", async () => {
    const r = await get("/api/average?origin=CN&from=2025-01-01&to=2025-06-30");
    expect(r.statusCode).toBe(200);
    const body = json<{ rows: { date: string }[]; steps: unknown[] }>(r);
    expect(body.rows).toHaveLength(181);
    expect(body.steps.length).toBeGreaterThan(3);
    await conforms("AverageSeries", body);
  });

  it("GET /api/compare: baseline against a scenario", async () => {
    const r = await get("/api/compare?origin=CN&from=2025-01-01&to=2025-06-30&scenario=no-ieepa");
    expect(r.statusCode).toBe(200);
    const body = json<{ largest: { deltaPercent: number }; baseline: unknown; scenario: unknown }>(r);
    expect(body.largest.deltaPercent).toBeLessThan(-10);
    await conforms("Comparison", body);
  });

  it("refuses a 100-year daily series", async () => {
    const r = await get("/api/average?origin=CN&from=1990-01-01&to=2089-12-31");
    expect(r.statusCode).toBe(400);
    expect(json<ErrorBody>(r).error).toMatchObject({ code: "RANGE_TOO_LONG", field: "to" });
  });

  it("needs a scenario to compare, and knows its scenarios", async () => {
    expect(json<ErrorBody>(await get("/api/compare?origin=CN")).error).toMatchObject({
      code: "MISSING_PARAMETER",
      field: "scenario",
    });
    const r = await get("/api/average?origin=CN&scenario=no-ieepx");
    expect(r.statusCode).toBe(404);
    expect(json<ErrorBody>(r).error).toMatchObject({
      code: "UNKNOWN_SCENARIO",
      field: "scenario",
      suggestions: ["no-ieepa"],
    });
    const broken = await get("/api/average?origin=CN&scenario=broken");
    expect(broken.statusCode).toBe(422);
  });
});

describe("errors", () => {
  it("an unknown parameter is a 400 naming it, with the parameters meant", async () => {
    const r = await get("/api/stack?hts=8703.80.00&origin=CN&dat=2025-06-01");
    expect(r.statusCode).toBe(400);
    const { error } = json<ErrorBody>(r);
    expect(error.code).toBe("UNKNOWN_PARAMETER");
    expect(error.field).toBe("dat");
    expect(error.suggestions).toContain("date");
    await conforms("Error", json(r));
    expect((await get("/api/hts/search?q=x&foo=1")).statusCode).toBe(400);
  });

  it("a bad date is a 400 naming the field", async () => {
    for (const date of ["2025-13-01", "2025-02-30", "June 1", "2025-06-01T00:00"]) {
      const r = await get(`/api/stack?hts=8703.80.00&date=${encodeURIComponent(date)}`);
      expect(r.statusCode, date).toBe(400);
      expect(json<ErrorBody>(r).error.field).toBe("date");
    }
    expect(json<ErrorBody>(await get("/api/stack?hts=8703.80.00")).error).toMatchObject({
      code: "MISSING_PARAMETER",
      field: "date",
    });
    expect(json<ErrorBody>(await get("/api/stack?hts=8703.80.00&date=2025-06-01&view=maybe")).error).toMatchObject({
      field: "view",
      suggestions: ["collected", "adjudicated"],
    });
  });

  it("an unknown code is a 404 with suggestions", async () => {
    const r = await get("/api/stack?hts=8703.99.99&origin=CN&date=2025-06-01");
    expect(r.statusCode).toBe(404);
    const { error } = json<ErrorBody>(r);
    expect(error).toMatchObject({ code: "UNKNOWN_CODE", field: "hts" });
    expect(error.suggestions.length).toBeGreaterThan(0);
    const h = await get("/api/hts/heading?code=9903.01.99");
    expect(h.statusCode).toBe(404);
    expect(json<ErrorBody>(h).error).toMatchObject({ code: "UNKNOWN_HEADING", field: "code" });
    expect(json<ErrorBody>(h).error.suggestions.length).toBeGreaterThan(0);
    const l = await get("/api/hts/line?code=8703.99.99");
    expect(l.statusCode).toBe(404);
    expect(json<ErrorBody>(l).error.suggestions.length).toBeGreaterThan(0);
  });

  it("bad facts and bad codes are 400s naming the fact", async () => {
    expect(
      json<ErrorBody>(await get("/api/stack?hts=8703.80.00&date=2025-06-01&fact=steelShare=2")).error,
    ).toMatchObject({ code: "BAD_FACT" });
    expect(json<ErrorBody>(await get("/api/stack?hts=8703.80.00&date=2025-06-01&fact=colour=red")).error).toMatchObject(
      { code: "UNKNOWN_FACT" },
    );
    expect((await get("/api/stack?hts=87a3&date=2025-06-01")).statusCode).toBe(400);
    expect((await get("/api/stack?hts=8703.80.00&date=2025-06-01&value=-3")).statusCode).toBe(400);
  });

  it("path tricks in names are a 400", async () => {
    for (const url of [
      "/api/hts/line?code=8703.80.00&edition=../../etc/passwd",
      "/api/hts/line?code=8703.80.00&edition=..%2F..%2Fetc%2Fpasswd",
      "/api/hts/heading?code=9903.01.24&edition=%2Fetc%2Fpasswd",
      "/api/hts/diff?a=2025_rev_13&b=..%5C..%5Cwindows",
      "/api/average?origin=CN&scenario=../../package",
      "/api/average?origin=CN&scenario=%2e%2e%2fpackage",
      "/api/stack?hts=8703.80.00&date=2025-06-01&scenario=no-ieepa.yaml",
    ]) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(400);
      expect(json<ErrorBody>(r).error.field, url).toMatch(/^(edition|a|b|scenario)$/);
    }
  });

  it("a malformed scenario body is a 422, an oversized one a 413, an unknown media type a 415", async () => {
    const post = (payload: string, type: string) =>
      app.inject({ method: "POST", url: "/api/scenario/preview", headers: { "content-type": type }, payload });
    const bad = await post('{"name": "x", ', "application/json");
    expect(bad.statusCode).toBe(422);
    expect(json<ErrorBody>(bad).error).toMatchObject({ code: "UNPARSEABLE_SCENARIO", field: "body" });
    const badYaml = await post("name: [x\n", "application/yaml");
    expect(badYaml.statusCode).toBe(422);
    const invalid = await post("name: x\ndescription: y\nedits: []\n", "application/yaml");
    expect(invalid.statusCode).toBe(422);
    expect(json<ErrorBody>(invalid).error.message).toMatch(/line \d+/);
    const big = await post(`name: x\ndescription: ${"y".repeat(70 * 1024)}\n`, "application/yaml");
    expect(big.statusCode).toBe(413);
    expect(json<ErrorBody>(big).error.code).toBe("BODY_TOO_LARGE");
    expect((await post("<scenario/>", "application/xml")).statusCode).toBe(415);
    expect((await post("", "application/yaml")).statusCode).toBe(400);
  });

  it("an unknown endpoint is a JSON 404, and the server keeps serving after any of these", async () => {
    const r = await get("/api/stacks?hts=1");
    expect(r.statusCode).toBe(404);
    expect(json<ErrorBody>(r).error.suggestions).toContain("/api/stack");
    const junk = [
      "/api/stack?hts=%00&date=%ff",
      "/api/stack?" + "x=1&".repeat(500),
      "/api/history?hts[]=1",
      "/api/hts/search?q=" + "%F0%9F%92%A9".repeat(40),
      "/api/hts/diff?a=2025_rev_13&b=2025_rev_13",
    ];
    for (const url of junk) expect((await get(url)).statusCode, url).toBeLessThan(500);
    expect((await get("/api/stack?hts=8703.80.00&origin=CN&date=2025-06-01")).statusCode).toBe(200);
  });
});

describe("caching", () => {
  it("ETag = ledger version + URL hash; 304 on If-None-Match", async () => {
    const url = "/api/stack?hts=8703.80.00&origin=CN&date=2025-06-01";
    const first = await get(url);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(new RegExp(`^"${ts.ledger.version.slice(0, 16)}-[0-9a-f]{16}"$`));
    expect(first.headers["cache-control"]).toMatch(/max-age/);
    const again = await get(url, { "if-none-match": etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    expect(again.headers.etag).toBe(etag);
    expect((await get(url, { "if-none-match": `W/${etag}, "other"` })).statusCode).toBe(304);
    expect((await get(url, { "if-none-match": '"stale"' })).statusCode).toBe(200);
    expect((await get("/api/stack?hts=8703.80.00&origin=CN&date=2025-06-02")).headers.etag).not.toBe(etag);
    // Errors are never cached.
    const err = await get("/api/stack?hts=8703.99.99&origin=CN&date=2025-06-01");
    expect(err.headers.etag).toBeUndefined();
    expect(err.headers["cache-control"]).toBe("no-store");
  });
});

describe("schedule, status, scenarios", () => {
  it("searches by code prefix and by words", async () => {
    const code = json<{ mode: string; hits: { code: string }[] }>(await get("/api/hts/search?q=8703.80"));
    expect(code.mode).toBe("code");
    expect(code.hits[0]!.code).toBe("8703.80.00");
    const words = await get("/api/hts/search?q=electric%20motor%20vehicles");
    const w = json<{ mode: string; hits: { code: string }[] }>(words);
    expect(w.mode).toBe("words");
    expect(w.hits.some((h) => h.code.startsWith("8703.80"))).toBe(true);
    await conforms("SearchResult", w);
  });

  it("shows a line, a heading and a diff", async () => {
    const line = await get("/api/hts/line?code=8703.80.00&edition=2025_rev_13");
    expect(line.statusCode).toBe(200);
    expect(json(line)).toMatchObject({ code: "8703.80.00", edition: "2025_rev_13", legalLine: "8703.80.00" });
    await conforms("LineReport", json(line));
    const heading = await get("/api/hts/heading?code=9903.01.24");
    expect(heading.statusCode).toBe(200);
    await conforms("HeadingReport", json(heading));
    const diff = await get("/api/hts/diff?a=2025_rev_13&b=2025_rev_14");
    expect(diff.statusCode).toBe(200);
    const d = json<{ headings: { added: { legalDates: unknown[] }[] } }>(diff);
    expect(d.headings.added.length).toBeGreaterThan(0);
    expect(d.headings.added.some((h) => h.legalDates.length > 0)).toBe(true);
    await conforms("EditionDiff", d);
    const unknown = await get("/api/hts/diff?a=2025_rev_13&b=2031_rev_1");
    expect(unknown.statusCode).toBe(404);
    expect(json<ErrorBody>(unknown).error).toMatchObject({ code: "UNKNOWN_EDITION", field: "b" });
    await conforms("Editions", json(await get("/api/hts/editions")));
  });

  it("reports status", async () => {
    const r = await get("/api/status");
    const s = json<{
      ledger: { state: string; version: string; coverage: { from: string } };
      data: { present: boolean; checksums: { combined: string } };
    }>(r);
    expect(s.ledger).toMatchObject({ state: "ready", version: ts.ledger.version, coverage: ts.ledger.coverage });
    expect(s.data.present).toBe(true);
    expect(s.data.checksums.combined).toMatch(/^[0-9a-f]{64}$/);
    await conforms("Status", s);
  });

  it("lists scenarios and previews an upload, whose ref then works as scenario=", async () => {
    const list = json<{ scenarios: { name: string; error: string | null }[] }>(await get("/api/scenarios"));
    expect(list.scenarios.map((s) => s.name)).toEqual(["broken", "no-ieepa"]);
    expect(list.scenarios[0]!.error).toMatch(/broken/);
    await conforms("ScenarioList", list);
    const text = NO_IEEPA;
    const p = await app.inject({
      method: "POST",
      url: "/api/scenario/preview",
      headers: { "content-type": "application/yaml" },
      payload: text,
    });
    expect(p.statusCode).toBe(200);
    const preview = json<{ ref: string; title: string; edits: number }>(p);
    expect(preview.title).toBe("No IEEPA duties (test)");
    expect(preview.edits).toBe(2);
    await conforms("ScenarioPreview", preview);
    const byRef = json(await get(`/api/stack?hts=8703.80.00&date=2025-06-01&scenario=${preview.ref}`));
    const byName = json(await get("/api/stack?hts=8703.80.00&date=2025-06-01&scenario=no-ieepa"));
    expect(byRef.totalPercent).toBe(byName.totalPercent);
    const asJson = await app.inject({
      method: "POST",
      url: "/api/scenario/preview",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ ...JSON.parse(JSON.stringify(preview)), x: 1 }),
    });
    expect(asJson.statusCode).toBe(422);
  });
});

describe("not ready", () => {
  it("answers 503 NOT_READY for ledger endpoints while the ledger is opening; the schedule still answers", async () => {
    const waiting = await createServer({ ts: new Promise<Tariffscope>(() => undefined), webDir: false });
    try {
      const r = await waiting.inject({ url: "/api/stack?hts=8703.80.00&date=2025-06-01" });
      expect(r.statusCode).toBe(503);
      expect(json<ErrorBody>(r).error.code).toBe("NOT_READY");
      expect((await waiting.inject({ url: "/api/hts/editions" })).statusCode).toBe(200);
      const status = json<{ ledger: { state: string } }>(await waiting.inject({ url: "/api/status" }));
      expect(status.ledger.state).toBe("loading");
    } finally {
      await waiting.close();
    }
  });
});

describe("OpenAPI", () => {
  it("its response schemas are strict enough to catch a wrong answer (the checker is not vacuous)", async () => {
    const good = json(await get("/api/stack?hts=8703.80.00&origin=CN&date=2025-06-01"));
    for (const bad of [{ ...good, totalPercent: "147.5" }, { ...good, extra: 1 }, { ...good, lines: [{}] }, {}]) {
      expect((await checker.inject({ method: "POST", url: "/check/StackAnswer", payload: bad })).statusCode).toBe(400);
    }
  });

  it("is a valid OpenAPI 3.1 document listing every endpoint", async () => {
    const r = await get("/api/openapi.json");
    expect(r.statusCode).toBe(200);
    const doc = json<{ openapi: string; paths: Record<string, object> }>(r);
    expect(doc.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify("errors" in result ? result.errors : [], null, 2).slice(0, 2000)).toBe(true);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/average",
        "/api/cn/average",
        "/api/cn/history",
        "/api/cn/stack",
        "/api/compare",
        "/api/history",
        "/api/hts/diff",
        "/api/hts/editions",
        "/api/hts/heading",
        "/api/hts/line",
        "/api/hts/search",
        "/api/openapi.json",
        "/api/refunds/delete",
        "/api/refunds/file",
        "/api/refunds/job",
        "/api/refunds/jobs",
        "/api/scenario/preview",
        "/api/scenarios",
        "/api/stack",
        "/api/status",
        "/api/screen",
        "/api/affiliates",
        "/api/controls",
        "/api/commitments",
        "/api/trade",
        "/api/talks",
      ].sort(),
    );
  });
});
