import { createHash } from "node:crypto";
import { loadHtsCatalog } from "./schedule/scheduleCatalog.js";
import { resolveCacheDir } from "./data/cacheDir.js";
import { compileLedger, LEDGER_DIR, ledgerFilesHash } from "./ledger/compileLedger.js";
import type { Ledger } from "./ledger/ledgerTypes.js";
import { loadIssuerRegistry } from "./ledger/issuerRegistry.js";
import type { HtsCatalog } from "./schedule/htsCatalog.js";
import { listSourcesKey, resolveProductLists } from "./ledger/productScopes.js";
import { loadProductListRegistry } from "./ledger/eventFiles.js";
import { LedgerIndex } from "./engine/ledgerIndex.js";
import { resolveStack } from "./engine/resolveStack.js";
import { refuseSpecialCode } from "./schedule/specialChapters.js";
import { announceRebuild } from "./data/cacheNotices.js";
import { resolveHistory, type HistoryRequest, type HistoryResult } from "./engine/history.js";
import type { LegalViewId, StackRequest, StackResult } from "./engine/stackTypes.js";
import { applyScenarios, type Scenario } from "./analytics/scenarios.js";
import { computeAverageSeries } from "./analytics/averageSeries.js";
import { computeAllPartnerAverage, type AllPartnerAverage, type AllPartnerOptions } from "./analytics/allPartnerAverage.js";
import type { AverageOptions, AverageSeries } from "./analytics/seriesTypes.js";
import { loadEditionRegister } from "./schedule/editionRegister.js";
import { compiled } from "./store/compiledCache.js";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { loadBaseSchedules, type TariffDatabasePeriod } from "./ledger/baseSchedules.js";
import { buildPriorBaseTable, concordanceFilesKey } from "./schedule/priorBase.js";
import { sourcePath } from "./data/locate.js";
import { cachedChecksums } from "./data/verify.js";

/** Bumped when the compiled ledger's shape or the compiler changes. */
export const LEDGER_FORMAT = "ledger/7";

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
  const { catalog, key: catalogKey } = await (options.catalog ?? loadHtsCatalog({ cacheDir }));
  const registry = await loadProductListRegistry(join(ledgerDir, "product-lists.yaml"));
  const listsKey = await listSourcesKey(registry, cacheDir);
  const ledgerFilesKey = await ledgerFilesHash(ledgerDir);
  // The earlier schedule the base-schedules table names (a tariff database): its archive and concordances key the ledger.
  const priorPeriod = (await loadBaseSchedules(ledgerDir))?.find((p): p is TariffDatabasePeriod => p.schedule === "tariff-database");
  if (priorPeriod) sourcePath(priorPeriod.dataset, { cacheDir }); // a missing archive is a MISSING_DATASET error naming it
  const priorKey = priorPeriod
    ? `${(await cachedChecksums(cacheDir, [priorPeriod.dataset]))[0]}:${await concordanceFilesKey([priorPeriod.concordance, priorPeriod.hs6Concordance])}`
    : "";
  const key = createHash("sha256")
    .update(LEDGER_FORMAT)
    .update(catalogKey)
    .update(listsKey)
    .update(priorKey)
    .update(ledgerFilesKey)
    .digest("hex")
    .slice(0, 24);
  const issuer = (await loadIssuerRegistry(ledgerDir)).issuer;
  const cacheName = `${issuer.toLowerCase()}-ledger`;
  const result = await compiled(cacheDir, cacheName, key, async () => {
    await announceRebuild(cacheDir, cacheName, key, `compiled ${issuer} ledger`);
    const { editions } = await loadEditionRegister(cacheDir);
    const editionStarts = editions.map((e, i) => {
      if (i === 0) return `${e.year}-01-01`;
      if (!e.publishedOn) throw new Error(`edition ${e.id} has no publication date in its change record or manifest/editions.json`);
      return e.revision === 0 ? `${e.year}-01-01` : e.publishedOn;
    });
    const lists = await resolveProductLists(registry, cacheDir);
    const priorBase = priorPeriod
      ? await buildPriorBaseTable({
          catalog,
          dataset: priorPeriod.dataset,
          bytes: await readFile(sourcePath(priorPeriod.dataset, { cacheDir })),
          asOf: priorPeriod.asOf,
          concordance: priorPeriod.concordance,
          hs6Concordance: priorPeriod.hs6Concordance,
        })
      : undefined;
    const ledger = await compileLedger({
      catalog,
      editionStarts,
      lists,
      registry,
      sourcesKey: `${catalogKey}:${listsKey}:${priorKey}`,
      ledgerFilesKey,
      ledgerDir,
      ...(priorBase ? { priorBase } : {}),
    });
    // The catalog is cached on its own; keep the ledger entry small by storing it without the catalog.
    return { ...ledger, catalog: undefined as unknown as Ledger["catalog"] };
  });
  const ledger: Ledger = { ...result.value, catalog };
  return { ...tariffscopeOver(ledger, new LedgerIndex(ledger), result.hit), catalogKey };
}
