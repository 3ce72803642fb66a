/**
 * Runs anywhere: sync every dataset into an empty cache with the publishers first, through a loopback server that
 * serves each publisher's official form at its official host and path (the mirror standing in for the internet),
 * then compute reference stacks from that cache and from the mirror-synced cache: they must agree.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadWeightSet } from "../../src/analytics/weights.js";
import { registerDataCommands } from "../../src/cli/dataCommands.js";
import { FetchRecords } from "../../src/data/fetchRecord.js";
import { loadManifest, officialRecipe } from "../../src/data/manifest.js";
import { getRecipe } from "../../src/data/recipes/index.js";
import { dataStatus } from "../../src/data/status.js";
import { syncData } from "../../src/data/sync.js";
import type { Stack } from "../../src/engine/stackTypes.js";
import { openTariffscope } from "../../src/session.js";
import { mirrorDir } from "../support/mirror.js";
import { startPublisherServer, type PublisherServer } from "../support/publisherServer.js";

const manifest = loadManifest();
const mirror = mirrorDir();
/**
 * The datasets the loopback publishers can serve: every implemented recipe's, except the extracted texts whose
 * document the mirror does not hold (the Chapter 99 notes PDF, the legal texts' HTML pages): those come from the mirror.
 */
const byChecksum = new Set(manifest.entries.map((e) => e.sha256));
const implemented = new Set(
  manifest.entries
    .filter((e) => {
      const off = officialRecipe(e);
      const status = off ? getRecipe(off.recipe)?.status : undefined;
      if (!off || status?.implemented !== true) return false;
      return status.stored !== "extract" || (off.sha256 !== undefined && byChecksum.has(off.sha256));
    })
    .map((e) => e.id),
);

let server: PublisherServer;
let cache: string;

beforeAll(async () => {
  server = await startPublisherServer({ manifest, mirror });
  cache = mkdtempSync(path.join(tmpdir(), "tariffscope-official-cache-"));
});

afterAll(async () => {
  await server.close();
  rmSync(cache, { recursive: true, force: true });
});

describe("data sync --official from the publishers' forms (loopback)", () => {
  it("fills an empty cache: every implemented recipe from its publisher, the rest from the mirror, all verified", async () => {
    const report = await syncData({
      cacheDir: cache,
      mirror,
      prefer: "official",
      publisherBase: server.base,
      retryDelayMs: 1,
    });
    expect(report.counts).toEqual({ ok: 0, fetched: manifest.entries.length, missing: 0, corrupt: 0 });
    const downloaded = report.entries.filter((e) => e.source === "download").map((e) => e.id);
    expect(new Set(downloaded)).toEqual(implemented);
    expect(downloaded.length).toBe(184);
    for (const e of report.entries) if (!implemented.has(e.id)) expect(e.source, e.id).toBe("mirror");
    // The publisher was asked for the official paths only: one GET per downloaded dataset, and one (answered 404, not
    // retried) per extracted text whose document it does not hold, which then came from the mirror.
    const unserved = manifest.entries.filter((e) => officialRecipe(e) !== undefined && !implemented.has(e.id));
    expect(unserved).toHaveLength(30);
    // (A download cut by the network — a reused keep-alive socket closed by the server on a loaded machine — is
    // retried, as the sync's documented retry rule says: a few GETs more than that are such retries, never a 404 asked
    // again and again. A PDF and its extracted text are two datasets, each asked for.)
    const gets = server.requests.filter((r) => r.method === "GET").length;
    expect(gets).toBeGreaterThanOrEqual(downloaded.length + unserved.length);
    expect(gets - (downloaded.length + unserved.length)).toBeLessThanOrEqual(3);

    const status = await dataStatus({ cacheDir: cache });
    expect(status.counts).toMatchObject({ total: manifest.entries.length, ok: manifest.entries.length, mismatch: 0 });

    const records = await FetchRecords.load(cache);
    const rec = records.get("us/hts/hts_2026_rev_10.json.gz");
    expect(rec).toMatchObject({
      source: "download",
      from: "https://www.usitc.gov/sites/default/files/tata/hts/hts_2026_revision_10_json.json",
      via: `${server.base}/www.usitc.gov/sites/default/files/tata/hts/hts_2026_revision_10_json.json`,
      recipe: "gzip-json",
      receivedSha256: manifest.entries.find((e) => e.id === "hts-2026-rev-10")?.contentSha256,
    });

    const upstream = await dataStatus({
      cacheDir: cache,
      only: "hts-editions",
      upstream: { publisherBase: server.base },
    });
    expect(upstream.upstream).toMatchObject({ unchanged: 44, changed: 0, unreachable: 0 });
  }, 900_000);

  it("gives the same reference stacks from that cache as from the mirror-synced cache", async () => {
    const fromOfficial = await openTariffscope({ cacheDir: cache });
    const fromMirror = await openTariffscope();
    const cases = [
      { hts: "6110.20.20.10", origin: "CN", date: "2025-06-01" },
      { hts: "6110.20.20.10", origin: "CN", date: "2025-04-15" },
      { hts: "8471.30.01.00", origin: "CN", date: "2026-01-15" },
      { hts: "7208.10.15.00", origin: "CN", date: "2025-09-01" },
    ];
    const stacks = (r: ReturnType<typeof fromOfficial.stack>): Stack[] =>
      r.kind === "single" ? [r.stack] : r.variants.map((v) => v.stack);
    // Everything but the ledger version, which is keyed by the source files' checksums (the HTS editions are gzipped
    // afresh from the publisher's JSON, so their bytes differ from the mirror's while their content is the same).
    const shape = (r: ReturnType<typeof fromOfficial.stack>): unknown =>
      stacks(r).map(({ ledgerVersion: _version, ...rest }) => rest);
    for (const q of cases) {
      const a = fromOfficial.stack(q);
      const b = fromMirror.stack(q);
      expect(shape(a), JSON.stringify(q)).toEqual(shape(b));
      expect(stacks(a)[0]?.totalPercent, JSON.stringify(q)).toBeGreaterThan(0);
      expect(stacks(a)[0]?.lines.length, JSON.stringify(q)).toBeGreaterThan(1);
    }
  }, 600_000);
});

