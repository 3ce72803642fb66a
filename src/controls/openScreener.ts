import { ensureData } from "../data/locate.js";
import { readEntityList, loadCachedEntityList } from "./entityList.js";
import { Screener } from "./screening.js";

/**
 * The screener the interfaces use: the Entity List of the data cache (synced on first use), or an official CSL file
 * (CSV or JSON) the user names. Built once per list.
 */
export async function openScreener(options: { cacheDir?: string | undefined; listFile?: string | undefined } = {}): Promise<Screener> {
  if (options.listFile) return new Screener(readEntityList(options.listFile));
  await ensureData("controls", { cacheDir: options.cacheDir });
  return new Screener(loadCachedEntityList({ cacheDir: options.cacheDir }));
}
