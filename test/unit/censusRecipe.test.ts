/**
 * The Census API recipes on a tiny hand-written API answer served by the loopback publisher server: the Parquet
 * written (columns, types, derived weight columns), its content digest, and bad answers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SourceEntry, SourceManifest } from "../../src/data/manifest.js";
import { parquetContentSha256 } from "../../src/data/recipes/parquetDigest.js";
import { dataStatus } from "../../src/data/status.js";
import { syncData, type SyncEntryResult } from "../../src/data/sync.js";
import { startPublisherServer, type PublisherServer } from "../support/publisherServer.js";

const URL_HS10 =
  "https://api.census.gov/data/timeseries/intltrade/imports/hs?get=CTY_NAME,CON_VAL_YR,CAL_DUT_YR,I_COMMODITY&time=2024-12&COMM_LVL=HS10&CTY_CODE=9999";
const ANSWER = [
  ["CTY_NAME", "CON_VAL_YR", "CAL_DUT_YR", "I_COMMODITY", "time", "COMM_LVL", "CTY_CODE"],
  ["TESTLAND", "300", "30", "0101210010", "2024-12", "HS10", "9999"],
  ["TESTLAND", "100", "0", "8471300100", "2024-12", "HS10", "9999"],
];
const answer = (rows: unknown[][] = ANSWER): Buffer => Buffer.from(JSON.stringify(rows));

let root: string;
let cache: string;
let server: PublisherServer;

function manifest(contentSha256: string, checksumStable: boolean, recipe = "census-hs10-to-parquet"): SourceManifest {
  const entry: SourceEntry = {
    id: "imports-test",
    path: "us/imports-2024/2024-hs10-imports9999.parquet",
    group: "imports",
    title: "t",
    publisher: "US Census Bureau",
    sha256: "0".repeat(64),
    officialUrl: null,
    official: { url: URL_HS10, form: "json-api", recipe },
    feeds: "tests",
    contentSha256,
    checksumStable,
  };
  return { version: 1, groups: { imports: "imports" }, entries: [entry] };
}

async function readTable(file: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  try {
    const d = await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    const r = await c.runAndReadAll(`SELECT * FROM read_parquet('${file}') ORDER BY I_COMMODITY`);
    return {
      columns: d.getRowObjects().map((o) => `${String(o.column_name)}:${String(o.column_type)}`),
      rows: r.getRowObjectsJson() as Record<string, unknown>[],
    };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const only = (r: { entries: SyncEntryResult[] }): SyncEntryResult => {
  const e = r.entries[0];
  if (!e) throw new Error("no result");
  return e;
};

beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), "tariffscope-census-"));
  cache = path.join(root, "cache");
  server = await startPublisherServer();
  server.serve(URL_HS10, answer(), "application/json");
});

afterEach(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const sync = (m: SourceManifest): ReturnType<typeof syncData> =>
  syncData({
    cacheDir: cache,
    mirror: null,
    manifest: m,
    publisherBase: server.base,
    retryDelayMs: 1,
    downloadAttempts: 2,
  });

describe("census-hs10-to-parquet", () => {
  it("writes the served columns as text, time as a timestamp, and the weight columns; verifies its content digest", async () => {
    // A manifest whose digest is unknown yet, for a publisher whose content is not stable: kept with a warning.
    const first = only(await sync(manifest("f".repeat(64), false)));
    expect(first.status).toBe("fetched");
    expect(first.warning).toMatch(/content differs from the manifest/);
    const file = path.join(cache, "us/imports-2024/2024-hs10-imports9999.parquet");
    const table = await readTable(file);
    expect(table.columns).toEqual([
      "CTY_NAME:VARCHAR",
      "CON_VAL_YR:VARCHAR",
      "CAL_DUT_YR:VARCHAR",
      "I_COMMODITY:VARCHAR",
      "time:TIMESTAMP",
      "COMM_LVL:VARCHAR",
      "CTY_CODE:VARCHAR",
      "imports:DOUBLE",
      "duty:DOUBLE",
      "share:DOUBLE",
      "HS10:VARCHAR",
      "HS8:VARCHAR",
      "HS6:VARCHAR",
    ]);
    expect(table.rows[0]).toMatchObject({
      CON_VAL_YR: "300",
      time: "2024-12-01 00:00:00",
      imports: 300,
      duty: 30,
      share: 0.75,
      HS10: "0101210010",
      HS8: "01012100",
      HS6: "010121",
    });
    expect(table.rows[1]).toMatchObject({ imports: 100, duty: 0, share: 0.25, HS6: "847130" });

    // With the digest of that content in the manifest, a fresh sync verifies exactly, and status says so.
    const digest = await parquetContentSha256(file);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    rmSync(cache, { recursive: true });
    const exact = only(await sync(manifest(digest ?? "", true)));
    expect(exact).toMatchObject({ status: "fetched", source: "download" });
    expect(exact.warning).toBeUndefined();
    const status = await dataStatus({ cacheDir: cache, manifest: manifest(digest ?? "", true) });
    expect(status.entries[0]).toMatchObject({
      checksum: "ok",
      note: "converted from the publisher's answer; content matches",
    });

    // The same rows in another order have the same content digest.
    rmSync(cache, { recursive: true });
    server.replace(URL_HS10, answer([ANSWER[0] ?? [], ANSWER[2] ?? [], ANSWER[1] ?? []]));
    expect(only(await sync(manifest(digest ?? "", true))).status).toBe("fetched");

    // One value changed: the content differs and, the checksum being stable, nothing is cached.
    rmSync(cache, { recursive: true });
    server.replace(
      URL_HS10,
      answer([ANSWER[0] ?? [], ["TESTLAND", "301", "30", "0101210010", "2024-12", "HS10", "9999"], ANSWER[2] ?? []]),
    );
    const changed = only(await sync(manifest(digest ?? "", true)));
    expect(changed).toMatchObject({ status: "corrupt", expected: digest });
    expect(changed.reason).toContain(URL_HS10);
  });

  it("names a malformed answer (a row of the wrong length) and caches nothing", async () => {
    server.replace(URL_HS10, answer([ANSWER[0] ?? [], ["TESTLAND", "300"]]));
    const r = only(await sync(manifest("f".repeat(64), false)));
    expect(r.status).toBe("missing");
    expect(r.reason).toContain("row 2 of the Census API answer has 2 values, expected 7");
    expect(r.reason).toContain(URL_HS10);
  });

  it("names an answer without the columns the weights need", async () => {
    server.replace(
      URL_HS10,
      answer([
        ["CTY_NAME", "time"],
        ["TESTLAND", "2024-12"],
      ]),
    );
    const r = only(await sync(manifest("f".repeat(64), false)));
    expect(r.status).toBe("missing");
    expect(r.reason).toContain("the Census API answer has no CON_VAL_YR column");
  });

  it("refuses an HTML page in place of the API's JSON", async () => {
    server.fault(URL_HS10, { kind: "html" });
    const r = only(await sync(manifest("f".repeat(64), false)));
    expect(r.status).toBe("missing");
    expect(r.reason).toContain("served an HTML page, not JSON; not cached");
  });
});

describe("census-api-to-parquet", () => {
  it("keeps the served columns as text and adds nothing", async () => {
    await sync(manifest("f".repeat(64), false, "census-api-to-parquet"));
    const table = await readTable(path.join(cache, "us/imports-2024/2024-hs10-imports9999.parquet"));
    expect(table.columns).toEqual(ANSWER[0]?.map((c) => `${c}:VARCHAR`));
    expect(table.rows[0]).toMatchObject({ time: "2024-12", CON_VAL_YR: "300" });
  });
});
