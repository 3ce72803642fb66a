import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DataFileError, InputError } from "../../src/common/errors.js";
import { resolveCacheDir, resolveMirror, userCacheDir } from "../../src/data/cacheDir.js";
import { ensureData, sourcePath } from "../../src/data/locate.js";
import { parseManifest, selectEntries, type SourceEntry, type SourceManifest } from "../../src/data/manifest.js";
import { dataStatus } from "../../src/data/status.js";
import { syncData, type SyncEntryResult } from "../../src/data/sync.js";
import { FETCH_RECORD_FILE } from "../../src/data/fetchRecord.js";
import { VERIFIED_FILE } from "../../src/data/verify.js";

const sha = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

const FILES: Record<string, string> = {
  "us/alpha/one.txt": "first file\n",
  "us/alpha/two.csv": "a,b\n1,2\n",
  "cn/three.txt": "third file, another group\n",
};
const EDITION_JSON = '[{"htsno":"0101","indent":"0","description":"Live horses"}]';
const EDITION_URL = "https://example.test/hts_2099_basic_edition_json.json";

let root: string;
let mirror: string;
let cache: string;

function entry(id: string, rel: string, group: string, content: string, extra: Partial<SourceEntry> = {}): SourceEntry {
  return {
    id,
    path: rel,
    group,
    title: id,
    publisher: "test",
    sha256: sha(content),
    bytes: Buffer.byteLength(content),
    officialUrl: null,
    official: { none: true, publisher: "test", why: "a test fixture with no publisher" },
    feeds: "tests",
    checksumStable: true,
    ...extra,
  };
}

/** A tiny manifest: three mirror files, one mirror-less file, one downloadable gzip-stored edition. */
function tinyManifest(): SourceManifest {
  return {
    version: 1,
    groups: { alpha: "alpha files", cn: "china", editions: "downloadable editions", ghosts: "not anywhere" },
    entries: [
      entry("alpha-one", "us/alpha/one.txt", "alpha", FILES["us/alpha/one.txt"] ?? ""),
      entry("alpha-two", "us/alpha/two.csv", "alpha", FILES["us/alpha/two.csv"] ?? ""),
      entry("cn-three", "cn/three.txt", "cn", FILES["cn/three.txt"] ?? ""),
      entry("ghost", "us/ghost/nowhere.txt", "ghosts", "never published\n"),
      {
        ...entry("hts-2099-basic", "us/hts/hts_2099_basic.json.gz", "editions", "gzip bytes of the mirror"),
        officialUrl: EDITION_URL,
        official: { url: EDITION_URL, form: "json", recipe: "gzip-json" },
        contentSha256: sha(EDITION_JSON),
        checksumStable: false,
      },
    ],
  };
}

function writeMirror(files: Record<string, string> = FILES): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(mirror, rel)), { recursive: true });
    writeFileSync(path.join(mirror, rel), content);
  }
}

/** Every file under `dir`, relative, including hidden ones. */
function listAll(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .sort();
}

const partials = (dir: string): string[] => listAll(dir).filter((f) => f.endsWith(".partial"));
const byId = (results: SyncEntryResult[], id: string): SyncEntryResult => {
  const r = results.find((e) => e.id === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
};

/** A fetch stand-in that serves `body` (or a status) for one URL. */
function fakeFetch(body: string | null, status = 200): typeof fetch & { calls: string[] } {
  const calls: string[] = [];
  const f = async (input: string | URL | Request): Promise<Response> => {
    calls.push(String(input));
    return new Response(body, { status, statusText: status === 200 ? "OK" : "Not Found" });
  };
  return Object.assign(f, { calls }) as unknown as typeof fetch & { calls: string[] };
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "tariffscope-sync-"));
  mirror = path.join(root, "mirror");
  cache = path.join(root, "cache");
  mkdirSync(mirror);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

