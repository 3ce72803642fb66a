import { closeWorkerPool, POOL_CLOSE_TIMEOUT_MS, workerModuleBeside } from "../common/workerPools.js";
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { SeriesEngine } from "./averageSeries.js";
import { resolvePanelHistories, type PanelHistoryJob, type PanelHistoryResult } from "./allPartnerHistoryJobs.js";
import type { PanelWorkerData } from "./allPartnerHistoryWorker.js";
import { ColumnsBuilder } from "./historyColumns.js";

/**
 * The all-partner panel's histories resolved on every core: the items are cut into batches taken in turn by worker
 * threads (allPartnerHistoryWorker.ts, each opening the ledger from the compiled cache), one per core, while this
 * thread only hands out batches and joins their columns — so that it answers a worker at once (a worker never waits on
 * a batch of this thread) and the build's own work (signatures, columns, the sweep) runs beside the workers. With no
 * worker thread (`workers: 0`) this thread resolves every batch. Results keep the items' order and equal the
 * single-thread resolution (the same function resolves every batch). A batch a worker cannot serve (its ledger is
 * another version: a scenario's) is resolved by this thread.
 */
export interface PanelPoolOptions {
  cacheDir: string;
  /** Worker threads (default: one per core, at most 4; 0 resolves in this thread). */
  workers?: number | undefined;
  /** Items per batch (default 200). */
  batch?: number | undefined;
}

export function defaultPanelWorkers(): number {
  const fromEnv = process.env.TARIFFSCOPE_PANEL_WORKERS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  return Math.max(1, Math.min(4, availableParallelism()));
}


/** Batches in flight per worker thread (see `PanelWorkers.start`). */
const TASKS_PER_WORKER = 2;

/**
 * Worker threads for a panel's build, started on the first job or earlier by `start` (a build that expects to resolve
 * starts them first, so each opens the ledger while the main thread loads the weights and signatures). `close` ends
 * them.
 */
export class PanelWorkers {
  private pool: Piscina<PanelHistoryJob, PanelHistoryResult> | undefined;
  private closed = false;
  readonly workers: number;
  /** Batches the worker threads resolved, and batches they handed back (resolved by this thread). */
  served = 0;
  refused = 0;

  constructor(private readonly opts: PanelPoolOptions) {
    this.workers = opts.workers ?? defaultPanelWorkers();
    if (!Number.isInteger(this.workers) || this.workers < 0) throw new Error(`all-partner panel: ${this.workers} is not a number of worker threads`);
  }

  start(): void {
    if (this.pool || this.closed || this.workers === 0) return;
    const { filename, execArgv } = workerModuleBeside(import.meta.url, "allPartnerHistoryWorker");
    const workerData: PanelWorkerData = { cacheDir: this.opts.cacheDir };
    this.pool = new Piscina<PanelHistoryJob, PanelHistoryResult>({
      filename,
      closeTimeout: POOL_CLOSE_TIMEOUT_MS,
      ...(execArgv ? { execArgv } : {}),
      workerData,
      minThreads: this.workers,
      maxThreads: this.workers,
      // Two batches handed to a worker at a time: the batch functions are synchronous, so the second waits in the
      // worker's own queue and the worker starts it as soon as the first is done, instead of idling until this thread
      // (busy with the build's own work) hands it the next one.
      concurrentTasksPerWorker: TASKS_PER_WORKER,
      // First come, first served for real: by default a queued batch that finds no free worker when one frees up is
      // put back at the tail, so one batch of each early chunk waited for the last ones (and with it the chunk's sweep).
      stricterFIFO: true,
      // An idle worker waits for batches without blocking its event loop, so that the ledger it opens at start goes on
      // while the main thread prepares the first batches (allPartnerHistoryWorker.ts).
      atomics: "async",
    });
  }

  /**
   * The job's histories, in the items' order. Its batches are queued on the pool at once, behind those of any job
   * already in flight (Piscina's queue is first come, first served), so a build that hands over its lines chunk by chunk
   * has them resolved in line order (neighbouring lines share day states in a worker's memo).
   */
  async resolve(engine: SeriesEngine, job: PanelHistoryJob, batch = 200): Promise<PanelHistoryResult> {
    const size = batch;
    if (!Number.isInteger(size) || size < 1) throw new Error(`all-partner panel: ${size} is not a batch size`);
    this.start();
    const pool = this.pool;
    if (!pool || job.items.length === 0) return resolvePanelHistories(engine, job);
    const batches: PanelHistoryJob[] = [];
    for (let i = 0; i < job.items.length; i += size) batches.push({ ...job, items: job.items.slice(i, i + size) });
    // A worker that cannot serve a batch (another ledger version, a failed open) hands it back: this thread resolves it.
    const results = await Promise.all(batches.map((b) => pool.run(b).catch(() => undefined)));
    for (const r of results) {
      if (r === undefined) this.refused++;
      else this.served++;
    }
    const out = new ColumnsBuilder(job.from);
    results.forEach((r, k) => out.addAll(r ?? resolvePanelHistories(engine, batches[k]!)));
    return out.intervals();
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await closeWorkerPool(pool);
  }
}

/** One job on the main thread and `opts.workers` worker threads started for it. */
export async function resolvePanelHistoriesOnCores(engine: SeriesEngine, job: PanelHistoryJob, opts: PanelPoolOptions): Promise<PanelHistoryResult> {
  const workers = new PanelWorkers(opts);
  try {
    return await workers.resolve(engine, job, opts.batch);
  } finally {
    await workers.close();
  }
}
