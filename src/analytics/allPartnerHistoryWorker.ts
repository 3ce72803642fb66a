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
 * The ledger is opened while the module loads (a top-level await: the pool counts the thread ready once it is open),
 * and each batch is resolved synchronously. An idle worker of the pool blocks its event loop until a batch arrives, so
 * an open started later would only go on between batches, and a batch that awaited anything would wait behind the
 * batches the thread takes meanwhile.
 */
export interface PanelWorkerData {
  cacheDir: string;
  ledgerDir?: string | undefined;
}

const { cacheDir, ledgerDir } = workerData as PanelWorkerData;
const engine: SeriesEngine = await compileIssuerLedgerOf(ledgerDir ?? LEDGER_DIR, "hts-editions", { cacheDir }).then(({ ledger }) => ({
  ledger,
  index: new LedgerIndex(ledger),
}));

export default function resolvePanelHistoryJob(job: PanelHistoryJob): PanelHistoryResult {
  return resolvePanelHistories(engine, job);
}