describe("syncData from a mirror", () => {
  it("copies on the first run and does nothing on the second", async () => {
    writeMirror();
    const manifest = tinyManifest();
    const first = await syncData({ cacheDir: cache, mirror, manifest, only: ["alpha", "cn"], download: false });
    expect(first.counts).toEqual({ ok: 0, fetched: 3, missing: 0, corrupt: 0 });
    for (const [rel, content] of Object.entries(FILES))
      expect(readFileSync(path.join(cache, rel), "utf8")).toBe(content);
    expect(byId(first.entries, "alpha-one")).toMatchObject({ status: "fetched", source: "mirror", bytes: 11 });
    const mtimes = Object.keys(FILES).map((rel) => statSync(path.join(cache, rel)).mtimeMs);

    const second = await syncData({ cacheDir: cache, mirror, manifest, only: ["alpha", "cn"], download: false });
    expect(second.counts).toEqual({ ok: 3, fetched: 0, missing: 0, corrupt: 0 });
    expect(second.entries.every((e) => e.source === "cache")).toBe(true);
    expect(Object.keys(FILES).map((rel) => statSync(path.join(cache, rel)).mtimeMs)).toEqual(mtimes);
    expect(listAll(cache)).toEqual([FETCH_RECORD_FILE, VERIFIED_FILE, ...Object.keys(FILES)].sort());
  });

  it("reports progress for every dataset", async () => {
    writeMirror();
    const events: string[] = [];
    await syncData({
      cacheDir: cache,
      mirror,
      manifest: tinyManifest(),
      only: "alpha,cn",
      download: false,
      onProgress: (e) => events.push(e.kind === "start" ? `start ${e.total}` : `${e.done}/${e.total}`),
    });
    expect(events).toEqual(["start 3", "1/3", "2/3", "3/3"]);
  });

  it("reports a corrupted mirror file with both checksums and keeps it out of the cache", async () => {
    writeMirror({ ...FILES, "us/alpha/two.csv": "a,b\n1,3\n" });
    const report = await syncData({
      cacheDir: cache,
      mirror,
      manifest: tinyManifest(),
      only: "alpha",
      download: false,
    });
    const two = byId(report.entries, "alpha-two");
    expect(two.status).toBe("corrupt");
    expect(two.expected).toBe(sha("a,b\n1,2\n"));
    expect(two.actual).toBe(sha("a,b\n1,3\n"));
    expect(two.reason).toContain("checksum mismatch");
    expect(existsSync(path.join(cache, "us/alpha/two.csv"))).toBe(false);
    expect(byId(report.entries, "alpha-one").status).toBe("fetched");
    expect(partials(cache)).toEqual([]);
  });

  it("reports a file that is in no mirror and has no download as missing, with the reason", async () => {
    writeMirror();
    const report = await syncData({ cacheDir: cache, mirror, manifest: tinyManifest(), only: "ghosts" });
    const ghost = byId(report.entries, "ghost");
    expect(ghost.status).toBe("missing");
    expect(ghost.reason).toContain(`not in mirror ${mirror}`);
    expect(ghost.reason).toContain("no official recipe (test: a test fixture with no publisher)");
    expect(report.counts.missing).toBe(1);
    expect(partials(cache)).toEqual([]);
  });

  it("re-verifies a cached file whose size or mtime changed and replaces a corrupt copy", async () => {
    writeMirror();
    const manifest = tinyManifest();
    await syncData({ cacheDir: cache, mirror, manifest, only: "alpha", download: false });
    const file = path.join(cache, "us/alpha/one.txt");
    writeFileSync(file, "FIRST FILE\n"); // same size, new mtime: .verified.json must not be trusted
    const status = await dataStatus({ cacheDir: cache, manifest, only: "alpha" });
    const one = status.entries.find((e) => e.id === "alpha-one");
    expect(one).toMatchObject({
      present: true,
      checksum: "mismatch",
      actual: sha("FIRST FILE\n"),
      expected: sha("first file\n"),
    });
    const again = await syncData({ cacheDir: cache, mirror, manifest, only: "alpha", download: false });
    expect(byId(again.entries, "alpha-one")).toMatchObject({ status: "fetched", source: "mirror" });
    expect(readFileSync(file, "utf8")).toBe("first file\n");
  });

  it("reports a corrupt cached copy with no replacement as corrupt", async () => {
    const manifest = tinyManifest();
    mkdirSync(path.join(cache, "us/ghost"), { recursive: true });
    writeFileSync(path.join(cache, "us/ghost/nowhere.txt"), "tampered\n");
    const report = await syncData({ cacheDir: cache, mirror, manifest, only: "ghost" });
    expect(byId(report.entries, "ghost")).toMatchObject({
      status: "corrupt",
      expected: sha("never published\n"),
      actual: sha("tampered\n"),
    });
  });

  it("never shows a half-written file under its final name (failure injected before the rename)", async () => {
    writeMirror();
    const finalPath = path.join(cache, "us/alpha/one.txt");
    const seen: { finalExists: boolean; temp: string; tempContent: string }[] = [];
    const report = await syncData({
      cacheDir: cache,
      mirror,
      manifest: tinyManifest(),
      only: "alpha-one",
      download: false,
      beforeCommit: (temp, final) => {
        seen.push({ finalExists: existsSync(final), temp, tempContent: readFileSync(temp, "utf8") });
        throw new Error("disk full (injected)");
      },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.finalExists).toBe(false);
    expect(path.dirname(seen[0]?.temp ?? "")).toBe(path.dirname(finalPath));
    expect(seen[0]?.tempContent).toBe("first file\n");
    expect(byId(report.entries, "alpha-one")).toMatchObject({ status: "missing" });
    expect(byId(report.entries, "alpha-one").reason).toContain("disk full (injected)");
    expect(existsSync(finalPath)).toBe(false);
    expect(partials(cache)).toEqual([]);
  });

  it("selects by group or id and rejects unknown names", () => {
    const manifest = tinyManifest();
    expect(selectEntries(manifest, "alpha").map((e) => e.id)).toEqual(["alpha-one", "alpha-two"]);
    expect(selectEntries(manifest, ["cn-three", "ghosts"]).map((e) => e.id)).toEqual(["cn-three", "ghost"]);
    expect(selectEntries(manifest).length).toBe(5);
    expect(() => selectEntries(manifest, "alphas")).toThrow(InputError);
    expect(() => selectEntries(manifest, "alphas")).toThrow(/unknown group or dataset id: alphas/);
  });
});

describe("syncData downloads", () => {
  it("gzips an official JSON download on write and verifies its content checksum", async () => {
    const fetch = fakeFetch(EDITION_JSON);
    const manifest = tinyManifest();
    const report = await syncData({ cacheDir: cache, mirror: null, manifest, only: "editions", fetch });
    expect(fetch.calls).toEqual([EDITION_URL]);
    expect(byId(report.entries, "hts-2099-basic")).toMatchObject({ status: "fetched", source: "download" });
    const stored = readFileSync(path.join(cache, "us/hts/hts_2099_basic.json.gz"));
    expect(stored.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(stored).toString("utf8")).toBe(EDITION_JSON);

    rmSync(path.join(cache, VERIFIED_FILE)); // the content check must also work without the record
    const status = await dataStatus({ cacheDir: cache, manifest, only: "editions" });
    expect(status.entries[0]).toMatchObject({ present: true, checksum: "ok" });
    const again = await syncData({ cacheDir: cache, mirror: null, manifest, only: "editions", fetch });
    expect(again.counts.ok).toBe(1);
    expect(fetch.calls).toHaveLength(1);
  });

  it("keeps a changed publisher file when its checksum is not stable, with a warning", async () => {
    const changed = '[{"htsno":"0101","indent":"0","description":"Live horses, asses"}]';
    const manifest = tinyManifest();
    const report = await syncData({ cacheDir: cache, manifest, only: "editions", fetch: fakeFetch(changed) });
    const r = byId(report.entries, "hts-2099-basic");
    expect(r.status).toBe("fetched");
    expect(r.warning).toContain(sha(changed));
    const status = await dataStatus({ cacheDir: cache, manifest, only: "editions" });
    expect(status.entries[0]).toMatchObject({ present: true, checksum: "unknown" });
    const again = await syncData({ cacheDir: cache, manifest, only: "editions", fetch: fakeFetch(changed) });
    expect(byId(again.entries, "hts-2099-basic").status).toBe("ok");
  });

  it("rejects a download that is not JSON at all, even when the checksum is not stable", async () => {
    const report = await syncData({
      cacheDir: cache,
      manifest: tinyManifest(),
      only: "editions",
      fetch: fakeFetch("<html>maintenance</html>"),
    });
    const r = byId(report.entries, "hts-2099-basic");
    expect(r.status).toBe("missing");
    expect(r.reason).toContain(`download ${EDITION_URL} served an HTML page, not JSON; not cached`);
    expect(existsSync(path.join(cache, "us/hts/hts_2099_basic.json.gz"))).toBe(false);
    expect(partials(cache)).toEqual([]);
  });

  it("reports a failed download as missing with the HTTP status", async () => {
    const report = await syncData({
      cacheDir: cache,
      manifest: tinyManifest(),
      only: "editions",
      fetch: fakeFetch(null, 404),
    });
    const r = byId(report.entries, "hts-2099-basic");
    expect(r.status).toBe("missing");
    expect(r.reason).toContain(`download ${EDITION_URL} failed: HTTP 404`);
  });

  it("does not expose a partial download under the final name when the connection breaks mid-stream", async () => {
    const finalPath = path.join(cache, "us/hts/hts_2099_basic.json.gz");
    const observed: { finalExists: boolean; partials: string[] }[] = [];
    const fetch = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode(EDITION_JSON.slice(0, 20)));
          },
          async pull(c) {
            await new Promise((r) => setTimeout(r, 50));
            observed.push({ finalExists: existsSync(finalPath), partials: partials(cache) });
            c.error(new Error("connection reset (injected)"));
          },
        }),
      )) as unknown as typeof globalThis.fetch;
    const report = await syncData({
      cacheDir: cache,
      manifest: tinyManifest(),
      only: "editions",
      fetch,
      downloadAttempts: 1,
    });
    expect(observed).toHaveLength(1);
    expect(observed[0]?.finalExists).toBe(false);
    const r = byId(report.entries, "hts-2099-basic");
    expect(r.status).toBe("missing");
    expect(r.reason).toContain("connection reset (injected)");
    expect(existsSync(finalPath)).toBe(false);
    expect(partials(cache)).toEqual([]);
    // The bytes received are kept beside the final name, for the next run to resume; never under the final name.
    expect(listAll(cache).filter((f) => f.endsWith(".download"))).toEqual(["us/hts/.hts_2099_basic.json.gz.download"]);
  });

  it("does not download when downloads are disabled", async () => {
    const fetch = fakeFetch(EDITION_JSON);
    const report = await syncData({
      cacheDir: cache,
      manifest: tinyManifest(),
      only: "editions",
      fetch,
      download: false,
    });
    expect(byId(report.entries, "hts-2099-basic").reason).toContain("downloads disabled");
    expect(fetch.calls).toEqual([]);
  });
});