describe("weights from the Census API answers (loopback) equal the mirror's", () => {
  it("loads the census-2024 and approx-2017 weight sets from the official cache with the same rows and totals", async () => {
    for (const name of ["census-2024", "approx-2017"]) {
      const official = await loadWeightSet(name, { partner: "CN", cacheDir: cache });
      const fromMirror = await loadWeightSet(name, { partner: "CN" });
      expect(official.rows.length, name).toBeGreaterThan(10_000);
      expect({ total: official.totalValue, duty: official.totalDuty, rows: official.rows }, name).toEqual({
        total: fromMirror.totalValue,
        duty: fromMirror.totalDuty,
        rows: fromMirror.rows,
      });
    }
  });
});

describe("the data commands against the loopback publishers", () => {
  const cliCache = mkdtempSync(path.join(tmpdir(), "tariffscope-official-cli-"));
  afterAll(() => rmSync(cliCache, { recursive: true, force: true }));
  afterEach(() => {
    process.exitCode = undefined;
  });

  async function run(args: string[]): Promise<{ out: string; err: string }> {
    let out = "";
    let err = "";
    const stderr = { isTTY: false, write: (t: string) => ((err += t), true) } as unknown as NodeJS.WriteStream;
    const program = new Command().exitOverride();
    registerDataCommands(program, { stdout: (t) => (out += t), stderr });
    await program.parseAsync(["node", "tariffscope", ...args]);
    return { out, err };
  }

  it("data sync --official downloads what a recipe produces, the change-record text extracted from its PDF", async () => {
    const only = "change-record-2025-rev-1-pdf,change-record-2025-rev-1-txt,hts-2025-rev-1";
    const { out } = await run([
      "data",
      "sync",
      "--official",
      "--no-mirror",
      "--dir",
      cliCache,
      "--only",
      only,
      "--publisher-base",
      server.base,
    ]);
    expect(out).toContain("3 dataset(s): 0 ok, 3 fetched, 0 missing, 0 corrupt");
    expect(out).toContain("fetched from: 3 publisher(s), 0 mirror");
    expect(out).toContain(
      "official sources: 3 from their publishers by recipe (as-is 1, gzip-json 1, pdf-to-text 1), 0 official: none",
    );
    expect(process.exitCode).toBeUndefined();

    const status = await run([
      "data",
      "status",
      "--upstream",
      "--dir",
      cliCache,
      "--only",
      only,
      "--publisher-base",
      server.base,
    ]);
    expect(status.out).toContain("upstream: 0 changed, 3 unchanged, 0 unknown, 0 unreachable");
    expect(status.out).toMatch(/ok +change-record-2025-rev-1-txt .*\[pdf-to-text\]/);
  });
});
