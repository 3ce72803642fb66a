/**
 * The files USITC publishes for one HTS release, at the addresses the manifest's HTS entries use (the rules of
 * `scripts/build-manifest.ts`): the JSON export of the schedule and the change record (PDF), and where the cache
 * keeps each (the mirror's names, so a later manifest entry for the same file finds it already cached).
 */
import { releaseName } from "./releaseList.js";

/** One file of a release. */
export interface ReleaseFile {
  /** The publisher's release name ("2026HTSRev21"). */
  release: string;
  /** `hts-json`: the schedule's JSON export; `change-record-pdf`: the change record. */
  kind: "hts-json" | "change-record-pdf";
  /** Cache-relative path. */
  path: string;
  /** Official address. */
  url: string;
  /** What the publisher serves there. */
  form: "json" | "pdf";
}

/** The project's edition id: "2026_rev_21", "2027_basic". */
export function releaseEditionId(year: number, revision: number): string {
  return revision === 0 ? `${year}_basic` : `${year}_rev_${revision}`;
}

/** The JSON export and the change record of edition (`year`, `revision`). */
export function releaseFiles(year: number, revision: number): ReleaseFile[] {
  const name = releaseName(year, revision);
  const id = releaseEditionId(year, revision);
  const json = revision === 0 ? `hts_${year}_basic_edition_json.json` : `hts_${year}_revision_${revision}_json.json`;
  return [
    {
      release: name,
      kind: "hts-json",
      path: `us/hts/hts_${id}.json.gz`,
      url: `https://www.usitc.gov/sites/default/files/tata/hts/${json}`,
      form: "json",
    },
    {
      release: name,
      kind: "change-record-pdf",
      path: `us/hts-change-records/${name}_change_record.pdf`,
      url: `https://hts.usitc.gov/reststop/file?release=${name}&filename=${encodeURIComponent("Change Record")}`,
      form: "pdf",
    },
  ];
}
