import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The official-data mirror used by integration tests: $TARIFFSCOPE_MIRROR, or the `shared/data` folder beside the
 * repository. Integration tests fail (they do not skip) when it is absent, so a missing mirror cannot pass silently.
 */
export function mirrorDir(): string {
  const dir = process.env.TARIFFSCOPE_MIRROR ?? resolve(repoRoot, "..", "shared", "data");
  if (!existsSync(dir)) throw new Error(`data mirror not found at ${dir}; set TARIFFSCOPE_MIRROR`);
  return dir;
}

export function mirrorFile(rel: string): string {
  return join(mirrorDir(), rel);
}

/** The 44 HTS edition ids of the mirror, oldest first: 2025_basic, 2025_rev_1 … 2026_rev_10. */
export const EDITION_IDS: string[] = [
  "2025_basic",
  ...Array.from({ length: 32 }, (_, i) => `2025_rev_${i + 1}`),
  "2026_basic",
  ...Array.from({ length: 10 }, (_, i) => `2026_rev_${i + 1}`),
];
