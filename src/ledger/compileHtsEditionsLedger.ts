import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadHtsCatalog } from "../schedule/scheduleCatalog.js";
import type { HtsCatalog } from "../schedule/htsCatalog.js";
import { loadEditionRegister } from "../schedule/editionRegister.js";
import { buildPriorBaseTable, concordanceFilesKey } from "../schedule/priorBase.js";
import { announceRebuild } from "../data/cacheNotices.js";
import { sourcePath } from "../data/locate.js";
import { cachedChecksums } from "../data/verify.js";
import { compiled } from "../store/compiledCache.js";
import { compileLedger, ledgerFilesHash } from "./compileLedger.js";
import type { Ledger } from "./ledgerTypes.js";
import type { IssuerRegistry } from "./issuerRegistry.js";
import { listSourcesKey, resolveProductLists } from "./productScopes.js";
import { loadProductListRegistry } from "./eventFiles.js";
import { loadBaseSchedules, type TariffDatabasePeriod } from "./baseSchedules.js";

/** Bumped when the compiled ledger's shape or the compiler changes. */
export const LEDGER_FORMAT = "ledger/9";

/**
 * The compiler of a ledger whose catalog is the HTS JSON editions (issuer.yaml `catalog: { reader: hts-editions }`;
 * the US ledger): catalog + product lists of printed codes + ledger files → the compiled ledger of the duty-stack
 * resolver, from the compiled cache (`<issuer>-ledger`) when every source and ledger file is unchanged.
 */
export async function compileHtsEditionsLedger(
  ledgerDir: string,
  cacheDir: string,
  issuer: IssuerRegistry,
  catalogPromise?: Promise<{ catalog: HtsCatalog; key: string }>,
): Promise<{ ledger: Ledger; fromCache: boolean; catalogKey: string }> {
  const { catalog, key: catalogKey } = await (catalogPromise ?? loadHtsCatalog({ cacheDir }));
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
  const cacheName = `${issuer.issuer.toLowerCase()}-ledger`;
  const result = await compiled(cacheDir, cacheName, key, async () => {
    await announceRebuild(cacheDir, cacheName, key, `compiled ${issuer.issuer} ledger`);
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
  return { ledger: { ...result.value, catalog }, fromCache: result.hit, catalogKey };
}
