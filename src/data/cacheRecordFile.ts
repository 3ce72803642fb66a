import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * A small JSON record kept in the cache folder, one entry per cache-relative path (`{ version, files: { path: R } }`):
 * loaded leniently (an absent, unreadable or malformed file, or entry, counts as absent: it is a record, not a
 * source of truth) and written atomically (temp file + rename) only when it changed; a failed write is ignored.
 */
export class CacheRecordFile<R> {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly records: Map<string, R>,
  ) {}

  static async load<R>(cacheDir: string, name: string, isRecord: (r: unknown) => r is R): Promise<CacheRecordFile<R>> {
    const file = path.join(cacheDir, name);
    const records = new Map<string, R>();
    try {
      const data = JSON.parse(await readFile(file, "utf8")) as { files?: unknown };
      if (data.files && typeof data.files === "object") {
        for (const [rel, r] of Object.entries(data.files as Record<string, unknown>)) if (isRecord(r)) records.set(rel, r);
      }
    } catch {
      // absent or damaged: start afresh
    }
    return new CacheRecordFile(file, records);
  }

  get(rel: string): R | undefined {
    return this.records.get(rel);
  }

  set(rel: string, record: R): void {
    this.records.set(rel, record);
    this.dirty = true;
  }

  delete(rel: string): void {
    if (this.records.delete(rel)) this.dirty = true;
  }

  /** Every record, by path, in path order. */
  entries(): Array<[string, R]> {
    return [...this.records].sort(([a], [b]) => a.localeCompare(b));
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString("hex")}.partial`;
    const files = Object.fromEntries([...this.records].sort(([a], [b]) => a.localeCompare(b)));
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFile(tmp, `${JSON.stringify({ version: 1, files }, null, 1)}\n`);
      await rename(tmp, this.file);
      this.dirty = false;
    } catch {
      await unlink(tmp).catch(() => undefined);
    }
  }
}
