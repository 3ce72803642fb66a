import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { createServer, type TariffscopeServer } from "../../src/server/app.js";
import { resolveCacheDir } from "../../src/data/cacheDir.js";
import { repoRoot } from "../support/mirror.js";

/**
 * Hostile input against the HTTP API (through `inject`, no port): YAML anchors, aliases, merge keys, alias bombs,
 * thousands of keys, duplicate keys, deep nesting, wrong methods, huge and malformed query parameters, bad codes,
 * dates and origins. Every answer is a 4xx JSON error naming the field, never a 500, never a stack trace, never an
 * absolute server path; and the normal answers carry no server path either.
 */

let ts: Tariffscope;
let app: TariffscopeServer;
let scenariosDir: string;
const cacheDir = resolveCacheDir({});

type ErrorBody = { error: { code: string; message: string; field: string | null; suggestions: string[] } };
type Answer = { statusCode: number; headers: Record<string, unknown>; body: string };

const SCENARIO = `name: test
description: removes the fentanyl duties
source: { title: test }
edits:
  - remove: { authority: ieepa-fentanyl }
`;

beforeAll(async () => {
  ts = await openTariffscope();
  scenariosDir = mkdtempSync(join(tmpdir(), "tariffscope-hostile-"));
  writeFileSync(join(scenariosDir, "test.yaml"), SCENARIO);
  app = await createServer({ ts, webDir: false, scenariosDir });
  await app.ready();
}, 300_000);

afterAll(async () => {
  await app?.close();
  rmSync(scenariosDir, { recursive: true, force: true });
});

