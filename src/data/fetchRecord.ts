/**
 * `.fetched.json`: what sync fetched, when, from where, and which bytes — one record per cache path, replaced when
 * the file is fetched again. `data status --upstream` compares the publisher's current validators (ETag,
 * Last-Modified, length) with the record to say when a source has changed upstream.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

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

/** The fetch record of one cache folder. */
export class FetchRecords {
  private dirty = false;
  private constructor(
    readonly cacheDir: string,
    private readonly records: Map<string, FetchRecord>,
  ) {}

  /** Load the record; an absent or unreadable file counts as empty (it is a log, not a source of truth). */
  static async load(cacheDir: string): Promise<FetchRecords> {
    const records = new Map<string, FetchRecord>();
    try {
      const data = JSON.parse(await readFile(path.join(cacheDir, FETCH_RECORD_FILE), "utf8")) as { files?: unknown };
      if (data.files && typeof data.files === "object") {
        for (const [rel, r] of Object.entries(data.files as Record<string, FetchRecord>)) {
          if (typeof r?.fetchedAt === "string" && typeof r.from === "string") records.set(rel, r);
        }
      }
    } catch {
      // absent or damaged: start afresh
    }
    return new FetchRecords(cacheDir, records);
  }

  get(rel: string): FetchRecord | undefined {
    return this.records.get(rel);
  }

  set(rel: string, record: FetchRecord): void {
    this.records.set(rel, record);
    this.dirty = true;
  }

  /** Write atomically when changed. */
  async save(): Promise<void> {
    if (!this.dirty) return;
    const file = path.join(this.cacheDir, FETCH_RECORD_FILE);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.partial`;
    const files = Object.fromEntries([...this.records].sort(([a], [b]) => a.localeCompare(b)));
    try {
      await mkdir(this.cacheDir, { recursive: true });
      await writeFile(tmp, `${JSON.stringify({ version: 1, files }, null, 1)}\n`);
      await rename(tmp, file);
      this.dirty = false;
    } catch {
      await unlink(tmp).catch(() => undefined);
    }
  }
}
