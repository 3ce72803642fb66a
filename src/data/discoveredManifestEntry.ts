/**
 * What a discovered file's entry in `manifest/sources.json` would be: the newest manifest entry of the same kind
 * (an HTS JSON export, a change-record PDF) as the template for the fields that do not vary (group, publisher,
 * officialPage, form and recipe, feeds, checksum stability, licence), with the discovered file's id, path, title,
 * address and checksums. Validated against the manifest's schema, so what `data update` proposes can be pasted.
 * The shipped manifest is never written.
 */
import { sourceEntrySchema, type SourceEntry, type SourceManifest } from "./manifest.js";
import type { DiscoveredRecord } from "./discoveredRecord.js";
import { releaseEdition } from "./releaseList.js";

const TEMPLATES: Record<DiscoveredRecord["kind"], RegExp> = {
  "hts-json": /^us\/hts\/hts_\d{4}_(?:basic|rev_\d+)\.json\.gz$/,
  "change-record-pdf": /^us\/hts-change-records\/\d{4}HTS(?:Basic|Rev\d+)_change_record\.pdf$/,
};

/** The edition's label: "2026 Revision 21", "2027 Basic". */
function labelOf(year: number, revision: number): string {
  return revision === 0 ? `${year} Basic` : `${year} Revision ${revision}`;
}

/** The manifest entry `record` (at cache path `path`) would have; undefined when the manifest has no template of its kind. */
export function proposedManifestEntry(
  path: string,
  record: DiscoveredRecord,
  manifest: SourceManifest,
): SourceEntry | undefined {
  const template = manifest.entries.filter((e) => TEMPLATES[record.kind].test(e.path)).at(-1);
  const edition = releaseEdition(record.release);
  if (template === undefined || "none" in template.official || edition === undefined) return undefined;
  const slug = edition.revision === 0 ? `${edition.year}-basic` : `${edition.year}-rev-${edition.revision}`;
  const label = labelOf(edition.year, edition.revision);
  const json = record.kind === "hts-json";
  return sourceEntrySchema.parse({
    id: json ? `hts-${slug}` : `change-record-${slug}-pdf`,
    path,
    group: template.group,
    title: json ? `HTS ${label} (USITC JSON export)` : `Change record, ${edition.year} HTS ${label.slice(5)}`,
    publisher: template.publisher,
    sha256: record.sha256,
    bytes: record.bytes,
    officialUrl: record.url,
    ...(template.officialPage !== undefined ? { officialPage: template.officialPage } : {}),
    official: { url: record.url, form: template.official.form, recipe: template.official.recipe },
    feeds: template.feeds,
    ...(json ? { contentSha256: record.contentSha256, contentBytes: record.contentBytes } : {}),
    checksumStable: template.checksumStable,
    ...(template.licence !== undefined ? { licence: template.licence } : {}),
  });
}

/**
 * The entry of `manifest/hts-editions.json` a discovered JSON export would have. Its change record is named by the
 * text the register reads (`<release>_change_record.txt`), which the pdf-to-text recipe makes from the PDF.
 */
export function proposedRegisterEntry(
  path: string,
  record: DiscoveredRecord,
): Record<string, string | number> | undefined {
  const edition = releaseEdition(record.release);
  if (record.kind !== "hts-json" || edition === undefined) return undefined;
  return {
    id: record.editionId,
    year: edition.year,
    revision: edition.revision,
    label: labelOf(edition.year, edition.revision),
    archive: path,
    changeRecord: `us/hts-change-records/${record.release}_change_record.txt`,
  };
}
