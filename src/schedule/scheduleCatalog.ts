import { readFile } from "node:fs/promises";
import { sourcePath } from "../data/locate.js";
import { cachedChecksums } from "../data/verify.js";
import { announceRebuild } from "../data/cacheNotices.js";
import { cacheKey, compiled } from "../store/compiledCache.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { DataFileError } from "../common/errors.js";
import { addSummaryToCatalog, emptyCatalog, type EditionSummary, type HtsCatalog } from "./htsCatalog.js";
import type { HtsEdition } from "./htsTree.js";
import { parseEditionBytes } from "./parseEdition.js";
import { EDITIONS, editionById } from "./editionRegister.js";

/**
 * The HTS editions as the project reads them: through the data cache, one edition at a time, and folded into the
 * cross-edition catalog, which is cached in compiled form keyed by the checksums of the 44 archives.
 */

/** Bumped whenever the compiled catalog's shape or the readers that build it change. */
export const CATALOG_FORMAT = "hts-catalog/3";

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


/**
 * Read and build the product tree of one edition (e.g. for `hts show`). Accepts the id forms `editionById` does. The
 * edition names its file by the manifest path (us/hts/hts_2026_rev_10.json.gz), as every answer's sources do: never
 * by where the cache happens to be on this machine.
 */
export async function loadEdition(id: string, options: CatalogOptions = {}): Promise<HtsEdition> {
  const entry = editionById(id);
  const { bytes } = await readArchiveBytes(entry.id, options);
  return parseEditionBytes(entry.id, entry.archive, bytes);
}

/** Checksums of every edition archive in the cache, in edition order (from the verified record when current). */
export async function editionChecksums(options: CatalogOptions = {}): Promise<string[]> {
  const cacheDir = resolveCacheDir({ dir: options.cacheDir });
  for (const e of EDITIONS) sourcePath(e.archive, { cacheDir }); // a missing archive is a MISSING_DATASET error
  return cachedChecksums(cacheDir, EDITIONS.map((e) => e.archive));
}

/** The worker script beside this module (the .ts source under tsx, the .js build otherwise). */
function workerUrl(): URL {
  return new URL(import.meta.url.endsWith(".ts") ? "./editionWorker.ts" : "./editionWorker.js", import.meta.url);
}

type WorkerReply = { ok: true; summary: EditionSummary } | { ok: false; error: { message: string; code?: string; file: string; position?: string } };

/**
 * Parse all editions and fold them into a catalog (no cache). Editions are parsed in parallel worker threads (one per
 * core, at most 4) and folded in edition order.
 */
export async function buildHtsCatalog(options: CatalogOptions = {}): Promise<HtsCatalog> {
  const jobs = EDITIONS.map((e) => ({ id: e.id, file: sourcePath(e.archive, { cacheDir: options.cacheDir }) }));
  const summaries: (EditionSummary | undefined)[] = new Array(jobs.length);
  const catalog = emptyCatalog();
  let nextJob = 0;
  let nextFold = 0;
  const fold = (): void => {
    while (nextFold < jobs.length && summaries[nextFold]) {
      addSummaryToCatalog(catalog, summaries[nextFold]!);
      summaries[nextFold] = undefined;
      nextFold++;
      options.onEdition?.(jobs[nextFold - 1]!.id, nextFold, jobs.length);
    }
  };
  const workers = Math.max(1, Math.min(4, availableParallelism(), jobs.length));
  const run = (): Promise<void> =>
    new Promise((resolvePool, rejectPool) => {
      const url = workerUrl();
      // Under tsx or vitest (TypeScript sources) the worker loads the .ts module through tsx's API itself.
      const worker = url.pathname.endsWith(".ts")
        ? new Worker(`import("tsx/esm/api").then((api) => api.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)}))`, { eval: true })
        : new Worker(url);
      let current = -1;
      const take = (): void => {
        if (nextJob >= jobs.length) {
          void worker.terminate();
          resolvePool();
          return;
        }
        current = nextJob++;
        worker.postMessage(jobs[current]);
      };
      worker.on("message", (reply: WorkerReply) => {
        if (!reply.ok) {
          void worker.terminate();
          const { file, message, code, position } = reply.error;
          rejectPool(new DataFileError(file, message.startsWith(file) ? message.slice(file.length).replace(/^( at [^:]+)?: /, "") : message, { code: code ?? "BAD_DATA_FILE", ...(position ? { position } : {}) }));
          return;
        }
        summaries[current] = reply.summary;
        fold();
        take();
      });
      worker.on("error", rejectPool);
      take();
    });
  await Promise.all(Array.from({ length: workers }, run));
  fold();
  return catalog;
}

/** The catalog, from the compiled cache when its key (archive checksums + format) matches, else built and stored. */
export async function loadHtsCatalog(options: CatalogOptions = {}): Promise<{ catalog: HtsCatalog; fromCache: boolean; key: string }> {
  const cacheDir = resolveCacheDir({ dir: options.cacheDir });
  const key = cacheKey({ format: CATALOG_FORMAT, sources: await editionChecksums(options) });
  const result = await compiled(cacheDir, "hts-catalog", key, async () => {
    await announceRebuild(cacheDir, "hts-catalog", key, `compiled HTS catalog (${EDITIONS.length} editions)`);
    return buildHtsCatalog(options);
  });
  return { catalog: result.value, fromCache: result.hit, key };
}
