import { onCacheNotice } from "../data/cacheNotices.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { ensureData } from "../data/locate.js";
import { loadManifest } from "../data/manifest.js";
import { loadScenario, type Scenario } from "../analytics/scenarios.js";
import { openTariffscope, type Tariffscope } from "../session.js";

let noticesShown = false;

/** Print what the cache reports on stderr: a damaged file fetched again, a compiled form rebuilt and why. */
function showCacheNotices(): void {
  if (noticesShown) return;
  noticesShown = true;
  onCacheNotice((n) => {
    process.stderr.write(
      n.kind === "refetched"
        ? `${n.path}: the cached copy was damaged (sha256 ${n.actual.slice(0, 12)}…, expected ${n.expected.slice(0, 12)}…); fetched it again from the ${n.source}\n`
        : `${n.message}…\n`,
    );
  });
}

/**
 * Commands that compute from the data make sure it is in the cache first (a no-op taking milliseconds when it is):
 * from the mirror folder when one is found, else from the official addresses. Progress and cache notices go to stderr.
 */
export async function ensureCliData(cacheDir: string | undefined): Promise<void> {
  showCacheNotices();
  let announced = false;
  await ensureData(Object.keys(loadManifest().groups), {
    cacheDir,
    onProgress: (e) => {
      if (e.kind === "entry" && e.result.status === "fetched" && !e.result.replaced) {
        if (!announced) process.stderr.write(`fetching source files missing from the data cache (${resolveCacheDir({ dir: cacheDir })})…\n`);
        announced = true;
        if (e.done === e.total || e.done % 50 === 0) process.stderr.write(`  ${e.done}/${e.total}\n`);
      }
    },
  });
}

/**
 * What every ledger command starts with: the data in the cache, the compiled ledger open, and the scenarios named on
 * the command line (shipped names or files) applied to it.
 */
export async function openForCli(
  cacheDir: string | undefined,
  scenarioArgs: string[] = [],
): Promise<{ base: Tariffscope; ts: Tariffscope; scenarios: Scenario[] }> {
  await ensureCliData(cacheDir);
  const base = await openTariffscope({ cacheDir });
  const scenarios = scenarioArgs.map((s) => loadScenario(s, { allowPaths: true }));
  return { base, ts: scenarios.length ? base.withScenarios(scenarios) : base, scenarios };
}