describe("dataStatus, sourcePath and ensureData", () => {
  it("lists presence, checksum state and size", async () => {
    writeMirror();
    const manifest = tinyManifest();
    await syncData({ cacheDir: cache, mirror, manifest, only: "alpha", download: false });
    const status = await dataStatus({ cacheDir: cache, manifest });
    expect(status.counts).toEqual({ total: 5, present: 2, absent: 3, ok: 2, mismatch: 0, unknown: 0 });
    expect(status.entries.find((e) => e.id === "alpha-two")).toMatchObject({ present: true, checksum: "ok", bytes: 8 });
    expect(status.entries.find((e) => e.id === "cn-three")).toMatchObject({
      present: false,
      checksum: "unknown",
      bytes: null,
    });
  });

  it("sourcePath returns the cached file or names the sync command", async () => {
    writeMirror();
    const manifest = tinyManifest();
    await syncData({ cacheDir: cache, mirror, manifest, only: "alpha", download: false });
    expect(sourcePath("us/alpha/one.txt", { cacheDir: cache, manifest })).toBe(
      path.join(cache, "us", "alpha", "one.txt"),
    );
    let error: unknown;
    try {
      sourcePath("cn/three.txt", { cacheDir: cache, manifest });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).code).toBe("MISSING_DATASET");
    expect((error as DataFileError).message).toContain("tariffscope data sync --only cn");
    expect(() => sourcePath("../outside.txt", { cacheDir: cache })).toThrow(DataFileError);
  });

  it("ensureData syncs what is missing and throws naming what is still unavailable", async () => {
    writeMirror();
    const manifest = tinyManifest();
    const report = await ensureData(["cn"], { cacheDir: cache, mirror, manifest, download: false });
    expect(report.counts.fetched).toBe(1);
    expect(existsSync(path.join(cache, "cn/three.txt"))).toBe(true);
    await expect(ensureData("ghosts", { cacheDir: cache, mirror, manifest, download: false })).rejects.toThrow(
      /us\/ghost\/nowhere.txt \(missing/,
    );
  });
});