/** No server folder, and no absolute path under a system root, anywhere in an answer. */
function expectNoServerPath(r: Answer, what: string): void {
  for (const dir of [cacheDir, repoRoot, scenariosDir, homedir(), tmpdir()]) expect(r.body, what).not.toContain(dir);
  expect(r.body, what).not.toMatch(/(?<![\w.:/])\/(home|root|tmp|var|usr|etc|opt|srv|work|Users)\//);
}

/** A refusal: the status expected (a 4xx), JSON in the one error shape, a message, no stack trace, no path. */
function expectRefusal(r: Answer, status: number, what: string, field?: string | RegExp): ErrorBody["error"] {
  expect(r.statusCode, `${what}: ${r.body.slice(0, 300)}`).toBe(status);
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  expect(String(r.headers["content-type"]), what).toMatch(/application\/json/);
  const body = JSON.parse(r.body) as ErrorBody;
  expect(body.error.code, what).toMatch(/^[A-Z0-9_]+$/);
  expect(body.error.message.length, what).toBeGreaterThan(5);
  expect(body.error.message.length, `${what}: the message does not grow with the input`).toBeLessThan(800);
  expect(r.body, what).not.toMatch(/\bat [\w.<>]+ \(|\.ts:\d+:\d+|\.js:\d+:\d+|node:internal/);
  expectNoServerPath(r, what);
  if (field !== undefined) {
    if (typeof field === "string") expect(body.error.field, what).toBe(field);
    else expect(body.error.field ?? "", what).toMatch(field);
  }
  return body.error;
}

const get = (url: string) => app.inject({ method: "GET", url });
const stack = "/api/stack?hts=8703.80.00&origin=CN&date=2025-06-01";

const preview = (payload: string, type = "application/yaml") =>
  app.inject({ method: "POST", url: "/api/scenario/preview", headers: { "content-type": type }, payload });

describe("scenario YAML", () => {
  it("accepts an alias to an earlier anchor, expanded", async () => {
    const text = `${SCENARIO}  - suspend: &target { authority: s122 }\n  - remove: *target\n`;
    const r = await preview(text);
    expect(r.statusCode, r.body).toBe(200);
    const body = JSON.parse(r.body) as { edits: number; content: { edits: unknown[] } };
    expect(body.edits).toBe(3);
    expect(body.content.edits[2]).toEqual({ remove: { authority: "s122" } });
  });

  it("refuses merge keys, dangling aliases and an alias inside its own node, naming the line", async () => {
    const merge = expectRefusal(
      await preview(`${SCENARIO}  - remove:\n      <<: { authority: s122 }\n`),
      422,
      "merge key",
      "body",
    );
    expect(merge.message).toMatch(/line 7, column 7: invalid YAML: merge keys/);
    expect(expectRefusal(await preview(`${SCENARIO}  - remove: *nothing\n`), 422, "dangling", "body").message).toMatch(
      /line 6.*alias \*nothing has no anchor/,
    );
    expect(expectRefusal(await preview(`name: &n [*n]\n`), 422, "cycle", "body").message).toMatch(
      /line 1.*refers to the node that contains it/,
    );
  });

  it("refuses an alias bomb (billion laughs) without expanding it", async () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = "abcdefghij";
    for (let i = 1; i < 10; i++) rows.push(`${names[i]}: &${names[i]} [${Array(10).fill(`*${names[i - 1]}`).join(",")}]`);
    const e = expectRefusal(await preview(`${rows.join("\n")}\n`), 422, "alias bomb", "body");
    expect(e.code).toBe("UNPARSEABLE_SCENARIO");
    expect(e.message).toMatch(/line \d+, column \d+: invalid YAML: aliases expand the document beyond/);
  });

  it("refuses 7,000 keys with the first few named, and duplicate keys naming both lines", async () => {
    const keys = Array.from({ length: 7000 }, (_, i) => `k${i}: 1`).join("\n"); // 62 KB, under the 64 KB limit
    const many = expectRefusal(await preview(`${SCENARIO}${keys}\n`), 422, "7,000 keys", "body");
    expect(many.message).toMatch(/unknown field\(s\) k0, k1, k2, k3, k4 \(and 6995 more\)/);
    const dup = expectRefusal(await preview(`${SCENARIO}name: again\n`), 422, "duplicate key", "body");
    expect(dup.message).toMatch(/line 6, column 1: invalid YAML: duplicate key "name" \(first at line 1\)/);
    const long = expectRefusal(await preview(`${"k".repeat(50_000)}: 1\n${"k".repeat(6_000)}: 2\n`), 422, "long keys", "body");
    expect(long.message.length).toBeLessThan(400);
    const big = expectRefusal(await preview(`${SCENARIO}${keys}\n${keys}\n`), 413, "over 64 KB", "body");
    expect(big.message).toMatch(/body: larger than 65536 bytes/);
    const xml = expectRefusal(await preview("<a/>", "application/xml"), 415, "XML", "content-type");
    expect(xml.message).toMatch(/application\/yaml/);
  });

  it("refuses deep nesting, within and beyond what the parser follows", async () => {
    expect(expectRefusal(await preview(`name: ${"[".repeat(100)}${"]".repeat(100)}\n`), 422, "depth 100", "body").message).toMatch(
      /nesting deeper than 64 levels/,
    );
    expect(expectRefusal(await preview("[".repeat(30_000) + "]".repeat(30_000)), 422, "depth 30,000", "body").message).toMatch(
      /nesting deeper/,
    );
    expectRefusal(await preview(`${"- ".repeat(20_000)}x\n`), 422, "block depth 20,000", "body");
  });

  it("refuses tags, a non-mapping, binary junk, and JSON that is not a JSON object", async () => {
    expectRefusal(await preview(`name: !!js/function "function () { return 1 }"\n`), 422, "js tag", "body");
    expectRefusal(await preview("- a\n- b\n"), 422, "a list", "body");
    expectRefusal(await preview("\u0000\u0001\u0002\ufffe"), 422, "binary", "body");
    expectRefusal(await preview("name: x\n", "application/json"), 422, "YAML sent as JSON", "body");
    expectRefusal(await preview('{"name": "x", ', "application/json"), 422, "truncated JSON", "body");
    expectRefusal(await preview(`{"name": "x", "name": "y"}`, "application/json"), 422, "duplicate JSON key", "body");
  });
});

describe("methods", () => {
  it("a wrong method is a 405 with Allow and a JSON body; OPTIONS lists the methods", async () => {
    const cases: [string, string, string][] = [
      ["POST", "/api/stack", "GET, HEAD"],
      ["DELETE", "/api/status", "GET, HEAD"],
      ["PUT", "/api/scenario/preview", "POST"],
      ["GET", "/api/scenario/preview", "POST"],
      ["PATCH", "/api/hts/line/", "GET, HEAD"],
      ["DELETE", "/", "GET, HEAD"],
      ["POST", "/product", "GET, HEAD"],
    ];
    for (const [method, url, allow] of cases) {
      const r = await app.inject({ method: method as "GET", url });
      const e = expectRefusal(r, 405, `${method} ${url}`, "method");
      expect(r.headers.allow, `${method} ${url}`).toBe(allow);
      expect(e.code).toBe("METHOD_NOT_ALLOWED");
    }
    const options = await app.inject({ method: "OPTIONS", url: "/api/stack" });
    expect(options.statusCode).toBe(204);
    expect(options.headers.allow).toBe("GET, HEAD");
    expect((await app.inject({ method: "HEAD", url: "/api/status" })).statusCode).toBe(200);
  });
});

describe("query parameters", () => {

  it("huge, repeated, nested and unknown parameters are 400s naming the parameter", async () => {
    expectRefusal(await get(`/api/stack?hts=${"8".repeat(20_000)}&date=2025-06-01`), 400, "huge hts", "hts");
    expectRefusal(await get(`/api/hts/search?q=${"a".repeat(50_000)}`), 400, "huge q", "q");
    expectRefusal(await get(`${stack}${"&fact=steelShare=0.5".repeat(500)}`), 400, "500 facts", "fact");
    expectRefusal(await get(`${stack}&fact=${"x".repeat(5000)}=1`), 400, "long fact", "fact");
    expectRefusal(await get(`${stack}${"&x=1".repeat(1000)}`), 400, "1,000 unknown", "x");
    expectRefusal(await get(`${stack}&__proto__=1`), 400, "__proto__", "__proto__");
    expectRefusal(await get(`${stack}&constructor=x`), 400, "constructor", "constructor");
    expectRefusal(await get("/api/stack?hts[]=8703&date=2025-06-01"), 400, "hts[]");
    expectRefusal(await get("/api/stack?hts=8703.80.00&hts=8703.80.00&date=2025-06-01"), 400, "hts twice", "hts");
    expectRefusal(await get("/api/stack?hts=%00%ff&date=%ff"), 400, "bad percent-encoding");
    expectRefusal(await get(`/api/${"a".repeat(10_000)}`), 404, "10,000-character path");
    const withQuery = await app.inject({
      method: "POST",
      url: "/api/scenario/preview?x=1",
      headers: { "content-type": "application/yaml" },
      payload: SCENARIO,
    });
    expectRefusal(withQuery, 400, "query on the preview", "x");
  });

  it("bad codes are refused naming hts, with what the code is", async () => {
    expectRefusal(await get("/api/stack?hts=abc&date=2025-06-01"), 400, "letters", "hts");
    expectRefusal(await get("/api/stack?hts=8703.8&date=2025-06-01"), 400, "5 digits", "hts");
    const ch98 = expectRefusal(await get("/api/stack?hts=9802.00.80&date=2025-06-01"), 400, "chapter 98", "hts");
    expect(ch98.code).toBe("CHAPTER_98_CODE");
    expect(ch98.message).toMatch(/Chapter 98 provision.*chapter98=true/);
    const hist98 = expectRefusal(await get("/api/history?hts=9802.00.80.40"), 400, "chapter 98 history", "hts");
    expect(hist98.code).toBe("CHAPTER_98_CODE");
    expect(expectRefusal(await get("/api/stack?hts=9903.88.03&date=2025-06-01"), 400, "chapter 99", "hts").code).toBe(
      "CHAPTER_99_CODE",
    );
    expectRefusal(await get("/api/stack?hts=0000.00.00.00&date=2025-06-01"), 404, "no such code", "hts");
    expectRefusal(await get("/api/hts/line?code=9999"), 404, "no such line");
    expectRefusal(await get("/api/hts/heading?code=8703.80.00"), 400, "not a heading");
  });

  it("bad dates, ranges, origins, values, views, weights, editions and scenarios name their field", async () => {
    const cases: [string, number, string | RegExp][] = [
      ["/api/stack?hts=8703.80.00&date=2025-02-30", 400, "date"],
      ["/api/stack?hts=8703.80.00&date=25-06-01", 400, "date"],
      ["/api/stack?hts=8703.80.00&date=1999-01-01", 400, "date"],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&origin=XX", 400, "origin"],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&origin=Narnia", 400, "origin"],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&origin=%E4%B8%AD%E5%9B%BD", 400, "origin"],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&value=-1", 400, "value"],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&value=1e400", 400, "value"],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&value=NaN", 400, "value"],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&view=bogus", 400, "view"],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&fact=steelShare=2", 400, /fact|steelShare/],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&fact=colour=red", 400, /fact|colour/],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&scenario=../../etc/passwd", 400, "scenario"],
      ["/api/stack?hts=8703.80.00&date=2025-06-01&scenario=nope", 404, "scenario"],
      ["/api/history?hts=8703.80.00&from=2026-01-01&to=2025-01-01", 400, "from"],
      ["/api/history?hts=8703.80.00&from=1900-01-01&to=2025-01-01", 400, /from|to/],
      ["/api/average?weights=bogus", 400, "weights"],
      ["/api/hts/line?code=8703.80.00&edition=../../etc/passwd", 400, "edition"],
      ["/api/hts/line?code=8703.80.00&edition=2031_rev_1", 404, "edition"],
      ["/api/hts/diff?a=2025_rev_13&b=nope", 404, "b"],
    ];
    for (const [url, status, field] of cases) expectRefusal(await get(url), status, url, field);
  });

  it("the server keeps answering after all of it", async () => {
    expect((await get(stack)).statusCode).toBe(200);
  });
});

