import { fileURLToPath } from "node:url";
import type { Tariffscope } from "../session.js";
import type { HtsCatalog } from "../schedule/htsCatalog.js";
import { parseScenario, type Scenario } from "../analytics/scenarios.js";
import { TariffscopeError } from "../common/errors.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { ApiError } from "./errors.js";
import { HtsResources } from "./htsResources.js";
import { ScenarioStore } from "./scenarioStore.js";
import { Lru } from "./lru.js";
import type { ScenarioEngines } from "./seriesAnswer.js";
import { defaultThreads, type SeriesJob, type SeriesJobRequest } from "./seriesJob.js";
import type { SeriesPool } from "./seriesPool.js";

export interface ServerOptions {
  /** The open tariffscope, or the promise of it (ledger endpoints answer 503 NOT_READY until it resolves). */
  ts: Tariffscope | Promise<Tariffscope>;
  /** Data cache folder (default: the library's resolution). */
  cacheDir?: string | undefined;
  /** The HTS catalog the session is opened with (`openTariffscope({ catalog })`), shared with the schedule readers. */
  catalog?: Promise<{ catalog: HtsCatalog; key: string }> | undefined;
  /** Folder of the shipped scenarios (default: the repository's `scenarios/`). */
  scenariosDir?: string | undefined;
  /** Built dashboard to serve at `/` (default: `web/dist`); false: API only. */
  webDir?: string | false | undefined;
  /** Fastify logger option (default: off). */
  logger?: boolean | Record<string, unknown> | undefined;
  /**
   * Worker threads computing average series and comparisons (default: one less than the cores, 1 to 2); 0 computes
   * them on the event loop (embedding, tests).
   */
  seriesThreads?: number | undefined;
  /** Series jobs waiting for a thread before new ones get 503 BUSY with Retry-After (default 16). */
  seriesQueue?: number | undefined;
}

/** The session to answer from: the open one, or the session's own copy with scenarios applied (`withScenarios`). */
export type Engine = Tariffscope & { scenarios: Scenario[] };

type LedgerState =
  { state: "loading" } | { state: "ready"; ts: Tariffscope; at: number } | { state: "failed"; error: unknown };

/** Everything the routes share: the open ledger, the HTS readers, scenarios, memoized results. */
export class ServerContext {
  readonly cacheDir: string;
  readonly hts: HtsResources;
  readonly scenarios: ScenarioStore;
  /** Memo of average / compare results (pure functions of the ledger and the options). */
  readonly series = new Lru<string, Promise<unknown>>(24);
  /** Ledgers with scenarios applied, by scenario content. */
  private readonly engines = new Lru<string, Engine>(6);
  private ledgerState: LedgerState = { state: "loading" };
  readonly startedAt = Date.now();
  /** The worker threads of the series jobs, started with the first job (none: computed in process). */
  private pool: Promise<SeriesPool> | undefined;
  private readonly seriesThreads: number;
  private readonly seriesQueue: number | undefined;
  private inProcessEngines: ScenarioEngines | undefined;

  constructor(options: ServerOptions) {
    this.cacheDir = resolveCacheDir({ dir: options.cacheDir });
    // The HTS readers share the session's catalog (one catalog per process): the one the session is opened with, or
    // the open session's.
    this.hts = new HtsResources(this.cacheDir, () => {
      if (options.catalog) return options.catalog;
      const s = this.ledgerState;
      return s.state === "ready" && s.ts.catalogKey
        ? Promise.resolve({ catalog: s.ts.ledger.catalog, key: s.ts.catalogKey })
        : undefined;
    });
    this.seriesThreads = options.seriesThreads ?? defaultThreads();
    this.seriesQueue = options.seriesQueue;
    this.scenarios = new ScenarioStore(
      options.scenariosDir ?? fileURLToPath(new URL("../../scenarios/", import.meta.url)),
    );
    Promise.resolve(options.ts).then(
      (ts) => {
        this.ledgerState = { state: "ready", ts, at: Date.now() };
      },
      (error: unknown) => {
        this.ledgerState = { state: "failed", error };
      },
    );
  }

  get ledger(): LedgerState {
    return this.ledgerState;
  }

  /** The open tariffscope, or a 503 that says why not. */
  tariffscope(): Tariffscope {
    const s = this.ledgerState;
    if (s.state === "ready") return s.ts;
    if (s.state === "loading")
      throw new ApiError(503, "NOT_READY", "the ledger is still being compiled; retry in a few seconds");
    const e = s.error;
    if (e instanceof TariffscopeError)
      throw new ApiError(503, "NOT_READY", `the ledger could not be opened: [${e.code}] ${e.message}`, e.input ?? null);
    throw new ApiError(503, "NOT_READY", `the ledger could not be opened: ${String((e as Error)?.message ?? e)}`);
  }

  /** Run a series job on the pool (or in process without one): the result as UTF-8 JSON. */
  async runSeries(job: SeriesJobRequest): Promise<Buffer> {
    // A China-side job needs only the China session (its version is the job's); every other job the US ledger.
    const china = job.kind === "cn-average" ? await (await import("./routes/china.js")).chinaSession(this) : undefined;
    const ts = china ? undefined : this.tariffscope();
    const full = { ...job, ledgerVersion: (china ?? ts)!.ledger.version } as SeriesJob;
    // The pool (and the analytics, in process) load with the first job: a start-up does not pay for them.
    if (this.seriesThreads === 0) {
      const { answerChinaJob, answerSeriesJob, scenarioEngines } = await import("./seriesAnswer.js");
      if (full.kind === "cn-average") return Buffer.from(await answerChinaJob(china!, full));
      this.inProcessEngines ??= scenarioEngines();
      return Buffer.from(await answerSeriesJob(ts!, full, this.inProcessEngines, () => this.hts.search()));
    }
    this.pool ??= import("./seriesPool.js").then(
      ({ SeriesPool }) =>
        new SeriesPool({ cacheDir: this.cacheDir, threads: this.seriesThreads, maxQueue: this.seriesQueue }),
    );
    return (await this.pool).run(full);
  }

  async close(): Promise<void> {
    await (await this.pool)?.close();
  }

  /** The scenarios a request names (shipped names or upload refs), read and validated by the library. */
  async loadScenarios(names: readonly string[]): Promise<Scenario[]> {
    const texts = await Promise.all(names.map((n) => this.scenarios.load(n)));
    return texts.map((t) => parseScenario(t.text, t.file ?? t.name ?? "scenario"));
  }

  /** The engine for a request: the open ledger, or a copy with the scenarios applied (memoized by their content). */
  async engine(names: readonly string[] | undefined): Promise<Engine> {
    const ts = this.tariffscope();
    if (!names || names.length === 0) return { ...ts, scenarios: [] };
    const scenarios = await this.loadScenarios(names);
    const key = `${ts.ledger.version}:${scenarios.map((s) => s.hash).join(",")}`;
    let e = this.engines.get(key);
    if (!e) {
      e = { ...ts.withScenarios(scenarios), scenarios };
      this.engines.set(key, e);
    }
    return e;
  }
}
