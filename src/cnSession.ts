import { resolveCacheDir } from "./data/cacheDir.js";
import { compileIssuerLedgerOf } from "./ledger/compileIssuerLedger.js";
import { CN_LEDGER_DIR, type CnLedger } from "./ledger/compileCnLedger.js";
import { resolveCnStack, type CnStackRequest, type CnStackResult } from "./engine/cnStack.js";
import { resolveCnHistory, type CnHistoryRequest, type CnHistoryResult } from "./engine/cnHistory.js";
import { computeCnAverage, type CnAverageOptions, type CnAverageSeries } from "./analytics/cnAverage.js";

/**
 * The composition root of the China side (issuer CN): China's ledger (`ledger/cn/`, compiled and cached by the
 * checksums of its files and sources) and the resolver functions over it. It opens beside a US session in one process
 * (the server serves both); the US session and its answers are untouched.
 */
export interface ChinaTariffs {
  issuer: "CN";
  ledger: CnLedger;
  fromCache: boolean;
  stack(req: CnStackRequest): CnStackResult;
  history(req: CnHistoryRequest): CnHistoryResult;
  average(opts: CnAverageOptions): Promise<CnAverageSeries>;
}

export interface OpenChinaOptions {
  cacheDir?: string | undefined;
  /** China's ledger folder (default: the package's ledger/cn/). */
  ledgerDir?: string | undefined;
}

export async function openChinaTariffs(options: OpenChinaOptions = {}): Promise<ChinaTariffs> {
  const cacheDir = resolveCacheDir({ dir: options.cacheDir });
  const ledgerDir = options.ledgerDir ?? CN_LEDGER_DIR;
  const { ledger, fromCache } = await compileIssuerLedgerOf(ledgerDir, "piie-china-workbook", { cacheDir });
  return {
    issuer: "CN",
    ledger,
    fromCache,
    stack: (req) => resolveCnStack(ledger, req),
    history: (req) => resolveCnHistory(ledger, req),
    average: (opts) => computeCnAverage(ledger, { cacheDir, ...opts }),
  };
}
