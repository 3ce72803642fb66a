/**
 * `data update`: ask USITC which HTS releases exist (its release list), compare them with the editions the manifest
 * holds, and download the JSON export and the change record (PDF) of every release newer than the newest held JSON
 * edition that the manifest has no JSON for — into the cache, recorded in `discovered.json` (`./discoveredRecord.ts`),
 * never in the shipped manifest. Every release of the list gets a verdict and every file an outcome (held,
 * downloaded, or failed with the reason); a release list that cannot be had is reported, not taken for an empty one.
 *
 * CSMS messages: CBP publishes them as GovDelivery bulletins; no machine-readable list or feed of new bulletins is
 * documented (the bulletin index is an HTML page), so they are reported as not checkable, with the known ones and the
 * day each was fetched.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe as describeError, discardDownload, downloadFile } from "./download.js";
import { DiscoveredRecords, type DiscoveredRecord } from "./discoveredRecord.js";
import { FetchRecords } from "./fetchRecord.js";
import { proposedManifestEntry, proposedRegisterEntry } from "./discoveredManifestEntry.js";
import { loadManifest, type SourceEntry, type SourceManifest } from "./manifest.js";
import { publisherUrl, resolvePublisherBase } from "./publisherUrl.js";
import { formMismatch } from "./recipes/index.js";
import { fetchReleaseFile, type ReleaseFileOutcome } from "./releaseDownload.js";
import { releaseEditionId, releaseFiles, type ReleaseFile } from "./releaseFiles.js";
import {
  compareReleaseEditions,
  readReleaseList,
  releaseEdition,
  releaseName,
  type HtsRelease,
} from "./releaseList.js";

/** The USITC release list (the `officialPage` of the manifest's HTS editions). */
export const RELEASE_LIST_URL = "https://hts.usitc.gov/reststop/releaseList";

/** The GovDelivery index of CBP's CSMS bulletins (the `officialPage` of the manifest's CSMS messages). */
export const CSMS_INDEX_URL = "https://content.govdelivery.com/accounts/USDHSCBP/bulletins";

/** What the manifest holds of one release. */
export interface HeldRelease {
  name: string;
  year: number;
  revision: number;
  /** A JSON export of the schedule is in the manifest. */
  json: boolean;
  /** A change record (PDF, text or Markdown) is in the manifest. */
  changeRecord: boolean;
}

/**
 * The verdict on one listed release: `held` (the manifest has its JSON), `json-missing` (newer than the newest held
 * JSON edition; the manifest has only its change record), `new` (newer, and the manifest has nothing of it),
 * `older-not-held` (older than the newest held edition, outside the project's editions), `unrecognised` (a name that
 * is not an edition name: listed, never guessed at).
 */
export type ReleaseVerdict = "held" | "json-missing" | "new" | "older-not-held" | "unrecognised";

/** One file of a release the update fetched (or would fetch with `dryRun`). */
export interface ReleaseFileReport {
  kind: ReleaseFile["kind"];
  path: string;
  url: string;
  outcome: ReleaseFileOutcome | { state: "planned" };
}

/** One listed release. */
export interface ReleaseReport extends HtsRelease {
  verdict: ReleaseVerdict;
  editionId?: string;
  /** For `new` and `json-missing` releases. */
  files?: ReleaseFileReport[];
}

/** The CSMS part of the report. */
export interface CsmsReport {
  checkable: false;
  why: string;
  index: string;
  known: Array<{
    id: string;
    path: string;
    officialUrl: string | null;
    fetchedAt: string | null;
    fetchedFrom: string | null;
  }>;
}

/** The whole report. */
export interface UpdateReport {
  cacheDir: string;
  checkedAt: string;
  dryRun: boolean;
  releaseList: { url: string; ok: true; listed: number } | { url: string; ok: false; reason: string };
  /** The newest edition whose JSON the manifest holds. */
  newestHeld: { name: string; editionId: string } | null;
  releases: ReleaseReport[];
  /** Releases by verdict. */
  counts: Record<ReleaseVerdict, number>;
  /** Files of the new releases by outcome. */
  files: Record<(ReleaseFileOutcome | { state: "planned" })["state"], number>;
  /** Releases whose JSON the manifest holds but the list does not name (worth knowing: a withdrawn release?). */
  notListed: string[];
  /**
   * Every discovered file recorded in the cache after this run, with the manifest entry it would have (and, for a
   * JSON export, its edition-register entry): what a maintainer adds to make it an edition of the catalog.
   */
  discovered: Array<
    { path: string } & DiscoveredRecord & {
        proposed: { manifestEntry?: SourceEntry; registerEntry?: Record<string, string | number> };
      }
  >;
  csms: CsmsReport;
}

