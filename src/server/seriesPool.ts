import { closeWorkerPool, POOL_CLOSE_TIMEOUT_MS, workerModuleBeside } from "../common/workerPools.js";
import { Piscina } from "piscina";
import { ApiError } from "./errors.js";
import {
  defaultThreads,
  fromWire,
  RETRY_AFTER_SECONDS,
  type SeriesJob,
  type SeriesReply,
  type SeriesWorkerData,
} from "./seriesJob.js";

/**
 * The server's heavy jobs (average series, comparisons, the start-up warm-up) run on a small pool of worker threads
 * behind a bounded queue, so the event loop keeps answering `/api/stack` and the rest. A full queue is a 503 with
 * `Retry-After`, never an unbounded backlog.
 */
export interface SeriesPoolOptions {
  cacheDir: string;
  /** Worker threads (default: one less than the cores, at least 1, at most 2). */
  threads?: number | undefined;
  /** Jobs waiting for a thread before new ones are refused (default 16). */
  maxQueue?: number | undefined;
}

/** Niceness added to the series threads. */
const SERIES_NICE = 10;


export class SeriesPool {
  private readonly pool: Piscina<SeriesJob, SeriesReply>;
  readonly threads: number;
  readonly maxQueue: number;

  constructor(options: SeriesPoolOptions) {
    this.threads = options.threads ?? defaultThreads();
    this.maxQueue = options.maxQueue ?? 16;
    if (!Number.isInteger(this.threads) || this.threads < 1)
      throw new Error(`series pool: ${this.threads} is not a number of threads`);
    const { filename, execArgv } = workerModuleBeside(import.meta.url, "seriesWorker");
    const workerData: SeriesWorkerData = { cacheDir: options.cacheDir };
    this.pool = new Piscina<SeriesJob, SeriesReply>({
      filename,
      closeTimeout: POOL_CLOSE_TIMEOUT_MS,
      ...(execArgv ? { execArgv } : {}),
      workerData,
      minThreads: this.threads,
      maxThreads: this.threads,
      maxQueue: this.maxQueue,
      // Opening the ledger costs a worker about half a second: keep them.
      idleTimeout: 2 ** 31 - 1,
      // Series threads run at a lower scheduling priority than the event loop's thread (Linux: per-thread nice), so
      // on a busy machine the interactive requests get the CPU first.
      niceIncrement: SERIES_NICE,
    });
  }

  /** Jobs waiting for a thread. */
  get queued(): number {
    return this.pool.queueSize;
  }

  /** Run a job on a worker: its answer as UTF-8 JSON. A full queue is a 503 BUSY with `Retry-After`. */
  async run(job: SeriesJob): Promise<Buffer> {
    if (this.pool.queueSize >= this.maxQueue) throw busy(this.maxQueue);
    let reply: SeriesReply;
    try {
      reply = await this.pool.run(job);
    } catch (err) {
      if ((err as Error)?.message === "Task queue is at limit") throw busy(this.maxQueue);
      throw err;
    }
    if (!(reply instanceof Uint8Array)) throw fromWire(reply.error);
    return Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength);
  }

  /** Cancel queued jobs, let running ones finish, then end the threads (closeWorkerPool). */
  close(): Promise<void> {
    return closeWorkerPool(this.pool);
  }
}

function busy(maxQueue: number): ApiError {
  const e = new ApiError(
    503,
    "BUSY",
    `${maxQueue} series are already waiting to be computed; retry in ${RETRY_AFTER_SECONDS} s`,
  );
  return Object.assign(e, { retryAfterSeconds: RETRY_AFTER_SECONDS });
}
