import { workerData } from "node:worker_threads";
import { Piscina } from "piscina";
import { openTariffscope, type Tariffscope } from "../session.js";
import { openChinaTariffs, type ChinaTariffs } from "../cnSession.js";
import { answerChinaJob, answerSeriesJob, scenarioEngines } from "./seriesAnswer.js";
import { HtsResources } from "./htsResources.js";
import { toWire, type SeriesJob, type SeriesReply, type SeriesWorkerData } from "./seriesJob.js";

/**
 * A worker thread of the series pool: opens the same tariffscope as the server (from the compiled cache) and answers
 * series jobs with the library's own functions, as JSON text (so the server's event loop neither computes nor
 * serializes them). Library errors go back as data (a thrown error would lose its class and fields on the way).
 */
const { cacheDir } = workerData as SeriesWorkerData;
const opened: Promise<Tariffscope> = openTariffscope({ cacheDir });
const engines = scenarioEngines();
// The schedule's word-search index over the session's own catalog (built once per worker, on the first search).
const hts = new HtsResources(cacheDir, () =>
  opened.then((ts) => ({ catalog: ts.ledger.catalog, key: ts.catalogKey ?? ts.ledger.version })),
);

// The China side (issuer CN), opened on the first China job (from the compiled cache the server's session built).
let china: Promise<ChinaTariffs> | undefined;
const chinaSession = (): Promise<ChinaTariffs> => (china ??= openChinaTariffs({ cacheDir }));

const utf8 = new TextEncoder();

export default async function runSeriesJob(job: SeriesJob): Promise<SeriesReply> {
  try {
    // Its own ArrayBuffer (TextEncoder never pools), moved to the server's thread.
    const text =
      job.kind === "cn-average"
        ? await answerChinaJob(await chinaSession(), job)
        : await answerSeriesJob(await opened, job, engines, () => hts.search());
    return Piscina.move(utf8.encode(text)) as Uint8Array;
  } catch (err) {
    const error = toWire(err);
    if (error) return { ok: false, error };
    throw err;
  }
}
