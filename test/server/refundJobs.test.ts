import { readFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { createServer, type TariffscopeServer } from "../../src/server/app.js";
import { resolveCacheDir } from "../../src/data/cacheDir.js";
import { synthEntries } from "../../src/entries/syntheticEntries.js";

let ts: Tariffscope;
let app: TariffscopeServer;
const cacheDir = resolveCacheDir({});

beforeAll(async () => {
  ts = await openTariffscope();
  app = await createServer({ ts, webDir: false });
  await app.ready();
}, 300_000);
afterAll(async () => {
  await app?.close();
});

async function waitDone(id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 300; i++) {
    const r = await app.inject({ method: "GET", url: `/api/refunds/job?id=${id}` });
    const job = JSON.parse(r.body) as Record<string, unknown>;
    if (job.status === "done" || job.status === "failed") return job;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error("job did not finish");
}

describe("refund jobs API", () => {
  it("upload → job with progress → summary → downloads → delete removes every file", async () => {
    const body = readFileSync("test/fixtures/entries/refund-cases.csv");
    const up = await app.inject({ method: "POST", url: "/api/refunds/jobs?asOf=2026-04-15&name=cases.csv", headers: { "content-type": "text/csv" }, payload: body });
    expect(up.statusCode).toBe(202);
    const { id } = JSON.parse(up.body) as { id: string };
    const job = await waitDone(id);
    expect(job.status).toBe("done");
    // 300 × 13 entries of $1,000 (IEEPA 30%), one of $1,500 (450), one declared 225, the 2026 entry 0.
    expect((job.summary as { refund: string }).refund).toBe("4875.00");
    expect(job.files).toEqual(expect.arrayContaining(["entries.csv", "rejects.csv", "summary.json", "lines.parquet", "cape/cape-declaration-001.csv"]));
    const cape = await app.inject({ method: "GET", url: `/api/refunds/file?id=${id}&name=cape/cape-declaration-001.csv` });
    expect(cape.statusCode).toBe(200);
    expect(cape.body.trim().split("\n")).toEqual(["AAA00000011", "AAA00000021", "AAA00000121", "AAA00000171"]);
    expect(cape.body).not.toContain(cacheDir);
    const bad = await app.inject({ method: "GET", url: `/api/refunds/file?id=${id}&name=../../input` });
    expect(bad.statusCode).toBe(404);
    const folder = join(cacheDir, "entries", "uploads", id);
    expect(existsSync(folder)).toBe(true);
    expect(existsSync(join(folder, "input"))).toBe(false);
    const del = await app.inject({ method: "POST", url: `/api/refunds/delete?id=${id}` });
    expect(del.statusCode).toBe(200);
    expect(existsSync(folder)).toBe(false);
    expect((await app.inject({ method: "GET", url: `/api/refunds/job?id=${id}` })).statusCode).toBe(404);
  });

  it("a binary upload fails its job with the reason; a wrong content type is 415; an oversize upload is 413 and leaves nothing", async () => {
    const up = await app.inject({ method: "POST", url: "/api/refunds/jobs", headers: { "content-type": "application/octet-stream" }, payload: Buffer.from([1, 2, 0, 3, 4]) });
    const job = await waitDone((JSON.parse(up.body) as { id: string }).id);
    expect(job.status).toBe("failed");
    expect((job.error as { message: string }).message).toMatch(/binary content at byte 2/);
    expect(job.files).toEqual([]);
    const wrong = await app.inject({ method: "POST", url: "/api/refunds/jobs", headers: { "content-type": "image/png" }, payload: "x" });
    expect(wrong.statusCode).toBe(415);
    const huge = await app.inject({ method: "POST", url: "/api/refunds/jobs", headers: { "content-type": "text/csv", "content-length": String(10 * 1024 ** 3) }, payload: "a,b\n" });
    expect(huge.statusCode).toBe(413);
    expect(JSON.parse(huge.body).error.code).toBe("TOO_LARGE");
  });

  it("runs the job on a worker thread: /api/status answers while a refund job runs, and progress is reported", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ts-refund-job-"));
    try {
      const file = join(dir, "synthetic.csv");
      await synthEntries({ lines: 60_000, out: file, seed: 7, productsPerOrigin: 200, knownLine: (c) => ts.ledger.catalog.lines.has(c) });
      const up = await app.inject({ method: "POST", url: "/api/refunds/jobs?asOf=2026-06-01&name=synthetic.csv", headers: { "content-type": "text/csv" }, payload: readFileSync(file) });
      expect(up.statusCode).toBe(202);
      const { id } = JSON.parse(up.body) as { id: string };
      let answeredWhileRunning = 0;
      const stages = new Set<string>();
      for (let i = 0; i < 3000; i++) {
        const status = await app.inject({ method: "GET", url: "/api/status" });
        expect(status.statusCode).toBe(200);
        const job = JSON.parse((await app.inject({ method: "GET", url: `/api/refunds/job?id=${id}` })).body) as { status: string; stage: string; progress: number };
        if (job.status === "done" || job.status === "failed") break;
        if (job.status === "running") {
          answeredWhileRunning++;
          stages.add(job.stage);
          expect(job.progress).toBeGreaterThanOrEqual(0);
          expect(job.progress).toBeLessThan(1);
        }
        await new Promise((res) => setTimeout(res, 20));
      }
      const done = await waitDone(id);
      expect(done.status).toBe("done");
      expect((done.summary as { rows: number }).rows).toBe(60_000);
      // The status answered before the job completed: the job's work does not hold the event loop.
      expect(answeredWhileRunning).toBeGreaterThan(0);
      expect([...stages].some((s) => ["read", "panel", "price", "write"].includes(s))).toBe(true);
      expect((await app.inject({ method: "POST", url: `/api/refunds/delete?id=${id}` })).statusCode).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