/** Options of `checkForUpdates`. */
export interface UpdateOptions {
  cacheDir: string;
  manifest?: SourceManifest;
  fetch?: typeof globalThis.fetch;
  /** Base URL standing in for the publishers (default `$TARIFFSCOPE_PUBLISHER_BASE`). */
  publisherBase?: string;
  /** Check and plan only: download no release file. */
  dryRun?: boolean;
  timeoutMs?: number;
  attempts?: number;
  retryDelayMs?: number;
}

const HTS_JSON_PATH = /^us\/hts\/hts_(\d{4})_(?:basic|rev_(\d+))\.json\.gz$/;
const CHANGE_RECORD_URL = /[?&]release=([^&]+)&filename=Change%20Record(?:&|$)/;

/** What the manifest holds of each release: its JSON exports (by path) and change records (by official address). */
export function heldReleases(manifest: SourceManifest): HeldRelease[] {
  const byName = new Map<string, HeldRelease>();
  const held = (year: number, revision: number): HeldRelease => {
    const name = releaseName(year, revision);
    let r = byName.get(name);
    if (!r) byName.set(name, (r = { name, year, revision, json: false, changeRecord: false }));
    return r;
  };
  for (const e of manifest.entries) {
    const json = HTS_JSON_PATH.exec(e.path);
    if (json) held(Number(json[1]), json[2] === undefined ? 0 : Number(json[2])).json = true;
    const url = ("url" in e.official ? e.official.url : undefined) ?? e.officialUrl ?? "";
    const record = CHANGE_RECORD_URL.exec(url);
    const edition = record ? releaseEdition(decodeURIComponent(record[1] ?? "")) : undefined;
    if (edition) held(edition.year, edition.revision).changeRecord = true;
  }
  return [...byName.values()].sort(compareReleaseEditions);
}

/** Check the publishers for newer HTS releases and download them; see the module comment. */
export async function checkForUpdates(options: UpdateOptions): Promise<UpdateReport> {
  const manifest = options.manifest ?? loadManifest();
  const cacheDir = path.resolve(options.cacheDir);
  await mkdir(cacheDir, { recursive: true });
  const publisherBase = resolvePublisherBase(options.publisherBase);
  const ctx = {
    cacheDir,
    records: await DiscoveredRecords.load(cacheDir),
    fetch: options.fetch ?? globalThis.fetch,
    publisherBase,
    timeoutMs: options.timeoutMs ?? 300_000,
    attempts: options.attempts ?? 4,
    retryDelayMs: options.retryDelayMs ?? 1000,
  };
  const dryRun = options.dryRun ?? false;
  const held = heldReleases(manifest);
  const withJson = held.filter((h) => h.json);
  const newest = withJson.at(-1);
  const list = await fetchReleaseList(ctx);

  const releases: ReleaseReport[] = [];
  if (list.ok) {
    for (const r of list.releases) {
      if (!r.edition) {
        releases.push({ ...r, verdict: "unrecognised" });
        continue;
      }
      const editionId = releaseEditionId(r.edition.year, r.edition.revision);
      const h = held.find((x) => x.year === r.edition!.year && x.revision === r.edition!.revision);
      if (h?.json) {
        releases.push({ ...r, editionId, verdict: "held" });
        continue;
      }
      if (newest !== undefined && compareReleaseEditions(r.edition, newest) < 0) {
        releases.push({ ...r, editionId, verdict: "older-not-held" });
        continue;
      }
      const files: ReleaseFileReport[] = [];
      for (const f of releaseFiles(r.edition.year, r.edition.revision)) {
        const outcome = dryRun
          ? ({ state: "planned" } as const)
          : await fetchReleaseFile(f, editionId, r.releasedOn, ctx);
        files.push({ kind: f.kind, path: f.path, url: f.url, outcome });
      }
      releases.push({ ...r, editionId, verdict: h?.changeRecord ? "json-missing" : "new", files });
    }
    releases.sort((a, b) =>
      a.edition && b.edition
        ? compareReleaseEditions(a.edition, b.edition)
        : a.edition
          ? -1
          : b.edition
            ? 1
            : a.name.localeCompare(b.name),
    );
  }
  await ctx.records.save();

  const listed = new Set(list.ok ? list.releases.map((r) => r.name) : []);
  const counts: UpdateReport["counts"] = { held: 0, "json-missing": 0, new: 0, "older-not-held": 0, unrecognised: 0 };
  const files: UpdateReport["files"] = { held: 0, downloaded: 0, failed: 0, planned: 0 };
  for (const r of releases) {
    counts[r.verdict]++;
    for (const f of r.files ?? []) files[f.outcome.state]++;
  }
  return {
    cacheDir,
    checkedAt: new Date().toISOString(),
    dryRun,
    releaseList: list.ok
      ? { url: RELEASE_LIST_URL, ok: true, listed: list.releases.length }
      : { url: RELEASE_LIST_URL, ok: false, reason: list.reason },
    newestHeld: newest ? { name: newest.name, editionId: releaseEditionId(newest.year, newest.revision) } : null,
    releases,
    counts,
    files,
    notListed: list.ok ? withJson.filter((h) => !listed.has(h.name)).map((h) => h.name) : [],
    discovered: ctx.records.entries().map(([p, r]) => {
      const manifestEntry = proposedManifestEntry(p, r, manifest);
      const registerEntry = proposedRegisterEntry(p, r);
      return {
        path: p,
        ...r,
        proposed: { ...(manifestEntry ? { manifestEntry } : {}), ...(registerEntry ? { registerEntry } : {}) },
      };
    }),
    csms: await csmsReport(manifest, cacheDir),
  };
}

