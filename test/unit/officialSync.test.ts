/**
 * Sync from official sources against a loopback server standing in for the publishers (no network): retries,
 * resumed partial downloads, checksums, the fetch record, upstream change detection, and bad answers (404, 500, a
 * truncated body, a corrupted byte, an HTML page instead of a PDF or JSON), each named and never cached as valid.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InputError } from "../../src/common/errors.js";
import { FETCH_RECORD_FILE, type FetchRecord } from "../../src/data/fetchRecord.js";
import type { SourceEntry, SourceManifest } from "../../src/data/manifest.js";
import { PUBLISHER_BASE_ENV, publisherUrl, resolvePublisherBase } from "../../src/data/publisherUrl.js";
import { dataStatus } from "../../src/data/status.js";
import { syncData, type SyncEntryResult, type SyncOptions } from "../../src/data/sync.js";
import { startPublisherServer, type PublisherServer } from "../support/publisherServer.js";
import { tinyPdf } from "../support/tinyPdf.js";

const sha = (b: Buffer | string): string => createHash("sha256").update(b).digest("hex");

const PDF_URL = "https://pub.example.gov/docs/annex%20one.pdf?release=2099";
const JSON_URL = "https://data.example.gov/tata/edition_2099.json";
const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(6000, "stream of a test document\n")]);
const JSON_BODY = Buffer.from(JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ htsno: `0101.${i}`, d: "x" }))));

function manifest(): SourceManifest {
  const common = { publisher: "test", officialUrl: null, feeds: "tests", title: "t" };
  const entries: SourceEntry[] = [
    {
      ...common,
      id: "doc-pdf",
      path: "us/docs/annex-one.pdf",
      group: "docs",
      sha256: sha(PDF),
      bytes: PDF.length,
      official: { url: PDF_URL, form: "pdf", recipe: "as-is" },
      checksumStable: true,
    },
    {
      ...common,
      id: "data-json",
      path: "us/data/edition_2099.json.gz",
      group: "data",
      sha256: sha("gzip bytes of some mirror"),
      official: { url: JSON_URL, form: "json", recipe: "gzip-json" },
      contentSha256: sha(JSON_BODY),
      contentBytes: JSON_BODY.length,
      checksumStable: false,
    },
    {
      ...common,
      id: "unreadable-txt",
      path: "us/docs/annex-one.txt",
      group: "docs",
      sha256: sha("text"),
      official: { url: PDF_URL, form: "pdf", recipe: "pdf-to-text" },
      checksumStable: true,
    },
  ];
  return { version: 1, groups: { docs: "documents", data: "data" }, entries };
}

let root: string;
let cache: string;
let server: PublisherServer;

beforeEach(async () => {
  root = mkdtempSync(path.join(tmpdir(), "tariffscope-official-"));
  cache = path.join(root, "cache");
  server = await startPublisherServer();
  server.serve(PDF_URL, PDF, "application/pdf");
  server.serve(JSON_URL, JSON_BODY, "application/json");
});

afterEach(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

const sync = (extra: Partial<SyncOptions> = {}): ReturnType<typeof syncData> =>
  syncData({
    cacheDir: cache,
    mirror: null,
    manifest: manifest(),
    publisherBase: server.base,
    retryDelayMs: 1,
    ...extra,
  });

const byId = (entries: SyncEntryResult[], id: string): SyncEntryResult => {
  const r = entries.find((e) => e.id === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
};

const record = (rel: string): FetchRecord | undefined =>
  (JSON.parse(readFileSync(path.join(cache, FETCH_RECORD_FILE), "utf8")) as { files: Record<string, FetchRecord> })
    .files[rel];

/** Files under the cache, hidden ones included (the verification and fetch records aside). */
const cacheFiles = (): string[] =>
  existsSync(cache)
    ? readdirSync(cache, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile() && !d.name.startsWith(".verified") && !d.name.startsWith(".fetched"))
        .map((d) => path.relative(cache, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
        .sort()
    : [];

describe("publisher base", () => {
  it("maps an official address to the base with the host as first segment, query kept", () => {
    expect(publisherUrl(PDF_URL, "http://127.0.0.1:9/p")).toBe(
      "http://127.0.0.1:9/p/pub.example.gov/docs/annex%20one.pdf?release=2099",
    );
    expect(publisherUrl(PDF_URL, undefined)).toBe(PDF_URL);
  });

  it("reads the option, else $TARIFFSCOPE_PUBLISHER_BASE, and refuses what is not an http(s) URL", () => {
    expect(resolvePublisherBase("http://proxy.local/base/", {})).toBe("http://proxy.local/base");
    expect(resolvePublisherBase(undefined, { [PUBLISHER_BASE_ENV]: "http://env.local" })).toBe("http://env.local");
    expect(resolvePublisherBase(undefined, {})).toBeUndefined();
    expect(() => resolvePublisherBase("ftp://x", {})).toThrow(InputError);
    expect(() => resolvePublisherBase(undefined, { [PUBLISHER_BASE_ENV]: "not a url" })).toThrow(
      /TARIFFSCOPE_PUBLISHER_BASE|not an absolute URL: not a url/,
    );
  });
});

describe("sync from the publishers (loopback)", () => {
  it("downloads through each recipe, verifies, records the fetch, and does nothing the second time", async () => {
    const report = await sync();
    expect(byId(report.entries, "doc-pdf")).toMatchObject({ status: "fetched", source: "download" });
    expect(byId(report.entries, "data-json")).toMatchObject({ status: "fetched", source: "download" });
    expect(readFileSync(path.join(cache, "us/docs/annex-one.pdf"))).toEqual(PDF);
    expect(gunzipSync(readFileSync(path.join(cache, "us/data/edition_2099.json.gz")))).toEqual(JSON_BODY);
    // A text to extract from bytes that start like a PDF but are none: named with the dataset and address, not cached.
    const unreadable = byId(report.entries, "unreadable-txt");
    expect(unreadable.status).toBe("missing");
    expect(unreadable.reason).toMatch(
      /could not be stored: unreadable-txt \(.*annex%20one\.pdf.*\): cannot be read as a PDF/,
    );
    expect(existsSync(path.join(cache, "us/docs/annex-one.txt"))).toBe(false);

    const rec = record("us/docs/annex-one.pdf");
    expect(rec).toMatchObject({
      source: "download",
      from: PDF_URL,
      via: `${server.base}/pub.example.gov/docs/annex%20one.pdf?release=2099`,
      recipe: "as-is",
      receivedBytes: PDF.length,
      receivedSha256: sha(PDF),
      storedSha256: sha(PDF),
      attempts: 1,
      resumed: false,
    });
    expect(rec?.etag).toMatch(/^"/);
    expect(Date.parse(rec?.fetchedAt ?? "")).not.toBeNaN();
    expect(record("us/data/edition_2099.json.gz")).toMatchObject({
      recipe: "gzip-json",
      receivedSha256: sha(JSON_BODY),
    });

    const status = await dataStatus({ cacheDir: cache, manifest: manifest(), only: "doc-pdf,data-json" });
    expect(status.entries.map((e) => e.checksum)).toEqual(["ok", "ok"]);

    const before = server.requests.length;
    const again = await sync({ only: "doc-pdf,data-json" });
    expect(again.counts).toMatchObject({ ok: 2, fetched: 0 });
    expect(server.requests.length).toBe(before);
  });

  it("uses $TARIFFSCOPE_PUBLISHER_BASE when no option is given", async () => {
    vi.stubEnv(PUBLISHER_BASE_ENV, server.base);
    const report = await syncData({ cacheDir: cache, mirror: null, manifest: manifest(), only: "doc-pdf" });
    expect(report.entries[0]).toMatchObject({ status: "fetched", source: "download" });
    expect(server.requests.map((r) => r.path)).toEqual(["/pub.example.gov/docs/annex%20one.pdf?release=2099"]);
  });

  it("prefers the publisher over the mirror with prefer: official, and the mirror over the publisher by default", async () => {
    const mirror = path.join(root, "mirror");
    mkdirSync(path.join(mirror, "us/docs"), { recursive: true });
    writeFileSync(path.join(mirror, "us/docs/annex-one.pdf"), PDF);
    const official = await sync({ mirror, prefer: "official", only: "doc-pdf" });
    expect(official.entries[0]?.source).toBe("download");
    rmSync(cache, { recursive: true });
    const byDefault = await sync({ mirror, only: "doc-pdf" });
    expect(byDefault.entries[0]?.source).toBe("mirror");
    expect(record("us/docs/annex-one.pdf")).toMatchObject({ source: "mirror", receivedSha256: sha(PDF) });
  });

  it("says when a publisher's file changed upstream since it was fetched", async () => {
    await sync({ only: "doc-pdf,data-json" });
    const first = await dataStatus({
      cacheDir: cache,
      manifest: manifest(),
      only: "doc-pdf,data-json",
      upstream: { publisherBase: server.base },
    });
    expect(first.entries.map((e) => e.upstream?.state)).toEqual(["unchanged", "unchanged"]);
    expect(first.upstream).toMatchObject({ unchanged: 2, changed: 0 });

    server.replace(PDF_URL, Buffer.concat([PDF, Buffer.from("corrigendum\n")]));
    const later = await dataStatus({
      cacheDir: cache,
      manifest: manifest(),
      only: "doc-pdf,data-json",
      upstream: { publisherBase: server.base },
    });
    const pdf = later.entries.find((e) => e.id === "doc-pdf");
    expect(pdf?.upstream).toMatchObject({ state: "changed", url: PDF_URL });
    expect(pdf?.upstream?.detail).toMatch(/ETag/);
    expect(pdf?.checksum).toBe("ok"); // the cached copy itself is still the verified one
    expect(later.upstream).toMatchObject({ changed: 1, unchanged: 1 });
    expect(server.requests.filter((r) => r.method === "HEAD")).toHaveLength(4);
  });

  it("compares a mirror copy with the manifest's length of the publisher's form", async () => {
    const status = await dataStatus({
      cacheDir: cache,
      manifest: manifest(),
      only: "doc-pdf",
      upstream: { publisherBase: server.base },
    });
    expect(status.entries[0]?.upstream).toMatchObject({ state: "unchanged", detail: "same length" });
    server.replace(PDF_URL, PDF.subarray(0, 100));
    const changed = await dataStatus({
      cacheDir: cache,
      manifest: manifest(),
      only: "doc-pdf",
      upstream: { publisherBase: server.base },
    });
    expect(changed.entries[0]?.upstream?.detail).toBe(`changed upstream: 100 bytes now, ${PDF.length} in the manifest`);
  });
});

describe("bad answers from a publisher", () => {
  it("404: named with the address, not retried, nothing cached", async () => {
    server.fault(PDF_URL, { kind: "status", status: 404 });
    const r = byId((await sync({ only: "doc-pdf" })).entries, "doc-pdf");
    expect(r.status).toBe("missing");
    expect(r.reason).toContain(`download ${PDF_URL} (via ${server.base}/pub.example.gov/`);
    expect(r.reason).toContain("HTTP 404 Not Found (after 1 attempt)");
    expect(server.requests).toHaveLength(1);
    expect(cacheFiles()).toEqual([]);
  });

  it("500 twice then the file: retried, fetched, attempts recorded", async () => {
    server.fault(PDF_URL, { kind: "status", status: 500 }, 2);
    const r = byId((await sync({ only: "doc-pdf" })).entries, "doc-pdf");
    expect(r).toMatchObject({ status: "fetched", source: "download" });
    expect(server.requests).toHaveLength(3);
    expect(record("us/docs/annex-one.pdf")?.attempts).toBe(3);
  });

  it("500 every time: gives up after the attempts allowed, naming the status", async () => {
    server.fault(PDF_URL, { kind: "status", status: 503 });
    const r = byId((await sync({ only: "doc-pdf", downloadAttempts: 3 })).entries, "doc-pdf");
    expect(r.status).toBe("missing");
    expect(r.reason).toContain("HTTP 503 Service Unavailable (after 3 attempts)");
    expect(server.requests).toHaveLength(3);
    expect(cacheFiles()).toEqual([]);
  });

  it("a truncated body is resumed with Range from the bytes received", async () => {
    server.fault(PDF_URL, { kind: "truncate", afterBytes: 2500 }, 1);
    const r = byId((await sync({ only: "doc-pdf" })).entries, "doc-pdf");
    expect(r).toMatchObject({ status: "fetched", source: "download" });
    expect(server.requests.map((q) => q.range)).toEqual([undefined, "bytes=2500-"]);
    expect(readFileSync(path.join(cache, "us/docs/annex-one.pdf"))).toEqual(PDF);
    expect(record("us/docs/annex-one.pdf")).toMatchObject({ resumed: true, attempts: 2 });
    expect(cacheFiles()).toEqual(["us/docs/annex-one.pdf"]);
  });

  it("a body truncated every time is reported, kept aside for the next run to resume, never under the final name", async () => {
    server.fault(PDF_URL, { kind: "truncate", afterBytes: 1000 }, 2);
    const r = byId((await sync({ only: "doc-pdf", downloadAttempts: 1 })).entries, "doc-pdf");
    expect(r.status).toBe("missing");
    expect(r.reason).toMatch(/transfer broken after 1000 bytes/);
    expect(cacheFiles()).toEqual(["us/docs/.annex-one.pdf.download", "us/docs/.annex-one.pdf.download.json"]);
    // The next run continues from byte 1000 (and is cut again), then from 2000 and completes.
    const second = byId((await sync({ only: "doc-pdf", downloadAttempts: 2 })).entries, "doc-pdf");
    expect(second.status).toBe("fetched");
    expect(server.requests.map((q) => q.range)).toEqual([undefined, "bytes=1000-", "bytes=2000-"]);
    expect(readFileSync(path.join(cache, "us/docs/annex-one.pdf"))).toEqual(PDF);
    expect(cacheFiles()).toEqual(["us/docs/annex-one.pdf"]);
  });

  it("a partial download left by a run is dropped once the file comes from a mirror instead", async () => {
    server.fault(PDF_URL, { kind: "truncate", afterBytes: 1000 }, 1);
    await sync({ only: "doc-pdf", downloadAttempts: 1 });
    expect(cacheFiles()).toContain("us/docs/.annex-one.pdf.download");
    const mirror = path.join(root, "mirror");
    mkdirSync(path.join(mirror, "us/docs"), { recursive: true });
    writeFileSync(path.join(mirror, "us/docs/annex-one.pdf"), PDF);
    const r = byId((await sync({ mirror, only: "doc-pdf" })).entries, "doc-pdf");
    expect(r.source).toBe("mirror");
    expect(cacheFiles()).toEqual(["us/docs/annex-one.pdf"]);
  });

  it("a body sent gzip-encoded (Content-Encoding) is decoded and verified, not taken for a truncated one", async () => {
    server.fault(JSON_URL, { kind: "gzip-encoding" });
    const r = byId((await sync({ only: "data-json" })).entries, "data-json");
    expect(r).toMatchObject({ status: "fetched", source: "download" });
    expect(r.warning).toBeUndefined();
    expect(gunzipSync(readFileSync(path.join(cache, "us/data/edition_2099.json.gz")))).toEqual(JSON_BODY);
    expect(server.requests).toHaveLength(1);
  });

  it("a checksum mismatch (one byte changed) is corrupt, named with both checksums, and not cached", async () => {
    server.fault(PDF_URL, { kind: "corrupt" });
    const r = byId((await sync({ only: "doc-pdf" })).entries, "doc-pdf");
    expect(r.status).toBe("corrupt");
    expect(r.expected).toBe(sha(PDF));
    expect(r.actual).not.toBe(sha(PDF));
    expect(r.reason).toContain(`download ${PDF_URL}`);
    expect(r.reason).toContain(`sha256 ${r.actual}, expected ${sha(PDF)}; not cached`);
    expect(cacheFiles()).toEqual([]);
  });

  it("a resumed download that fails its checksum is fetched once more from zero, and then verifies", async () => {
    server.fault(PDF_URL, { kind: "truncate", afterBytes: 3000 }, 1);
    const first = await sync({ only: "doc-pdf", downloadAttempts: 1 });
    expect(byId(first.entries, "doc-pdf").status).toBe("missing");
    // The rest arrives damaged in transit: the assembled file fails its checksum; the whole file is asked again.
    server.fault(PDF_URL, { kind: "corrupt" }, 1);
    const second = byId((await sync({ only: "doc-pdf" })).entries, "doc-pdf");
    expect(second).toMatchObject({ status: "fetched", source: "download" });
    expect(server.requests.map((q) => q.range)).toEqual([undefined, "bytes=3000-", undefined]);
    expect(readFileSync(path.join(cache, "us/docs/annex-one.pdf"))).toEqual(PDF);
    expect(record("us/docs/annex-one.pdf")).toMatchObject({ resumed: false });
    expect(cacheFiles()).toEqual(["us/docs/annex-one.pdf"]);
  });

  it("a partial download whose publisher file changed meanwhile restarts from zero (If-Range)", async () => {
    server.fault(PDF_URL, { kind: "truncate", afterBytes: 3000 }, 1);
    await sync({ only: "doc-pdf", downloadAttempts: 1 });
    const newer = Buffer.concat([PDF, Buffer.from("second printing\n")]);
    server.replace(PDF_URL, newer);
    const r = byId((await sync({ only: "doc-pdf" })).entries, "doc-pdf");
    // The range was asked with the old validator, so the whole new file came back (200) and fails the manifest.
    expect(server.requests.slice(1).map((q) => q.range)).toEqual(["bytes=3000-"]);
    expect(r).toMatchObject({ status: "corrupt", expected: sha(PDF), actual: sha(newer) });
    expect(cacheFiles()).toEqual([]);
  });

  it("an HTML page instead of a PDF is named and not cached, even with status 200", async () => {
    server.fault(PDF_URL, { kind: "html" });
    const r = byId((await sync({ only: "doc-pdf" })).entries, "doc-pdf");
    expect(r.status).toBe("missing");
    expect(r.reason).toContain("served an HTML page, not a PDF; not cached");
    expect(cacheFiles()).toEqual([]);
  });

  it("an HTML page instead of JSON is refused although the JSON's checksum is not stable", async () => {
    server.fault(JSON_URL, { kind: "html" });
    const r = byId((await sync({ only: "data-json" })).entries, "data-json");
    expect(r.status).toBe("missing");
    expect(r.reason).toContain(`download ${JSON_URL}`);
    expect(r.reason).toContain("served an HTML page, not JSON; not cached");
    expect(cacheFiles()).toEqual([]);
  });

  it("an unreachable publisher is named with the address and the network error", async () => {
    // A port that was just free: nobody listens there.
    const { createServer } = await import("node:net");
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const dead = `http://127.0.0.1:${port}`;
    const r = byId((await sync({ only: "doc-pdf", publisherBase: dead, downloadAttempts: 2 })).entries, "doc-pdf");
    expect(r.status).toBe("missing");
    expect(r.reason).toContain(`download ${PDF_URL} (via ${dead}/pub.example.gov/`);
    expect(r.reason).toMatch(/ECONNREFUSED/);
    expect(r.reason).toContain("after 2 attempts");
  });
});

describe("texts extracted from the publishers' documents (extract recipes)", () => {
  const NOTICE_URL = "https://pub.example.gov/reststop/file?release=2099&filename=Change%20Record";
  const CSMS_URL = "https://content.govdelivery.com/bulletins/gd/USDHSCBP-0000001";
  const NOTICE = tinyPdf([
    [
      { text: "Item changed", x: 72, y: 700 },
      { text: "Nature of change", x: 250, y: 700 },
      { text: "9903.01.20", x: 72, y: 686 },
      { text: "Added", x: 250, y: 686 },
    ],
  ]);
  const CSMS_PAGE = Buffer.from(
    `<!DOCTYPE html><html><head><title>CSMS</title><style>.x{color:red}</style></head><body>
     <nav><a href="/home">Home</a> | <a href="/subscribe">Subscribe to updates</a></nav>
     <div class="bulletin_body"><h1>CSMS # 00000001 - GUIDANCE: Test bulletin</h1>
     <p>Heading <a href="https://hts.usitc.gov">9903.01.20</a> applies from <b>February 4, 2025</b>.</p></div>
     <footer>Privacy Policy | Unsubscribe</footer></body></html>`,
  );

  function extractManifest(pin: string | undefined): SourceManifest {
    const common = { publisher: "test", officialUrl: null, feeds: "tests", title: "t", checksumStable: true };
    return {
      version: 1,
      groups: { docs: "documents" },
      entries: [
        {
          ...common,
          id: "notice-txt",
          path: "us/docs/notice.txt",
          group: "docs",
          sha256: sha("the mirror's pdftotext bytes"),
          official: { url: NOTICE_URL, form: "pdf", recipe: "pdf-to-text", ...(pin ? { sha256: pin } : {}) },
        },
        {
          ...common,
          id: "csms-txt",
          path: "us/docs/csms.txt",
          group: "docs",
          sha256: sha("a third party's text copy"),
          official: { url: CSMS_URL, form: "html", recipe: "html-to-text" },
        },
      ],
    };
  }

  beforeEach(() => {
    server.serve(NOTICE_URL, NOTICE, "application/pdf");
    server.serve(CSMS_URL, CSMS_PAGE, "text/html");
  });

  it("extracts the pinned PDF's text in columns and the bulletin's body, records the document, and verifies by it", async () => {
    const m = extractManifest(sha(NOTICE));
    const report = await sync({ manifest: m });
    expect(report.entries.map((e) => e.reason ?? "")).toEqual(["", ""]);
    expect(report.counts).toMatchObject({ fetched: 2, missing: 0, corrupt: 0 });
    expect(report.official).toEqual({ recipe: 2, none: 0, byRecipe: { "pdf-to-text": 1, "html-to-text": 1 } });
    const text = readFileSync(path.join(cache, "us/docs/notice.txt"), "utf8");
    const [head, row] = text.split("\n");
    expect(row?.indexOf("Added")).toBe(head?.indexOf("Nature of change"));
    expect(record("us/docs/notice.txt")).toMatchObject({ recipe: "pdf-to-text", receivedSha256: sha(NOTICE) });

    const csms = readFileSync(path.join(cache, "us/docs/csms.txt"), "utf8");
    expect(csms).toContain("CSMS # 00000001 - GUIDANCE: Test bulletin");
    expect(csms).toContain("Heading 9903.01.20 applies from February 4, 2025.");
    expect(csms).not.toMatch(/Subscribe|Privacy|color:red|https:/);
    // The unpinned page is kept, with a warning saying so.
    expect(byId(report.entries, "csms-txt").warning).toMatch(/manifest pins no checksum/);

    const status = await dataStatus({ cacheDir: cache, manifest: m });
    const byPath = new Map(status.entries.map((e) => [e.id, e]));
    expect(byPath.get("notice-txt")).toMatchObject({ checksum: "ok", official: "pdf-to-text" });
    expect(byPath.get("notice-txt")?.note).toMatch(/extracted by pdf-to-text .* the document the manifest pins/);
    expect(byPath.get("csms-txt")).toMatchObject({ checksum: "unknown", official: "html-to-text" });

    // A second run finds both in place.
    const before = server.requests.length;
    expect((await sync({ manifest: m })).counts).toMatchObject({ ok: 2, fetched: 0 });
    expect(server.requests.length).toBe(before);

    // An edited extraction no longer verifies: it is a mismatch, and sync extracts it again.
    writeFileSync(path.join(cache, "us/docs/notice.txt"), "edited");
    expect((await dataStatus({ cacheDir: cache, manifest: m, only: "notice-txt" })).entries[0]?.checksum).toBe(
      "mismatch",
    );
    expect(byId((await sync({ manifest: m })).entries, "notice-txt")).toMatchObject({
      status: "fetched",
      replaced: { reason: "corrupt" },
    });
  });

  it("refuses a document other than the pinned one, and an HTML page in place of the PDF, caching nothing", async () => {
    const wrongPin = await sync({ manifest: extractManifest(sha("another PDF")), only: "notice-txt" });
    expect(wrongPin.entries[0]).toMatchObject({ status: "corrupt", expected: sha("another PDF"), actual: sha(NOTICE) });
    expect(wrongPin.entries[0]?.reason).toMatch(/document sha256 .* not cached/);
    expect(existsSync(path.join(cache, "us/docs/notice.txt"))).toBe(false);

    server.fault(NOTICE_URL, { kind: "html" });
    const html = await sync({ manifest: extractManifest(sha(NOTICE)), only: "notice-txt" });
    expect(html.entries[0]?.status).toBe("missing");
    expect(html.entries[0]?.reason).toMatch(/served an HTML page, not a PDF; not cached/);
    expect(html.entries[0]?.reason).toContain(NOTICE_URL);
    expect(cacheFiles()).toEqual([]);
  });
});
