import { ensureData } from "../data/locate.js";
import { loadManifest } from "../data/manifest.js";

/**
 * Commands that compute from the data make sure it is in the cache first (a no-op taking milliseconds when it is):
 * from the mirror folder when one is found, else from the official addresses. Progress goes to stderr.
 */
export async function ensureCliData(cacheDir: string | undefined): Promise<void> {
  let announced = false;
  await ensureData(Object.keys(loadManifest().groups), {
    cacheDir,
    onProgress: (e) => {
      if (e.kind === "entry" && e.result.status === "fetched") {
        if (!announced) process.stderr.write("fetching source data into the cache (first run)…\n");
        announced = true;
        if (e.done === e.total || e.done % 50 === 0) process.stderr.write(`  ${e.done}/${e.total}\n`);
      }
    },
  });
}
