import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { sourcePath } from "../data/locate.js";
import { cacheKey, compiled } from "../store/compiledCache.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { checkHtsArchive, gunzipNamed, parseJsonNamed } from "../sources/htsArchive.js";
import { addEditionToCatalog, emptyCatalog, type HtsCatalog } from "../sources/htsCatalog.js";
import { buildHtsEdition, type HtsEdition } from "../sources/htsTree.js";
import { normalizeDescriptionForDiff } from "../sources/chapter99Text.js";
import { EDITIONS, editionById } from "../sources/editionRegister.js";

/**
 * The HTS editions as the project reads them: through the data cache, one edition at a time, and folded into the
 * cross-edition catalog, which is cached in compiled form keyed by the checksums of the 44 archives.
 */

/** Bumped whenever the compiled catalog's shape or the readers that build it change. */
export const CATALOG_FORMAT = "hts-catalog/1";

export interface CatalogOptions {
  cacheDir?: string | undefined;
  /** Called after each edition is folded in during a cold build. */
  onEdition?: (id: string, done: number, total: number) => void;
}

async function readArchiveBytes(id: string, options: CatalogOptions): Promise<{ file: string; bytes: Buffer }> {
  const entry = editionById(id);
  const file = sourcePath(entry.archive, { cacheDir: options.cacheDir });
  return { file, bytes: await readFile(file) };
}

function parseEdition(id: string, file: string, bytes: Buffer): HtsEdition {
  const text = gunzipNamed(file, bytes).toString("utf8");
  return buildHtsEdition(id, file, checkHtsArchive(file, parseJsonNamed(file, text)));
}

/** Read and build the product tree of one edition (e.g. for `hts show`). Accepts the id forms `editionById` does. */
export async function loadEdition(id: string, options: CatalogOptions = {}): Promise<HtsEdition> {
  const entry = editionById(id);
  const { file, bytes } = await readArchiveBytes(entry.id, options);
  return parseEdition(entry.id, file, bytes);
}

/** Checksums of every edition archive in the cache, in edition order. */
export async function editionChecksums(options: CatalogOptions = {}): Promise<string[]> {
  const out: string[] = [];
  for (const e of EDITIONS) {
    const file = sourcePath(e.archive, { cacheDir: options.cacheDir });
    out.push(createHash("sha256").update(await readFile(file)).digest("hex"));
  }
  return out;
}

/** Parse all editions and fold them into a catalog (no cache). */
export async function buildHtsCatalog(options: CatalogOptions = {}): Promise<HtsCatalog> {
  const catalog = emptyCatalog();
  let done = 0;
  for (const e of EDITIONS) {
    const { file, bytes } = await readArchiveBytes(e.id, options);
    addEditionToCatalog(catalog, parseEdition(e.id, file, bytes), normalizeDescriptionForDiff);
    done++;
    options.onEdition?.(e.id, done, EDITIONS.length);
  }
  return catalog;
}

/** The catalog, from the compiled cache when its key (archive checksums + format) matches, else built and stored. */
export async function loadHtsCatalog(options: CatalogOptions = {}): Promise<{ catalog: HtsCatalog; fromCache: boolean; key: string }> {
  const cacheDir = resolveCacheDir({ dir: options.cacheDir });
  const key = cacheKey({ format: CATALOG_FORMAT, sources: await editionChecksums(options) });
  const result = await compiled(cacheDir, "hts-catalog", key, () => buildHtsCatalog(options));
  return { catalog: result.value, fromCache: result.hit, key };
}
