import { closeWorkerPool, POOL_CLOSE_TIMEOUT_MS, workerModuleBeside } from "../common/workerPools.js";
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Transform, type Readable } from "node:stream";
import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import { TariffscopeError } from "../common/errors.js";
import type { Tariffscope } from "../session.js";
import type { ImporterKind } from "../refunds/interest.js";
import { ApiError } from "./errors.js";
import { fromWire } from "./seriesJob.js";
import type { RefundProgress, RefundReply, RefundTask } from "./refundTask.js";

/**
 * Refund jobs of the dashboard and the API: an uploaded entry file is stored (streamed, size-limited) in the cache
 * folder under `entries/uploads/<id>/`, read as data by the library (never executed), priced and booked with the same
 * functions as `tariffscope refunds` on a worker thread (`refundWorker.ts`: the interval-panel profiles the engine
 * resolves are JS work that must not hold the event loop), its progress posted back; its outputs are downloadable from
 * the job's folder until the user deletes it. One job runs at a time; the others wait in order.
 */

export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

export interface RefundJob {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  stage: string;
  progress: number;
  createdAt: string;
  fileName: string;
  bytes: number;
  asOf: string;
  importerKind: ImporterKind;
  summary?: unknown;
  error?: { code: string; message: string };
  files: string[];
}

/** Niceness added to the refund thread (as the series threads): interactive requests get the CPU first. */
const REFUND_NICE = 10;


const OUTPUT_NAME = /^(lines\.parquet|lines\.csv|entries\.csv|rejects\.csv|summary\.json|cape\/cape-declaration-\d{3}\.csv)$/;

export class RefundJobs {
  private readonly jobs = new Map<string, RefundJob>();
  private queue: Promise<void> = Promise.resolve();
  /** One worker thread, started with the first job and ended after a minute idle (its DuckDB and ledger freed). */
  private pool: Piscina<RefundTask, RefundReply> | undefined;

  constructor(
    private readonly cacheDir: string,
    private readonly session: () => Tariffscope,
    private readonly maxBytes = MAX_UPLOAD_BYTES,
  ) {}

  get root(): string {
    return join(this.cacheDir, "entries", "uploads");
  }