describe("normal answers", () => {
  it("name no server path (status, lines, headings, scenarios, stacks, histories, averages, diffs, OpenAPI)", async () => {
    const urls = [
      "/api/status",
      "/api/hts/line?code=9802.00.80",
      "/api/hts/line?code=8703.80.00",
      "/api/hts/heading?code=9903.88.03",
      "/api/hts/editions",
      "/api/hts/search?q=9802",
      "/api/scenarios",
      stack,
      `${stack}&scenario=test`,
      "/api/history?hts=6110.20.20.10",
      "/api/average?origin=CN&from=2025-03-01&to=2025-04-30",
      "/api/hts/diff?a=2025_rev_13&b=2025_rev_14",
      "/api/openapi.json",
    ];
    for (const url of urls) {
      const r = await get(url);
      expect(r.statusCode, `${url}: ${r.body.slice(0, 200)}`).toBe(200);
      expectNoServerPath(r, url);
    }
    const line = JSON.parse((await get("/api/hts/line?code=9802.00.80")).body) as {
      source: { file: string };
      specialChapter: { chapter: string } | null;
    };
    expect(line.source.file).toMatch(/^us\/hts\/hts_\w+\.json\.gz$/);
    expect(line.specialChapter?.chapter).toBe("98");
  });
});

describe("damaged or missing data", () => {
  it("status names the missing datasets; ledger endpoints answer 503 naming the file, not the server's folders", async () => {
    const empty = mkdtempSync(join(tmpdir(), "tariffscope-empty-"));
    const failing = openTariffscope({ cacheDir: empty });
    failing.catch(() => undefined);
    const bare = await createServer({ ts: failing, cacheDir: empty, webDir: false });
    try {
      await failing.catch(() => undefined);
      const s = await bare.inject({ url: "/api/status" });
      expect(s.statusCode).toBe(200);
      expectNoServerPath(s, "status");
      const status = JSON.parse(s.body) as {
        ok: boolean;
        data: { error: string | null; problems: { path: string; state: string }[] };
        ledger: { state: string; error: string | null };
      };
      expect(status.ok).toBe(false);
      expect(status.data.error).toMatch(/datasets missing from the data cache \(us\/hts\/hts_2025_basic\.json\.gz/);
      expect(status.data.problems[0]).toMatchObject({ path: "us/hts/hts_2025_basic.json.gz", state: "absent" });
      expect(status.ledger.state).toBe("failed");
      expect(status.ledger.error).toMatch(/us\/hts\/hts_2025_basic\.json\.gz: not in the data cache/);
      const st = await bare.inject({ url: stack });
      expect(st.statusCode).toBe(503);
      expectNoServerPath(st, "stack without data");
      expect(JSON.parse(st.body).error.message).toMatch(/us\/hts\/hts_2025_basic\.json\.gz/);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