describe("manifest validation", () => {
  const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(tinyManifest())) as Record<string, unknown>;

  it("accepts a valid manifest", () => {
    expect(parseManifest(valid()).entries).toHaveLength(5);
  });

  it("names the entry at fault", () => {
    const m = valid();
    const entries = m.entries as Array<Record<string, unknown>>;
    (entries[1] as Record<string, unknown>).sha256 = "xyz";
    expect(() => parseManifest(m)).toThrow(/entry 1 \(alpha-two\).*sha256: must be 64 lowercase hex digits/);
  });

  it("rejects duplicate ids, undeclared groups and unsafe paths", () => {
    const dup = valid();
    (dup.entries as Array<Record<string, unknown>>)[2] = {
      ...(dup.entries as Array<Record<string, unknown>>)[2],
      id: "alpha-one",
    };
    expect(() => parseManifest(dup)).toThrow(/entry 2 \(alpha-one\).*duplicate id/);
    const group = valid();
    (group.entries as Array<Record<string, unknown>>)[0] = {
      ...(group.entries as Array<Record<string, unknown>>)[0],
      group: "nope",
    };
    expect(() => parseManifest(group)).toThrow(/entry 0 \(alpha-one\).*group "nope"/);
    const unsafe = valid();
    (unsafe.entries as Array<Record<string, unknown>>)[0] = {
      ...(unsafe.entries as Array<Record<string, unknown>>)[0],
      path: "../x",
    };
    expect(() => parseManifest(unsafe)).toThrow(/entry 0 \(alpha-one\).*path/);
  });
});

