/**
 * `data update` against a loopback publisher: a hand-written release list naming one release newer than every held
 * edition (its JSON built in memory from the newest mirror edition plus a hand-made Chapter 99 heading and a changed
 * printed rate), a release whose files answer 404, one whose JSON is an HTML page, and one whose JSON is cut short.
 * Each must end as it should: downloaded and reported, or a named failure with nothing cached as valid.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { Command } from "commander";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { registerDataCommands } from "../../src/cli/dataCommands.js";
import { formatUpdateReport, runUpdate, type UpdateCommandReport } from "../../src/cli/dataUpdateReport.js";
import { DiscoveredRecords } from "../../src/data/discoveredRecord.js";
import { releaseFiles } from "../../src/data/releaseFiles.js";
import { RELEASE_LIST_URL } from "../../src/data/update.js";
import { mirrorFile } from "../support/mirror.js";
import { startPublisherServer, type PublisherServer } from "../support/publisherServer.js";

const NEW_HEADING = {
  htsno: "9903.99.01",
  indent: "0",
  description:
    "Articles the product of China, as provided for in U.S. note 99 to this subchapter (hand-made for this test)",
  superior: null,
  units: [],
  general: "The duty provided in the applicable subheading + 30%",
  special: "",
  other: "",
  footnotes: [],
  quotaQuantity: null,
  additionalDuties: null,
  addiitionalDuties: null,
};
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

const [rev21Json, rev21Record] = releaseFiles(2026, 21);
const [rev22Json, rev22Record] = releaseFiles(2026, 22);
const [rev23Json, rev23Record] = releaseFiles(2026, 23);
const [rev24Json, rev24Record] = releaseFiles(2026, 24);

let server: PublisherServer;
let cache: string;
let rev21Body: Buffer;
let listBody: Buffer;
const transfer = { attempts: 3, retryDelayMs: 1 };
const gets = (url: string): number => {
  const u = new URL(url);
  return server.requests.filter((r) => r.method === "GET" && r.path === `/${u.host}${u.pathname}${u.search}`).length;
};
const run = (extra: { dryRun?: boolean } = {}): Promise<UpdateCommandReport> =>
  runUpdate({ dir: cache, publisherBase: server.base, ...extra }, transfer);
const release = (r: UpdateCommandReport, name: string) => r.releases.find((x) => x.name === name);
const outcome = (r: UpdateCommandReport, name: string, kind: string) =>
  release(r, name)?.files?.find((f) => f.kind === kind)?.outcome;

beforeAll(async () => {
  cache = mkdtempSync(path.join(tmpdir(), "tariffscope-update-"));
  server = await startPublisherServer();
  const rows = JSON.parse(
    gunzipSync(readFileSync(mirrorFile("us/hts/hts_2026_rev_10.json.gz"))).toString("utf8"),
  ) as Array<{ htsno: string; general: string }>;
  const list3 = rows.find((r) => r.htsno === "9903.88.03");
  if (!list3) throw new Error("9903.88.03 not in the 2026 Revision 10 edition");
  list3.general = "The duty provided in the applicable subheading + 35%";
  rows.push(NEW_HEADING);
  rev21Body = Buffer.from(JSON.stringify(rows));
  listBody = Buffer.from(
    JSON.stringify([
      { name: "2026HTSRev24", description: "2026 HTS Revision 24", releaseStartDate: "12/04/2026" },
      { name: "2026HTSRev23", description: "2026 HTS Revision 23", releaseStartDate: "12/03/2026" },
      { name: "2026HTSRev22", description: "2026 HTS Revision 22", releaseStartDate: "12/02/2026" },
      { name: "2026HTSRev21", description: "2026 HTS Revision 21", status: "current", releaseStartDate: "12/01/2026" },
      { name: "2026HTSRev13", description: "2026 HTS Revision 13", releaseStartDate: "09/15/2026" },
      { name: "2026HTSRev10", description: "2026 HTS Revision 10", releaseStartDate: "06/08/2026" },
      { name: "2025HTSRev5", description: "2025 HTS Revision 5" },
      { name: "2024HTSRev3", description: "2024 HTS Revision 3" },
      { name: "2026 Supplement", description: "not an edition name" },
    ]),
  );
  server.serve(RELEASE_LIST_URL, listBody, "application/json");
  server.serve(rev21Json!.url, rev21Body, "application/json");
  server.serve(rev21Record!.url, PDF, "application/pdf");
  // 2026 Rev 22: nothing served (404). 2026 Rev 23: an HTML page where the JSON should be; its record is fine.
  server.serve(rev23Json!.url, rev21Body, "application/json");
  server.fault(rev23Json!.url, { kind: "html" });
  server.serve(rev23Record!.url, PDF, "application/pdf");
  // 2026 Rev 24: every answer cut short.
  server.serve(rev24Json!.url, rev21Body, "application/json");
  server.fault(rev24Json!.url, { kind: "truncate", afterBytes: 4096 });
});

afterAll(async () => {
  await server.close();
  rmSync(cache, { recursive: true, force: true });
});

describe("data update against a loopback publisher", () => {
  it("--dry-run judges every listed release and downloads nothing", async () => {
    const r = await run({ dryRun: true });
    expect(r.releaseList).toEqual({ url: RELEASE_LIST_URL, ok: true, listed: 9 });
    expect(r.newestHeld).toEqual({ name: "2026HTSRev10", editionId: "2026_rev_10" });
    expect(r.counts).toEqual({ held: 2, new: 4, "json-missing": 1, "older-not-held": 1, unrecognised: 1 });
    expect(r.files).toEqual({ downloaded: 0, held: 0, failed: 0, planned: 10 });
    // Held only as a change record (Markdown): its JSON and PDF are planned like a new release's.
    expect(release(r, "2026HTSRev13")).toMatchObject({ verdict: "json-missing", editionId: "2026_rev_13" });
    expect(release(r, "2026HTSRev13")?.files?.map((f) => f.url)).toEqual([
      "https://www.usitc.gov/sites/default/files/tata/hts/hts_2026_revision_13_json.json",
      "https://hts.usitc.gov/reststop/file?release=2026HTSRev13&filename=Change%20Record",
    ]);
    expect(release(r, "2026 Supplement")?.verdict).toBe("unrecognised");
    expect(release(r, "2024HTSRev3")?.verdict).toBe("older-not-held");
    expect(r.notListed).toContain("2026HTSRev9");
    expect(server.requests.filter((q) => q.method === "GET")).toHaveLength(1);
    expect(r.discovered).toEqual([]);
  });

  it("downloads the new release, names each failure, and caches nothing that failed", async () => {
    const r = await run();
    expect(r.files).toEqual({ downloaded: 3, held: 0, failed: 7, planned: 0 });

    // The new release: both files, whole, recorded with the checksums a manifest entry would carry.
    expect(outcome(r, "2026HTSRev21", "hts-json")).toMatchObject({ state: "downloaded" });
    expect(outcome(r, "2026HTSRev21", "change-record-pdf")).toMatchObject({ state: "downloaded" });
    const stored = path.join(cache, ...rev21Json!.path.split("/"));
    expect(gunzipSync(readFileSync(stored)).equals(rev21Body)).toBe(true);
    const records = await DiscoveredRecords.load(cache);
    expect(records.get(rev21Json!.path)).toMatchObject({
      release: "2026HTSRev21",
      editionId: "2026_rev_21",
      kind: "hts-json",
      url: "https://www.usitc.gov/sites/default/files/tata/hts/hts_2026_revision_21_json.json",
      releasedOn: "2026-12-01",
      contentBytes: rev21Body.length,
      contentSha256: createHash("sha256").update(rev21Body).digest("hex"),
      sha256: createHash("sha256").update(readFileSync(stored)).digest("hex"),
    });

    // What a maintainer would add to the manifest and the edition register (valid entries, the recorded checksums).
    const proposed = r.discovered.find((d) => d.path === rev21Json!.path)?.proposed;
    expect(proposed?.manifestEntry).toMatchObject({
      id: "hts-2026-rev-21",
      path: rev21Json!.path,
      group: "hts-editions",
      title: "HTS 2026 Revision 21 (USITC JSON export)",
      official: { url: rev21Json!.url, form: "json", recipe: "gzip-json" },
      contentSha256: createHash("sha256").update(rev21Body).digest("hex"),
      contentBytes: rev21Body.length,
    });
    expect(proposed?.registerEntry).toEqual({
      id: "2026_rev_21",
      year: 2026,
      revision: 21,
      label: "2026 Revision 21",
      archive: rev21Json!.path,
      changeRecord: "us/hts-change-records/2026HTSRev21_change_record.txt",
    });
    expect(r.discovered.find((d) => d.path === rev21Record!.path)?.proposed.manifestEntry).toMatchObject({
      id: "change-record-2026-rev-21-pdf",
      title: "Change record, 2026 HTS Revision 21",
      official: { form: "pdf", recipe: "as-is" },
      sha256: createHash("sha256").update(PDF).digest("hex"),
    });

    // 404: named, asked once (a missing document stays missing).
    expect(outcome(r, "2026HTSRev22", "hts-json")).toEqual({
      state: "failed",
      reason: expect.stringMatching(/HTTP 404.*after 1 attempt.*not cached/),
    });
    expect(outcome(r, "2026HTSRev22", "change-record-pdf")).toMatchObject({
      state: "failed",
      reason: expect.stringMatching(/HTTP 404/),
    });
    expect(gets(rev22Json!.url)).toBe(1);
    // An HTML page where JSON was expected.
    expect(outcome(r, "2026HTSRev23", "hts-json")).toEqual({
      state: "failed",
      reason: expect.stringMatching(/served an HTML page, not JSON; not cached/),
    });
    expect(outcome(r, "2026HTSRev23", "change-record-pdf")).toMatchObject({ state: "downloaded" });
    // A body cut short every time: retried (resumed), then named.
    expect(outcome(r, "2026HTSRev24", "hts-json")).toEqual({
      state: "failed",
      reason: expect.stringMatching(/transfer broken after \d+ bytes.*after 3 attempts.*not cached/),
    });
    expect(gets(rev24Json!.url)).toBe(3);
    expect(outcome(r, "2026HTSRev24", "change-record-pdf")).toMatchObject({ state: "failed" });

    for (const f of [rev22Json, rev22Record, rev23Json, rev24Json, rev24Record]) {
      expect(existsSync(path.join(cache, ...f!.path.split("/"))), f!.path).toBe(false);
      expect(records.get(f!.path), f!.path).toBeUndefined();
    }
    expect(r.discovered.map((d) => d.path).sort()).toEqual(
      [rev21Json!.path, rev21Record!.path, rev23Record!.path].sort(),
    );

    // The coverage of the newest edition, now the discovered one: the hand-made heading is listed, the changed rate named.
    expect(r.coverage).toMatchObject({ ok: true, edition: "2026_rev_21", file: rev21Json!.path, asOf: "2026-12-01" });
    if (!r.coverage.ok) throw new Error(r.coverage.reason);
    expect(r.coverage.uncovered).toContainEqual({
      heading: "9903.99.01",
      description: NEW_HEADING.description,
      general: NEW_HEADING.general,
    });
    expect(r.coverage.rateDiffers).toContainEqual(
      expect.objectContaining({
        heading: "9903.88.03",
        printedPercent: 35,
        ledger: [expect.objectContaining({ percent: 25 })],
      }),
    );
    expect(r.coverage.printed).toBe(r.coverage.modelled + r.coverage.unmodelled + r.coverage.uncovered.length);
    // The held edition is not in this cache: nothing to compare with, and the report does not pretend otherwise.
    expect(r.coverage.newSince).toBeUndefined();

    const text = formatUpdateReport(r);
    expect(text).toContain("NEW 2026HTSRev21 — 2026 HTS Revision 21, released 2026-12-01");
    expect(text).toMatch(/FAILED +us\/hts\/hts_2026_rev_23\.json\.gz: .*HTML page/);
    expect(text).toMatch(/NOT COVERED 9903\.99\.01 +The duty provided in the applicable subheading \+ 30%/);
    expect(text).toMatch(/RATE DIFFERS 9903\.88\.03: printed .*\(35%\), ledger 25%/);
    expect(text).toContain('UNRECOGNISED release name "2026 Supplement"');
    expect(text).toContain("NEWER (only its change record held) 2026HTSRev13");
    expect(text).toContain("CSMS messages: not checkable.");
  });

  it("names the headings new since the newest held edition when that edition is in the cache", async () => {
    const held = path.join(cache, "us", "hts", "hts_2026_rev_10.json.gz");
    mkdirSync(path.dirname(held), { recursive: true });
    copyFileSync(mirrorFile("us/hts/hts_2026_rev_10.json.gz"), held);
    try {
      const r = await run();
      expect(r.coverage).toMatchObject({ ok: true, newSince: { edition: "2026_rev_10", headings: ["9903.99.01"] } });
      expect(formatUpdateReport(r)).toMatch(/NOT COVERED 9903\.99\.01 \(new since 2026_rev_10\)/);
    } finally {
      rmSync(held);
    }
  });

  it("keeps what it holds on a second run, and names and replaces a copy whose checksum no longer matches", async () => {
    const stored = path.join(cache, ...rev21Json!.path.split("/"));
    const recordGets = gets(rev21Record!.url);
    const damaged = Buffer.from(readFileSync(stored));
    damaged[damaged.length - 9] = (damaged[damaged.length - 9] ?? 0) ^ 0xff;
    writeFileSync(stored, damaged);
    const r = await run();
    expect(outcome(r, "2026HTSRev21", "change-record-pdf")).toMatchObject({ state: "held" });
    expect(gets(rev21Record!.url)).toBe(recordGets);
    const json = outcome(r, "2026HTSRev21", "hts-json");
    expect(json).toMatchObject({
      state: "downloaded",
      replaced: { actual: createHash("sha256").update(damaged).digest("hex") },
    });
    expect(gunzipSync(readFileSync(stored)).equals(rev21Body)).toBe(true);
    expect(formatUpdateReport(r)).toMatch(/did not match its record .* and was replaced/);
  });

  it("reports a release list that answers 500 or an HTML page as unavailable, never as an empty list", async () => {
    server.fault(RELEASE_LIST_URL, { kind: "status", status: 500 }, 3);
    const failed = await run();
    expect(failed.releaseList).toEqual({
      url: RELEASE_LIST_URL,
      ok: false,
      reason: expect.stringMatching(/HTTP 500.*after 3 attempts/),
    });
    expect(failed.releases).toEqual([]);
    server.fault(RELEASE_LIST_URL, { kind: "html" }, 1);
    const html = await run();
    expect(html.releaseList).toMatchObject({ ok: false, reason: expect.stringMatching(/HTML page, not JSON/) });
    expect(formatUpdateReport(html)).toContain("RELEASE LIST UNAVAILABLE");
    server.fault(RELEASE_LIST_URL, { kind: "truncate", afterBytes: 40 }, 3);
    const cut = await run();
    expect(cut.releaseList).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/transfer broken after \d+ bytes.*after 3 attempts/),
    });
  });

  it("reports a release list of another shape naming the element at fault", async () => {
    const good = await run({ dryRun: true });
    expect(good.releaseList.ok).toBe(true);
    server.serve(
      RELEASE_LIST_URL,
      Buffer.from(JSON.stringify([{ name: "2026HTSRev21" }, { title: "no name" }])),
      "application/json",
    );
    const bad = await run({ dryRun: true }).finally(() => server.serve(RELEASE_LIST_URL, listBody, "application/json"));
    expect(bad.releaseList).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/releaseList.* at element 1: a release needs a non-empty string "name"/),
    });
    expect(bad.releases).toEqual([]);
  });
});

describe("the data update command", () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("registers under `data` and prints the JSON report; a dry run with the list at hand exits 0", async () => {
    let out = "";
    const stderr = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
    const program = new Command().exitOverride();
    registerDataCommands(program, { stdout: (t) => (out += t), stderr });
    await program.parseAsync([
      "node",
      "tariffscope",
      "data",
      "update",
      "--dry-run",
      "--json",
      "--dir",
      cache,
      "--publisher-base",
      server.base,
    ]);
    const report = JSON.parse(out) as UpdateCommandReport;
    expect(report.dryRun).toBe(true);
    expect(report.counts.new).toBe(4);
    expect(report.coverage).toMatchObject({ ok: true, edition: "2026_rev_21" });
    expect(process.exitCode).toBeUndefined();
  });
});
