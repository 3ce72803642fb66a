import { LRUCache } from "lru-cache";
import { compareScenarios } from "../analytics/scenarioCompare.js";
import type { Tariffscope } from "../session.js";
import type { SeriesJob } from "./seriesJob.js";
import type { HtsSearchIndex } from "../schedule/htsSearch.js";
import type { ChinaTariffs } from "../cnSession.js";

/** Ledgers with scenarios applied, by the scenarios' content. */
export type ScenarioEngines = LRUCache<string, Tariffscope>;

export function scenarioEngines(): ScenarioEngines {
  return new LRUCache({ max: 6 });
}

/** Answer a series job with the library's functions, as JSON text (in a worker thread, or in process). */
export async function answerSeriesJob(
  ts: Tariffscope,
  job: SeriesJob,
  engines: ScenarioEngines,
  search: () => Promise<HtsSearchIndex>,
): Promise<string> {
  if (ts.ledger.version !== job.ledgerVersion) {
    throw new Error(
      `ledger ${ts.ledger.version.slice(0, 12)} is open here, the job is for ${job.ledgerVersion.slice(0, 12)}`,
    );
  }
  if (job.kind === "search") return JSON.stringify((await search()).search(job.q, job.limit));
  if (job.kind === "cn-average") throw new Error("a China job is answered by answerChinaJob, not over the US session");
  if (job.kind === "compare") return JSON.stringify(await compareScenarios(ts, job.scenarios, job.opts));
  let applied = ts;
  if (job.scenarios.length > 0) {
    const key = job.scenarios.map((s) => s.hash).join(",");
    applied = engines.get(key) ?? ts.withScenarios(job.scenarios);
    engines.set(key, applied);
  }
  if (job.kind === "average-all") return JSON.stringify(await applied.averageAll(job.opts));
  return JSON.stringify(await applied.average(job.opts));
}

/** Answer a China-side job (issuer CN) with the China session's functions, as JSON text; the US session is not needed. */
export async function answerChinaJob(
  china: ChinaTariffs,
  job: Extract<SeriesJob, { kind: "cn-average" }>,
): Promise<string> {
  if (china.ledger.version !== job.ledgerVersion) {
    throw new Error(
      `China ledger ${china.ledger.version.slice(0, 12)} is open here, the job is for ${job.ledgerVersion.slice(0, 12)}`,
    );
  }
  return JSON.stringify(await china.average(job.opts));
}
