/**
 * The work behind `tariffscope data update` (`./dataUpdateCommand.ts`): the update check of `src/data/update.ts`,
 * then the Chapter 99 coverage of the newest edition held, and the report for a person.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe as describeError } from "../data/download.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { releaseEdition } from "../data/releaseList.js";
import { checkForUpdates, type UpdateOptions, type UpdateReport } from "../data/update.js";
import { cachedPath } from "../data/verify.js";
import { editionCoverage, type HeadingCoverage } from "../ledger/headingCoverage.js";
import { loadEditionRegister } from "../schedule/editionRegister.js";

/** Options of the command. */
export interface UpdateCliOptions {
  dir?: string;
  publisherBase?: string;
  json?: boolean;
  dryRun?: boolean;
}

/** The update report with the coverage of the newest edition (or why it could not be computed). */
export interface UpdateCommandReport extends UpdateReport {
  coverage: ({ ok: true } & HeadingCoverage) | { ok: false; edition: string | null; reason: string };
}

/** Run the update and the coverage report (`transfer`: how downloads are made, for tests and slow links). */
export async function runUpdate(
  opts: UpdateCliOptions,
  transfer: Pick<UpdateOptions, "fetch" | "attempts" | "retryDelayMs" | "timeoutMs"> = {},
): Promise<UpdateCommandReport> {
  const cacheDir = resolveCacheDir({ dir: opts.dir });
  const report = await checkForUpdates({
    ...transfer,
    cacheDir,
    ...(opts.publisherBase !== undefined ? { publisherBase: opts.publisherBase } : {}),
    dryRun: opts.dryRun ?? false,
  });
  return { ...report, coverage: await coverageOfNewest(report) };
}

/** The coverage of the newest edition held: a discovered JSON newer than the manifest's, else the newest held one. */
async function coverageOfNewest(report: UpdateReport): Promise<UpdateCommandReport["coverage"]> {
  const discovered = report.discovered
    .filter((d) => d.kind === "hts-json")
    .map((d) => ({ d, edition: releaseEdition(d.release) }))
    .filter(
      (x): x is { d: (typeof report.discovered)[number]; edition: { year: number; revision: number } } =>
        x.edition !== undefined,
    )
    .sort((a, b) => a.edition.year - b.edition.year || a.edition.revision - b.edition.revision)
    .at(-1);
  const newestHeld = report.newestHeld;
  const held = newestHeld ? releaseEdition(newestHeld.name) : undefined;
  const useDiscovered =
    discovered !== undefined &&
    (held === undefined ||
      discovered.edition.year * 1000 + discovered.edition.revision > held.year * 1000 + held.revision);
  let edition: { id: string; file: string; asOf: string };
  try {
    if (useDiscovered) {
      const d = discovered.d;
      edition = { id: d.editionId, file: d.path, asOf: d.releasedOn ?? today() };
    } else if (newestHeld) {
      const file = `us/hts/hts_${newestHeld.editionId}.json.gz`;
      const register = existsSync(cachedPath(report.cacheDir, file))
        ? await loadEditionRegister(report.cacheDir)
        : undefined;
      const publishedOn = register?.editions.find((e) => e.id === newestHeld.editionId)?.publishedOn;
      edition = { id: newestHeld.editionId, file, asOf: publishedOn ?? today() };
    } else {
      return { ok: false, edition: null, reason: "the manifest holds no HTS edition and none was discovered" };
    }
    const archive = cachedPath(report.cacheDir, edition.file);
    if (!existsSync(archive)) {
      return {
        ok: false,
        edition: edition.id,
        reason: `${edition.file} is not in the data cache; run \`tariffscope data sync --only hts-editions\``,
      };
    }
    // A discovered edition is compared with the newest held one too, when that is in the cache: what is new in it.
    const heldArchive = newestHeld
      ? cachedPath(report.cacheDir, `us/hts/hts_${newestHeld.editionId}.json.gz`)
      : undefined;
    const previous =
      useDiscovered && newestHeld && heldArchive !== undefined && existsSync(heldArchive)
        ? { id: newestHeld.editionId, archive: heldArchive }
        : undefined;
    return { ok: true, ...(await editionCoverage(archive, edition, previous ? { previous } : {})) };
  } catch (err) {
    return {
      ok: false,
      edition: useDiscovered ? discovered.d.editionId : (newestHeld?.editionId ?? null),
      reason: describeError(err).replaceAll(report.cacheDir + path.sep, ""),
    };
  }
}

const today = (): string => new Date().toISOString().slice(0, 10);

