import { resolveCacheDir } from "../data/cacheDir.js";
import { cachedChecksums } from "../data/verify.js";
import { editionById } from "./editionRegister.js";
import { cacheKey, compiled } from "../store/compiledCache.js";
import { titleOfNode } from "./productTitle.js";
import { loadEdition } from "./scheduleCatalog.js";

/** Bumped whenever `titleOf` changes what it returns. */
export const TITLE_TABLE_FORMAT = "product-titles/2";

/** Digits of every numbered row of an edition (chapters 01–97) → its title. */
export type ProductTitleTable = Map<string, string>;

/** The titles of one edition's rows, built once from its tree and kept in the compiled cache (keyed by its archive). */
export async function loadProductTitles(
  editionId: string,
  options: { cacheDir?: string | undefined } = {},
): Promise<ProductTitleTable> {
  const entry = editionById(editionId);
  const cacheDir = resolveCacheDir({ dir: options.cacheDir });
  const key = cacheKey({ format: TITLE_TABLE_FORMAT, sources: await cachedChecksums(cacheDir, [entry.archive]) });
  const result = await compiled(cacheDir, `product-titles-${entry.id}`, key, async () => {
    const edition = await loadEdition(entry.id, { cacheDir });
    const table: ProductTitleTable = new Map();
    edition.nodes.forEach((n, i) => {
      if (n.code.length >= 4 && !n.code.startsWith("99") && !table.has(n.code))
        table.set(n.code, titleOfNode(edition, i));
    });
    return table;
  });
  return result.value;
}
