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
 */
export interface PanelWorkerData {
  cacheDir: string;
  ledgerDir?: string | undefined;
}

const { cacheDir, ledgerDir } = workerData as PanelWorkerData;
const opened: Promise<SeriesEngine> = compileIssuerLedgerOf(ledgerDir ?? LEDGER_DIR, "hts-editions", { cacheDir }).then(({ ledger }) => ({
  ledger,
  index: new LedgerIndex(ledger),
}));

export default async function resolvePanelHistoryJob(job: PanelHistoryJob): Promise<PanelHistoryResult> {
  return resolvePanelHistories(await opened, job);
}