/** The report for a person. */
export function formatUpdateReport(r: UpdateCommandReport): string {
  const out: string[] = [`cache: ${r.cacheDir}${r.dryRun ? "  (dry run: nothing downloaded)" : ""}`];
  if (r.releaseList.ok) out.push(`release list ${r.releaseList.url}: ${r.releaseList.listed} releases listed`);
  else out.push(`RELEASE LIST UNAVAILABLE ${r.releaseList.url}: ${r.releaseList.reason}`);
  out.push(
    `newest edition held by the manifest: ${r.newestHeld ? `${r.newestHeld.editionId} (${r.newestHeld.name})` : "none"}`,
  );
  const c = r.counts;
  if (r.releaseList.ok) {
    out.push(
      `releases: ${c.held} held, ${c.new} new, ${c["json-missing"]} newer with only a change record held, ${c["older-not-held"]} older and not held, ${c.unrecognised} unrecognised`,
      `files of newer releases: ${r.files.downloaded} downloaded, ${r.files.held} already held, ${r.files.failed} failed${r.dryRun ? `, ${r.files.planned} to download` : ""}`,
    );
  }
  for (const rel of r.releases) {
    if (rel.verdict === "unrecognised")
      out.push(
        `UNRECOGNISED release name "${rel.name}"${rel.description ? ` (${rel.description})` : ""}: not an edition name; not fetched`,
      );
    if (!rel.files) continue;
    const what = rel.verdict === "new" ? "NEW" : "NEWER (only its change record held)";
    out.push(
      `${what} ${rel.name}${rel.description ? ` — ${rel.description}` : ""}${rel.releasedOn ? `, released ${rel.releasedOn}` : ""}`,
    );
    for (const f of rel.files) {
      const o = f.outcome;
      if (o.state === "failed") out.push(`  FAILED     ${f.path}: ${o.reason}`);
      else if (o.state === "planned") out.push(`  would get  ${f.path} from ${f.url}`);
      else if (o.state === "held") out.push(`  held       ${f.path}`);
      else
        out.push(
          `  downloaded ${f.path} (${o.bytes} bytes; content sha256 ${o.contentSha256})${o.replaced ? `; the copy there (sha256 ${o.replaced.actual}) did not match its record ${o.replaced.recorded ?? "(none)"} and was replaced` : ""}`,
        );
    }
  }
  if (r.notListed.length > 0) out.push(`held but not in the publisher's list: ${r.notListed.join(", ")}`);
  const newJson = r.releases.flatMap((rel) =>
    (rel.files ?? [])
      .filter((f) => f.kind === "hts-json" && (f.outcome.state === "downloaded" || f.outcome.state === "held"))
      .map(() => rel),
  );
  if (newJson.length > 0) {
    out.push(
      `to compute with ${newJson.map((x) => x.editionId).join(", ")}: the catalog reads only the manifest's editions. Add each edition to manifest/hts-editions.json (editions, in order, and out of laterRevisions) and its files to manifest/sources.json (through a rule of scripts/build-manifest.ts), as proposed in \`data update --json\` (discovered[].proposed: checksums as recorded in discovered.json); its change-record text comes from the PDF through the pdf-to-text recipe`,
    );
  }
  out.push("", `CSMS messages: not checkable. ${r.csms.why}`, `  index: ${r.csms.index}`);
  for (const k of r.csms.known)
    out.push(
      `  ${k.id.padEnd(16)} ${k.fetchedAt ? `fetched ${k.fetchedAt.slice(0, 10)} from the ${k.fetchedFrom}` : "not fetched"}  ${k.officialUrl ?? "(no official address known)"}`,
    );
  out.push("");
  const cov = r.coverage;
  if (!cov.ok) out.push(`COVERAGE NOT COMPUTED for ${cov.edition ?? "(no edition)"}: ${cov.reason}`);
  else {
    out.push(
      `Chapter 99 of ${cov.edition} (${cov.file}; measures open on ${cov.asOf}): ${cov.printed} headings, ${cov.modelled} modelled, ${cov.unmodelled} deliberately unmodelled (ledger/us/unmodelled-headings.yaml), ${cov.uncovered.length} NOT COVERED`,
    );
    const fresh = new Set(cov.newSince?.headings ?? []);
    if (cov.newSince)
      out.push(
        `${cov.newSince.headings.length} Chapter 99 heading(s) new since ${cov.newSince.edition}: ${cov.newSince.headings.join(", ") || "none"}`,
      );
    for (const u of cov.uncovered) {
      const tag = fresh.has(u.heading) ? ` (new since ${cov.newSince?.edition ?? ""})` : "";
      out.push(
        `  NOT COVERED ${u.heading}${tag}  ${short(u.general || "(no rate)", 60)}  ${short(u.description, 110)}`,
      );
    }
    if (cov.rateDiffers.length > 0)
      out.push(`${cov.rateDiffers.length} heading(s) print a rate the ledger does not have:`);
    for (const d of cov.rateDiffers)
      out.push(
        `  RATE DIFFERS ${d.heading}: printed ${JSON.stringify(d.general)} (${d.printedPercent === null ? "not read as a rate" : `${d.printedPercent}%`}), ledger ${d.ledger.map((l) => `${l.percent}% [${l.measure}]`).join(", ")}`,
      );
  }
  return `${out.join("\n")}\n`;
}

const short = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