describe("cache and mirror folders", () => {
  const env = { TARIFFSCOPE_CACHE_DIR: "/env/cache", XDG_CACHE_HOME: "/xdg" };

  it("prefers --dir, then $TARIFFSCOPE_CACHE_DIR, then the user cache folder", () => {
    expect(resolveCacheDir({ dir: "/opt/c", env, platform: "linux", homedir: "/users/u" })).toBe("/opt/c");
    expect(resolveCacheDir({ dir: "rel", env, cwd: "/srv/w" })).toBe("/srv/w/rel");
    expect(resolveCacheDir({ env, platform: "linux", homedir: "/users/u" })).toBe("/env/cache");
    expect(resolveCacheDir({ env: { XDG_CACHE_HOME: "/xdg" }, platform: "linux", homedir: "/users/u" })).toBe(
      "/xdg/tariffscope",
    );
    expect(resolveCacheDir({ env: {}, platform: "linux", homedir: "/users/u" })).toBe("/users/u/.cache/tariffscope");
  });

  it("uses the platform's cache folder", () => {
    expect(userCacheDir("linux", { XDG_CACHE_HOME: "relative" }, "/users/u")).toBe("/users/u/.cache/tariffscope");
    expect(userCacheDir("darwin", { XDG_CACHE_HOME: "/xdg" }, "/Users/u")).toBe("/Users/u/Library/Caches/tariffscope");
    expect(userCacheDir("win32", { LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "C:\\Users\\u")).toBe(
      "C:\\Users\\u\\AppData\\Local\\tariffscope",
    );
    expect(userCacheDir("win32", {}, "C:\\Users\\u")).toBe("C:\\Users\\u\\AppData\\Local\\tariffscope");
  });

  it("reads $TARIFFSCOPE_CACHE_DIR from the process environment", () => {
    vi.stubEnv("TARIFFSCOPE_CACHE_DIR", path.join(root, "from-env"));
    expect(resolveCacheDir()).toBe(path.join(root, "from-env"));
    expect(resolveCacheDir({ dir: path.join(root, "from-option") })).toBe(path.join(root, "from-option"));
  });

  it("prefers --mirror, then $TARIFFSCOPE_MIRROR, then ../shared/data beside the package or the cwd", () => {
    const pkg = path.join(root, "repo");
    const work = path.join(root, "elsewhere", "cwd");
    const envMirror = path.join(root, "env-mirror");
    for (const d of [pkg, work, envMirror]) mkdirSync(d, { recursive: true });
    const none = { env: {}, cwd: work, packageRoot: pkg };
    expect(resolveMirror(none)).toBeNull();

    const besideCwd = path.join(root, "elsewhere", "shared", "data");
    mkdirSync(besideCwd, { recursive: true });
    expect(resolveMirror(none)).toBe(besideCwd);
    const besidePkg = path.join(root, "shared", "data");
    mkdirSync(besidePkg, { recursive: true });
    expect(resolveMirror(none)).toBe(besidePkg);

    const withEnv = { ...none, env: { TARIFFSCOPE_MIRROR: envMirror } };
    expect(resolveMirror(withEnv)).toBe(envMirror);
    expect(resolveMirror({ ...withEnv, mirror: mirror })).toBe(mirror);
    expect(resolveMirror({ ...withEnv, mirror: "none" })).toBeNull();
    expect(resolveMirror({ ...withEnv, mirror: false })).toBeNull();
    expect(resolveMirror({ ...none, env: { TARIFFSCOPE_MIRROR: "none" } })).toBeNull();
    expect(() => resolveMirror({ ...none, mirror: path.join(root, "absent") })).toThrow(/mirror folder not found/);
    expect(() => resolveMirror({ ...none, env: { TARIFFSCOPE_MIRROR: path.join(root, "absent") } })).toThrow(
      InputError,
    );
  });

  it("syncs into the folder named by the environment when no option is given", async () => {
    writeMirror();
    vi.stubEnv("TARIFFSCOPE_CACHE_DIR", path.join(root, "env-cache"));
    vi.stubEnv("TARIFFSCOPE_MIRROR", mirror);
    await ensureData("cn", { manifest: tinyManifest(), download: false });
    expect(existsSync(path.join(root, "env-cache", "cn", "three.txt"))).toBe(true);
  });
});
