/**
 * Issue 10, "Done when": with the mirror hidden (TARIFFSCOPE_MIRROR=none, which also turns off the lookup of a
 * `../shared/data` folder) and only the loopback "publishers" reachable (TARIFFSCOPE_PUBLISHER_BASE), what `npm start`
 * does on an empty cache (sync every group, then open the ledger behind the server) fetches every dataset whose
 * publisher serves it — HTS JSON, change-record PDFs and their texts extracted here, Census API answers — and says
 * clearly what it cannot have: the `official: none` datasets (no official address a recipe can use) and the texts whose
 * document the stand-in publishers do not hold (the Chapter 99 notes PDF, the legal texts' HTML pages, absent from the
 * mirror). Then, with only those datasets supplied from a folder (as a user would with `--mirror`), the server answers
 * the dashboard's questions — reference stacks, an average, an edition diff — with the same numbers as the mirror build.
 *
 * The loopback server reads the mirror to play the publishers (their official forms at their official addresses);
 * the product under test never sees the mirror.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerDataCommands } from "../../src/cli/dataCommands.js";
import { MIRROR_ENV, resolveMirror } from "../../src/data/cacheDir.js";
import { loadManifest, officialRecipe } from "../../src/data/manifest.js";
import { PUBLISHER_BASE_ENV } from "../../src/data/publisherUrl.js";
import { syncData } from "../../src/data/sync.js";
import { startServer, type RunningServer } from "../../src/server/start.js";
import type { StatusBody } from "../../src/server/apiTypes.js";
import { mirrorDir } from "../support/mirror.js";
import { startPublisherServer, type PublisherServer } from "../support/publisherServer.js";

const manifest = loadManifest();
const mirror = mirrorDir();
const noneIds = new Set(manifest.entries.filter((e) => officialRecipe(e) === undefined).map((e) => e.id));

let publishers: PublisherServer;
let root: string;
let cache: string;
let official: RunningServer | undefined;
let fromMirror: RunningServer | undefined;
const startLog: string[] = [];

beforeAll(async () => {
  publishers = await startPublisherServer({ manifest, mirror });
  root = mkdtempSync(path.join(tmpdir(), "tariffscope-runs-anywhere-"));
  cache = path.join(root, "cache");
  vi.stubEnv(MIRROR_ENV, "none");
  vi.stubEnv(PUBLISHER_BASE_ENV, publishers.base);
});

afterAll(async () => {
  await official?.close();
  await fromMirror?.close();
  await publishers.close();
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

async function get<T>(server: RunningServer, url: string): Promise<{ status: number; body: T }> {
  const r = await server.app.inject({ url });
  return { status: r.statusCode, body: r.json<T>() };
}

async function cli(args: string[]): Promise<string> {
  let out = "";
  const stderr = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
  const program = new Command().exitOverride();
  registerDataCommands(program, { stdout: (t) => (out += t), stderr });
  await program.parseAsync(["node", "tariffscope", ...args]);
  process.exitCode = undefined;
  return out;
}

describe("npm start with no mirror, only the publishers reachable, on an empty cache", () => {
  it("finds no mirror folder", () => {
    expect(resolveMirror()).toBeNull();
  });

  it("fetches every dataset the publishers serve, and names what it cannot have and what that costs", async () => {
    official = await startServer({
      cacheDir: cache,
      port: 0,
      buildWeb: false,
      seriesThreads: 0,
      log: (line) => startLog.push(line),
    });
    // The ledger needs product lists from annexes and the Chapter 99 notes, which no publisher served here.
    await expect(official.ledger).rejects.toMatchObject({ code: "MISSING_DATASET" });
    expect(startLog.join("\n")).toMatch(/data: hts-editions +44 datasets +44 fetched/);
    expect(startLog.join("\n")).toMatch(/data: change-records +86 datasets +86 fetched/);
    expect(startLog.join("\n")).toMatch(/data: imports-2024 +51 datasets +51 fetched/);
    expect(startLog.join("\n")).toMatch(/data: annexes +NOT AVAILABLE: .*no official recipe/);

    const { body: status } = await get<StatusBody>(official, "/api/status");
    expect(status.ok).toBe(false);
    expect(status.data.counts).toMatchObject({ total: 332, present: 184, absent: 148, mismatch: 0 });
    expect(status.data.official).toMatchObject({ recipe: 214, none: 118 });
    expect(status.data.error).toMatch(/official: none\) and come only from a mirror folder/);
    const annex = status.data.problems.find((p) => p.path === "us/annexes/reciprocal-2025-annex-2.txt");
    const problem = annex ?? status.data.problems.find((p) => p.official === "none");
    expect(problem).toMatchObject({ state: "absent", official: "none" });
    expect(problem?.feeds.length).toBeGreaterThan(10);
    expect(status.ledger).toMatchObject({ state: "failed" });
    expect(status.ledger.error).toMatch(/not in the data cache/);

    // A question that needs the ledger is refused with the reason, not answered with a silent zero.
    const stack = await official.app.inject({ url: "/api/stack?hts=6110.20.20.10&origin=CN&date=2025-06-01" });
    expect(stack.statusCode).toBe(503);
    expect(stack.body).toMatch(/not in the data cache/);

    // The CLI says the same, dataset by dataset: class, and for a missing official: none dataset, what it feeds.
    const out = await cli(["data", "status", "--dir", cache]);
    expect(out).toContain("332 dataset(s): 184 present (184 ok, 0 mismatch, 0 unverifiable), 148 absent");
    expect(out).toMatch(
      /official sources: 214 from their publishers by recipe \(.*pdf-to-text 43.*\), 118 official: none/,
    );
    expect(out).toMatch(
      /ok +change-record-2025-rev-17-txt +us\/hts-change-records\/2025HTSRev17_change_record\.txt .*\[pdf-to-text\]/,
    );
    expect(out).toMatch(
      /absent +annex-reciprocal-2025-annex-2-txt .*\[official: none\]\n +no official recipe: from a mirror folder only; feeds /,
    );
    expect(out).toMatch(/absent +hts-notes-chapter99-2026-rev-6 .*\[pdf-to-text-gzip\]/);
  }, 1_200_000);

  it("with only the datasets no publisher served supplied from a folder, answers as the mirror build does", async () => {
    await official?.close();
    official = undefined;
    // The user's folder: exactly the datasets still absent, copied from the mirror.
    const supplied = path.join(root, "supplied");
    const before = await syncData({ cacheDir: cache, mirror: null, download: false });
    const absent = before.entries.filter((e) => e.status === "missing");
    expect(
      absent
        .filter((e) => !noneIds.has(e.id))
        .map((e) => e.id)
        .sort(),
    ).toEqual(
      manifest.entries
        .filter((e) => e.group === "legal-texts" && !noneIds.has(e.id))
        .map((e) => e.id)
        .concat("hts-notes-chapter99-2026-rev-6")
        .sort(),
    );
    for (const e of absent) {
      mkdirSync(path.dirname(path.join(supplied, e.path)), { recursive: true });
      copyFileSync(path.join(mirror, e.path), path.join(supplied, e.path));
    }
    const filled = await syncData({ cacheDir: cache, mirror: supplied, download: false });
    expect(filled.counts).toMatchObject({ ok: 184, fetched: 148, missing: 0, corrupt: 0 });

    official = await startServer({ cacheDir: cache, port: 0, buildWeb: false, seriesThreads: 0, log: () => undefined });
    fromMirror = await startServer({ port: 0, sync: false, buildWeb: false, seriesThreads: 0, log: () => undefined });
    await Promise.all([official.ledger, fromMirror.ledger]);

    const { body: status } = await get<StatusBody>(official, "/api/status");
    expect(status.ok).toBe(true);
    expect(status.data.counts).toMatchObject({ total: 332, absent: 0, mismatch: 0 });

    // Everything but the ledger version (keyed by the source files' bytes: gzip and text extraction differ from the
    // mirror's bytes while their content is the same).
    const withoutVersion = (body: unknown): unknown =>
      JSON.parse(JSON.stringify(body, (k, v: unknown) => (k === "ledgerVersion" || k === "version" ? undefined : v)));
    const questions = [
      "/api/stack?hts=6110.20.20.10&origin=CN&date=2025-06-01",
      "/api/stack?hts=8471.30.01.00&origin=CN&date=2026-01-15",
      "/api/stack?hts=7208.10.15.00&origin=CN&date=2025-09-01",
      "/api/stack?hts=7326.90.8688&origin=CN&date=2026-09-15&value=14172",
      "/api/average?origin=CN&from=2025-01-01&to=2026-06-30",
      "/api/hts/diff?a=2025_rev_32&b=2026_basic",
    ];
    for (const q of questions) {
      const a = await get<unknown>(official, q);
      const b = await get<unknown>(fromMirror, q);
      expect(a.status, q).toBe(200);
      expect(withoutVersion(a.body), q).toEqual(withoutVersion(b.body));
    }
    const average = (
      await get<{ points?: unknown[] }>(official, "/api/average?origin=CN&from=2025-01-01&to=2026-06-30")
    ).body;
    expect(JSON.stringify(average)).toMatch(/\d/);
  }, 1_200_000);
});
