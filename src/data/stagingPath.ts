import { randomBytes } from "node:crypto";
import path from "node:path";

/** Suffix of a file being written beside its final name (renamed into place only when whole). */
export const PARTIAL_SUFFIX = ".partial";

/**
 * A fresh staging name beside `finalPath`: hidden, unique to this process and call, ending in `.partial`, so a crash
 * leaves nothing under the final name and sync's sweep of stale partials (`.<name>.*.partial`) finds it.
 */
export function stagingPathFor(finalPath: string): string {
  return path.join(
    path.dirname(finalPath),
    `.${path.basename(finalPath)}.${process.pid}.${randomBytes(6).toString("hex")}${PARTIAL_SUFFIX}`,
  );
}
