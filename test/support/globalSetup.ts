import { join } from "node:path";
import { ensureData } from "../../src/data/locate.js";
import { loadManifest } from "../../src/data/manifest.js";
import { mirrorDir, repoRoot } from "./mirror.js";

/**
 * Before any test: point the data cache at the repository's `.cache/data` (unless TARIFFSCOPE_CACHE_DIR is set) and
 * sync every dataset from the mirror through the project's own sync step, so integration tests read the cache exactly
 * as the product does.
 */
export default async function setup(): Promise<void> {
  process.env.TARIFFSCOPE_CACHE_DIR ??= join(repoRoot, ".cache", "data");
  const groups = Object.keys(loadManifest().groups);
  await ensureData(groups, { cacheDir: process.env.TARIFFSCOPE_CACHE_DIR, mirror: mirrorDir() });
}