type ListOutcome = { ok: true; releases: HtsRelease[] } | { ok: false; reason: string };

/** Fetch and read the release list (retried like any download; an error page or another shape is a named failure). */
async function fetchReleaseList(ctx: {
  cacheDir: string;
  fetch: typeof globalThis.fetch;
  publisherBase: string | undefined;
  timeoutMs: number;
  attempts: number;
  retryDelayMs: number;
}): Promise<ListOutcome> {
  const url = publisherUrl(RELEASE_LIST_URL, ctx.publisherBase);
  const label = url === RELEASE_LIST_URL ? url : `${RELEASE_LIST_URL} (via ${url})`;
  const dest = path.join(ctx.cacheDir, ".release-list.json.download");
  // The list is generated on request: never resume an earlier answer.
  await discardDownload(dest);
  try {
    await downloadFile(url, dest, {
      fetch: ctx.fetch,
      timeoutMs: ctx.timeoutMs,
      attempts: ctx.attempts,
      retryDelayMs: ctx.retryDelayMs,
      label,
    });
    const body = await readFile(dest);
    const wrong = formMismatch("json", body.subarray(0, 512));
    if (wrong !== null) return { ok: false, reason: `${label} served ${wrong}` };
    let value: unknown;
    try {
      value = JSON.parse(body.toString("utf8").replace(/^\uFEFF/, ""));
    } catch (err) {
      return {
        ok: false,
        reason: `${label}: JSON that does not parse (${(err as Error).message}; ${body.length} bytes): a truncated or damaged answer`,
      };
    }
    return { ok: true, releases: readReleaseList(value, label) };
  } catch (err) {
    return { ok: false, reason: describeError(err) };
  } finally {
    await discardDownload(dest);
  }
}

async function csmsReport(manifest: SourceManifest, cacheDir: string): Promise<CsmsReport> {
  const fetched = await FetchRecords.load(cacheDir);
  return {
    checkable: false,
    why: "CBP publishes CSMS messages as GovDelivery bulletins; their index is an HTML page with no documented machine-readable form, and no list or feed address for new bulletins is documented, so new messages cannot be checked. The known ones are listed with the day each was fetched.",
    index: CSMS_INDEX_URL,
    known: manifest.entries
      .filter((e) => e.id.startsWith("csms-"))
      .map((e) => {
        const r = fetched.get(e.path);
        return {
          id: e.id,
          path: e.path,
          officialUrl: e.officialUrl,
          fetchedAt: r?.fetchedAt ?? null,
          fetchedFrom: r ? r.source : null,
        };
      }),
  };
}