  /** Store an upload (streamed; refused past the limit, the partial file removed) and queue its job. */
  async submit(body: Readable, meta: { fileName: string; asOf: string; importerKind: ImporterKind; declaredBytes?: number }): Promise<RefundJob> {
    if (meta.declaredBytes !== undefined && meta.declaredBytes > this.maxBytes) {
      body.resume();
      throw new ApiError(413, "TOO_LARGE", `body: ${meta.declaredBytes} bytes is more than the limit of ${this.maxBytes} bytes`, "body");
    }
    const id = randomUUID();
    const dir = join(this.root, id);
    await mkdir(dir, { recursive: true });
    const input = join(dir, "input");
    let bytes = 0;
    const limit = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > limit) done(new ApiError(413, "TOO_LARGE", `body: more than the limit of ${limit} bytes`, "body"));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(input));
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      if (e instanceof ApiError) throw e;
      throw new ApiError(400, "UPLOAD_FAILED", `body: the upload did not complete (${(e as Error).message})`, "body");
    }
    if (bytes === 0) {
      await rm(dir, { recursive: true, force: true });
      throw new ApiError(400, "EMPTY_BODY", "body: send the entry file (CSV, XLSX or Parquet)", "body");
    }
    const job: RefundJob = { id, status: "queued", stage: "queued", progress: 0, createdAt: new Date().toISOString(), fileName: meta.fileName.slice(0, 200), bytes, asOf: meta.asOf, importerKind: meta.importerKind, files: [] };
    this.jobs.set(id, job);
    this.queue = this.queue.then(() => this.run(job, dir, input));
    return job;
  }

  private async run(job: RefundJob, dir: string, input: string): Promise<void> {
    if (!this.jobs.has(job.id)) return; // deleted while queued
    job.status = "running";
    const stages = ["read", "panel", "price", "write"];
    const { port1, port2 } = new MessageChannel();
    port1.on("message", ({ stage, done, total }: RefundProgress) => {
      job.stage = stage;
      const i = stages.indexOf(stage);
      job.progress = Math.min(0.99, (i + (total > 0 ? done / total : 0)) / stages.length);
    });
    try {
      const task: RefundTask = {
        ledgerVersion: this.session().ledger.version,
        cacheDir: this.cacheDir,
        input,
        outDir: join(dir, "out"),
        asOf: job.asOf,
        importerKind: job.importerKind,
        maxBytes: this.maxBytes,
        port: port2,
      };
      let reply: RefundReply;
      try {
        reply = await this.worker().run(task, { transferList: [port2] });
      } finally {
        port1.close();
      }
      if (!reply.ok) throw fromWire(reply.error);
      job.summary = reply.summary;
      job.files = await this.outputs(dir);
      job.status = "done";
      job.stage = "done";
      job.progress = 1;
    } catch (e) {
      job.status = "failed";
      job.error = e instanceof TariffscopeError ? { code: e.code, message: e.message } : { code: "INTERNAL", message: (e as Error).message };
      await rm(join(dir, "out"), { recursive: true, force: true });
    } finally {
      await rm(input, { force: true });
    }
  }

  private worker(): Piscina<RefundTask, RefundReply> {
    if (!this.pool) {
      const { filename, execArgv } = workerModuleBeside(import.meta.url, "refundWorker");
      this.pool = new Piscina<RefundTask, RefundReply>({
        filename,
        closeTimeout: POOL_CLOSE_TIMEOUT_MS,
        ...(execArgv ? { execArgv } : {}),
        minThreads: 0,
        maxThreads: 1,
        idleTimeout: 60_000,
        niceIncrement: REFUND_NICE,
      });
    }
    return this.pool;
  }

  /** End the worker thread once a running job has finished (closeWorkerPool: at most POOL_CLOSE_TIMEOUT_MS). */
  async close(): Promise<void> {
    if (this.pool) await closeWorkerPool(this.pool);
    this.pool = undefined;
  }

  private async outputs(dir: string): Promise<string[]> {
    const out = join(dir, "out");
    const top = (await readdir(out)).filter((f) => OUTPUT_NAME.test(f));
    const cape = (await readdir(join(out, "cape")).catch(() => [] as string[])).map((f) => `cape/${f}`).filter((f) => OUTPUT_NAME.test(f));
    return [...top, ...cape].sort();
  }

  get(id: string): RefundJob {
    const job = this.jobs.get(id);
    if (!job) throw new ApiError(404, "NO_SUCH_JOB", `id: no refund job ${String(id).slice(0, 60)} (finished jobs are kept until deleted or the server restarts)`, "id");
    return job;
  }

  list(): RefundJob[] {
    return [...this.jobs.values()].map((j) => ({ ...j, summary: undefined }));
  }

  /** The path of a job's output file, only for names the job wrote. */
  async file(id: string, name: string): Promise<{ path: string; bytes: number }> {
    const job = this.get(id);
    if (job.status !== "done") throw new ApiError(409, "NOT_DONE", `id: job ${id} is ${job.status}; its files are not complete`, "id");
    if (!job.files.includes(name)) throw new ApiError(404, "NO_SUCH_FILE", `name: ${String(name).slice(0, 80)} is not a file of this job`, "name", job.files);
    const path = join(this.root, id, "out", name);
    return { path, bytes: (await stat(path)).size };
  }

  /** Delete a job and every file of it (upload and results). */
  async delete(id: string): Promise<void> {
    const job = this.get(id);
    if (job.status === "running") throw new ApiError(409, "RUNNING", `id: job ${id} is running; delete it when it ends`, "id");
    this.jobs.delete(id);
    await rm(join(this.root, id), { recursive: true, force: true });
  }
}
