/**
 * `.fetched.json`: what sync fetched, when, from where, and which bytes — one record per cache path, replaced when
 * the file is fetched again. `data status --upstream` compares the publisher's current validators (ETag,
 * Last-Modified, length) with the record to say when a source has changed upstream.
 */
import { CacheRecordFile } from "./cacheRecordFile.js";

export const FETCH_RECORD_FILE = ".fetched.json";

/** One fetch. */
export interface FetchRecord {
  /** `download`: from the publisher (or the publisher base standing in for it); `mirror`: copied from a folder. */
  source: "download" | "mirror";
  /** The official address (download) or the mirror file (mirror). */
  from: string;
  /** The address actually requested, when a publisher base rewrote it. */
  via?: string;
  /** ISO time the file was placed in the cache. */
  fetchedAt: string;
  /** Recipe applied (downloads). */
  recipe?: string;
  /** Bytes and SHA-256 of what was received (before the recipe). */
  receivedBytes: number;
  receivedSha256: string;
  /** SHA-256 of the stored file. */
  storedSha256: string;
  /** Validators the publisher sent, for change detection. */
  etag?: string;
  lastModified?: string;
  /** HTTP attempts made and whether the last one resumed a partial download (Range). */
  attempts?: number;
  resumed?: boolean;
}

const isFetchRecord = (r: unknown): r is FetchRecord =>
  typeof (r as FetchRecord | undefined)?.fetchedAt === "string" && typeof (r as FetchRecord).from === "string";

/** The fetch record of one cache folder. */
export class FetchRecords {
  private constructor(private readonly file: CacheRecordFile<FetchRecord>) {}

  /** Load the record; an absent or unreadable file counts as empty (it is a log, not a source of truth). */
  static async load(cacheDir: string): Promise<FetchRecords> {
    return new FetchRecords(await CacheRecordFile.load(cacheDir, FETCH_RECORD_FILE, isFetchRecord));
  }

  get(rel: string): FetchRecord | undefined {
    return this.file.get(rel);
  }

  set(rel: string, record: FetchRecord): void {
    this.file.set(rel, record);
  }

  /** Write atomically when changed. */
  save(): Promise<void> {
    return this.file.save();
  }
}
