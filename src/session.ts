import { resolveCacheDir } from "./data/cacheDir.js";
import { LEDGER_DIR } from "./ledger/compileLedger.js";
import { compileIssuerLedgerOf } from "./ledger/compileIssuerLedger.js";
import type { Ledger } from "./ledger/ledgerTypes.js";
import type { HtsCatalog } from "./schedule/htsCatalog.js";
import { LedgerIndex } from "./engine/ledgerIndex.js";
import { resolveStack } from "./engine/resolveStack.js";
import { refuseSpecialCode } from "./schedule/specialChapters.js";
import { resolveHistory, type HistoryRequest, type HistoryResult } from "./engine/history.js";
import type { LegalViewId, StackRequest, StackResult } from "./engine/stackTypes.js";
import { applyScenarios, type Scenario } from "./analytics/scenarios.js";
import { computeAverageSeries } from "./analytics/averageSeries.js";
import { computeAllPartnerAverage, type AllPartnerAverage, type AllPartnerOptions } from "./analytics/allPartnerAverage.js";
import type { AverageOptions, AverageSeries } from "./analytics/seriesTypes.js";

export { LEDGER_FORMAT } from "./ledger/compileHtsEditionsLedger.js";

export interface OpenOptions {
  /** Data cache folder (default: $TARIFFSCOPE_CACHE_DIR or the user cache). */
  cacheDir?: string | undefined;
  /** One issuer's ledger folder: issuer.yaml, events/, stacking/, views.yaml, coverage.yaml, product-lists.yaml, instruments.yaml (default: the package's ledger/us/). */
  ledgerDir?: string | undefined;
  /** The HTS catalog already being loaded by the caller (`loadHtsCatalog`), so a process holds one. */
  catalog?: Promise<{ catalog: HtsCatalog; key: string }> | undefined;
}

/** An open tariffscope: the compiled US ledger and the resolver functions over it. */
export interface Tariffscope {
  ledger: Ledger;
  index: LedgerIndex;
  /** True when the compiled ledger came from the cache (warm start). */
  fromCache: boolean;
  /** The HTS catalog's cache key (archive checksums), for readers that share this session's catalog. */
  catalogKey?: string;
  /** The legal view the applied scenarios impose (a scenario that sets a view is evaluated in it), if any. */
  imposedView?: LegalViewId;
  stack(req: StackRequest): StackResult;
  history(req: HistoryRequest): HistoryResult;
  /** The daily trade-weighted average (the same function the CLI, the API's workers and the dashboard use). */
  average(opts: AverageOptions & { cacheDir?: string | undefined }): Promise<AverageSeries>;
  /**
   * The all-partner average ("ALL") on given days (`dates`) or every day of a range (`from`, `to`), by origin and
   * authority (src/analytics/allPartnerAverage.ts, from the all-partner panel).
   */
  averageAll(opts: AllPartnerOptions): Promise<AllPartnerAverage>;
  /** The same resolver over the ledger edited by scenarios (validated first; the original is untouched). */
  withScenarios(scenarios: Scenario[]): Tariffscope;
}

/** Wrap a ledger (the baseline or a scenario's) in the resolver functions. */
export function tariffscopeOver(ledger: Ledger, index: LedgerIndex, fromCache: boolean, view?: LegalViewId): Tariffscope {
  // One rule for every front end: a view the scenarios impose wins; else the view asked for; else the ledger's default.
  const withView = <T extends { view?: LegalViewId | undefined }>(req: T): T => (view ? { ...req, view } : req);
  const ts: Tariffscope = {
    ledger,
    index,
    fromCache,
    ...(view ? { imposedView: view } : {}),
    stack: (req) => (refuseSpecialCode(req.hts), resolveStack(ledger, index, withView(req))),
    history: (req) => (refuseSpecialCode(req.hts), resolveHistory(ledger, index, withView(req))),
    average: (opts) => computeAverageSeries(ts, withView(opts)),
    averageAll: (opts) => computeAllPartnerAverage(ts, withView(opts)),
    withScenarios: (scenarios) => {
      const applied = applyScenarios(ledger, scenarios);
      return tariffscopeOver(applied.ledger, applied.index, fromCache, applied.view ?? view);
    },
  };
  return ts;
}

/** Open the ledger: from the compiled cache when every source and ledger file is unchanged, else compile it. */
export async function openTariffscope(options: OpenOptions = {}): Promise<Tariffscope> {
  const cacheDir = resolveCacheDir({ dir: options.cacheDir });
  const ledgerDir = options.ledgerDir ?? LEDGER_DIR;
  const { ledger, fromCache, catalogKey } = await compileIssuerLedgerOf(ledgerDir, "hts-editions", { cacheDir, htsCatalog: options.catalog });
  return { ...tariffscopeOver(ledger, new LedgerIndex(ledger), fromCache), catalogKey };
}
