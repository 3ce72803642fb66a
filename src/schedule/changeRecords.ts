import { sourcePath } from "../data/locate.js";
import { readChangeRecord, type ChangeRecord } from "../sources/changeRecord.js";
import { EDITIONS, LATER_REVISIONS } from "./editionRegister.js";

/**
 * Every USITC change record the data holds (2025 Basic → 2026 Rev 9 as text, 2026 Rev 10–20 as Markdown), read
 * through the data cache, keyed by edition id. Editions whose record is not stored are simply absent.
 */
export async function loadChangeRecords(cacheDir?: string): Promise<Map<string, ChangeRecord>> {
  const out = new Map<string, ChangeRecord>();
  const all = [
    ...EDITIONS.map((e) => ({ id: e.id, path: e.changeRecord })),
    ...LATER_REVISIONS.map((e) => ({ id: e.id, path: e.changeRecord })),
  ];
  for (const { id, path } of all) {
    if (!path || out.has(id)) continue;
    out.set(id, await readChangeRecord(sourcePath(path, { cacheDir }), id));
  }
  return out;
}
