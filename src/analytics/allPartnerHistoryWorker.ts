import { workerData } from "node:worker_threads";
import { LedgerIndex } from "../engine/ledgerIndex.js";
import { compileIssuerLedgerOf } from "../ledger/compileIssuerLedger.js";
import { LEDGER_DIR } from "../ledger/compileLedger.js";
import type { SeriesEngine } from "./averageSeries.js";
import { resolvePanelHistories, type PanelHistoryJob, type PanelHistoryResult } from "./allPartnerHistoryJobs.js";

/**
 * A worker thread of the all-partner panel's build: opens the package's US ledger from the compiled cache the main
 * thread just wrote (a ledger of another version — a scenario, another ledger folder — is refused, and the main thread
 * resolves those items itself) and resolves batches of line histories.
 *
 * The ledger is opened as the module loads (the pool lets the thread's event loop run while it waits for batches:
 * `atomics: "async"` in allPartnerHistoryPool.ts), and once it is open each batch is resolved synchronously, so that a
 * batch never waits on a promise behind the batches the thread takes meanwhile.
 */
export interface PanelWorkerData {
  cacheDir: string;
  ledgerDir?: string | undefined;
}

const { cacheDir, ledgerDir } = workerData as PanelWorkerData;
let engine: SeriesEngine | undefined;
const opened: Promise<SeriesEngine> = compileIssuerLedgerOf(ledgerDir ?? LEDGER_DIR, "hts-editions", { cacheDir }).then(({ ledger }) => {
  engine = { ledger, index: new LedgerIndex(ledger) };
  return engine;
});
opened.catch(() => undefined); // a failed open is the batches' error (each one refused: the main thread resolves it)

export default function resolvePanelHistoryJob(job: PanelHistoryJob): PanelHistoryResult | Promise<PanelHistoryResult> {
  return engine ? resolvePanelHistories(engine, job) : opened.then((e) => resolvePanelHistories(e, job));
}
