import { closeWorkerPool, POOL_CLOSE_TIMEOUT_MS, workerModuleBeside } from "../common/workerPools.js";
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { SeriesEngine } from "./averageSeries.js";
import { resolvePanelHistories, type PanelHistoryJob, type PanelHistoryResult } from "./allPartnerHistoryJobs.js";
import type { PanelWorkerData } from "./allPartnerHistoryWorker.js";
import { ColumnsBuilder, historyCount } from "./historyColumns.js";

/**
 * The all-partner panel's histories resolved on every core: the items are cut into batches taken in turn by the main
 * thread and by worker threads (allPartnerHistoryWorker.ts, each opening the ledger from the compiled cache), so a
 * slow batch or a late worker never leaves a core idle. Results keep the items' order and equal the single-thread
 * resolution (the same function resolves every batch). A worker that cannot serve the job (its ledger is another
 * version: a scenario's) stops taking batches; the main thread resolves what is left.
 */
export interface PanelPoolOptions {
  cacheDir: string;
  /** Worker threads besides the main thread (default: the cores less one, at most 3; 0 resolves in this thread). */
  workers?: number | undefined;
  /** Items per batch (default 200). */
  batch?: number | undefined;
}

export function defaultPanelWorkers(): number {
  const fromEnv = process.env.TARIFFSCOPE_PANEL_WORKERS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}


/** Batches in flight per worker thread (see `PanelWorkers.start`). */
const TASKS_PER_WORKER = 2;

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Worker threads for a panel's build, started on the first job or earlier by `start` (a build that expects to resolve
 * starts them first, so each opens the ledger while the main thread loads the weights and signatures). `close` ends
 * them.
 */
export class PanelWorkers {
  private pool: Piscina<PanelHistoryJob, PanelHistoryResult> | undefined;
  private closed = false;
  readonly workers: number;

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
      // (busy with a batch of its own) hands it the next one.
      concurrentTasksPerWorker: TASKS_PER_WORKER,
    });
  }

  /** The job's histories, in the items' order, batches taken in turn by this thread and the workers. */
  async resolve(engine: SeriesEngine, job: PanelHistoryJob, batch = 200): Promise<PanelHistoryResult> {
    const size = batch;
    if (!Number.isInteger(size) || size < 1) throw new Error(`all-partner panel: ${size} is not a batch size`);
    if (job.items.length <= size) return resolvePanelHistories(engine, job);
    this.start();
    const pool = this.pool;
    if (!pool) return resolvePanelHistories(engine, job);
    // Each batch's columns by its first item; joined in the items' order at the end.
    const batches = new Map<number, PanelHistoryResult>();
    const starts: number[] = [];
    for (let i = 0; i < job.items.length; i += size) starts.push(i);
    let next = 0;
    const take = (): number | undefined => (next < starts.length ? starts[next++] : undefined);
    const batchAt = (start: number): PanelHistoryJob => ({ ...job, items: job.items.slice(start, start + size) });
    const place = (start: number, r: PanelHistoryResult): void => {
      batches.set(start, r);
    };
    const left: number[] = [];
    const onWorker = async (): Promise<void> => {
      for (let start = take(); start !== undefined; start = take()) {
        try {
          place(start, await pool.run(batchAt(start)));
        } catch {
          // This worker cannot serve the job (another ledger version, a failed open): the main thread takes the batch.
          left.push(start);
          return;
        }
      }
    };
    const onMain = async (): Promise<void> => {
      for (let start = take(); start !== undefined; start = take()) {
        place(start, resolvePanelHistories(engine, batchAt(start)));
        await nextTurn(); // let the workers' replies in
      }
    };
    await Promise.all([onMain(), ...Array.from({ length: this.workers * TASKS_PER_WORKER }, onWorker)]);
    for (const start of left) place(start, resolvePanelHistories(engine, batchAt(start)));
    const out = new ColumnsBuilder(job.from);
    for (const start of starts) {
      const r = batches.get(start)!;
      for (let k = 0; k < historyCount(r); k++) out.addKept(r, k);
    }
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
