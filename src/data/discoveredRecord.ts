/**
 * `discovered.json` in the cache folder: the files `data update` downloaded for HTS releases the manifest does not
 * list yet (one record per cache path). The shipped manifest is never rewritten; this record is what is known of
 * those files — where and when they were fetched, and the checksums they had then, so a later run can tell a held
 * file from a damaged one. It is written atomically and read leniently (a damaged record only means the files are
 * fetched again).
 */
import { CacheRecordFile } from "./cacheRecordFile.js";

export const DISCOVERED_RECORD_FILE = "discovered.json";

/** One discovered file. */
export interface DiscoveredRecord {
  /** The publisher's release name ("2026HTSRev21"). */
  release: string;
  /** The project's edition id ("2026_rev_21"). */
  editionId: string;
  kind: "hts-json" | "change-record-pdf";
  /** Official address. */
  url: string;
  /** The address requested, when a publisher base stood in for it. */
  via?: string;
  fetchedAt: string;
  /** The day USITC posted the release, from the release list. */
  releasedOn?: string;
  /** Size and SHA-256 of the stored file (gzipped for the JSON). */
  bytes: number;
  sha256: string;
  /** Size and SHA-256 of what the publisher served (the JSON before gzip), as a manifest entry would record them. */
  contentBytes: number;
  contentSha256: string;
  etag?: string;
  lastModified?: string;
  attempts: number;
  resumed: boolean;
}

const isDiscoveredRecord = (r: unknown): r is DiscoveredRecord => {
  const d = r as DiscoveredRecord | undefined;
  return (
    typeof d?.release === "string" &&
    typeof d.editionId === "string" &&
    (d.kind === "hts-json" || d.kind === "change-record-pdf") &&
    typeof d.sha256 === "string" &&
    typeof d.bytes === "number"
  );
};

/** The discovered-file record of one cache folder. */
export class DiscoveredRecords {
  private constructor(private readonly file: CacheRecordFile<DiscoveredRecord>) {}

  static async load(cacheDir: string): Promise<DiscoveredRecords> {
    return new DiscoveredRecords(await CacheRecordFile.load(cacheDir, DISCOVERED_RECORD_FILE, isDiscoveredRecord));
  }

  get(rel: string): DiscoveredRecord | undefined {
    return this.file.get(rel);
  }

  set(rel: string, record: DiscoveredRecord): void {
    this.file.set(rel, record);
  }

  delete(rel: string): void {
    this.file.delete(rel);
  }

  /** Every record, by cache path. */
  entries(): Array<[string, DiscoveredRecord]> {
    return this.file.entries();
  }

  save(): Promise<void> {
    return this.file.save();
  }
}
