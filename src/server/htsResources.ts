import { loadChangeRecords } from "../schedule/changeRecords.js";
import { loadEdition, loadHtsCatalog } from "../schedule/scheduleCatalog.js";
import type { ChangeRecord } from "../sources/changeRecord.js";
import { EDITIONS, editionById } from "../schedule/editionRegister.js";
import type { HtsCatalog } from "../schedule/htsCatalog.js";
import type { HtsEdition } from "../schedule/htsTree.js";
import { HtsSearchIndex } from "../schedule/htsSearch.js";
import { Lru } from "./lru.js";

export const LATEST_EDITION = EDITIONS[EDITIONS.length - 1]!.id;

/** The HTS readers behind /api/hts/*: loaded on first use, kept in memory (editions: the few most recent asked). */
export class HtsResources {
  private catalogP: Promise<{ catalog: HtsCatalog; key: string }> | undefined;
  private recordsP: Promise<Map<string, ChangeRecord>> | undefined;
  private searchP: Promise<HtsSearchIndex> | undefined;
  private readonly editions = new Lru<string, Promise<HtsEdition>>(4);
  /** Memo of edition diffs (a few MB at most each). */
  readonly diffs = new Lru<string, Promise<unknown>>(8);

  /**
   * `sharedCatalog`: the catalog the session uses (and its key), so the process holds one; when it gives none, the
   * catalog is loaded here.
   */
  constructor(
    private readonly cacheDir: string,
    private readonly sharedCatalog?: () => Promise<{ catalog: HtsCatalog; key: string }> | undefined,
  ) {}

  private once<T>(
    get: () => Promise<T> | undefined,
    set: (p: Promise<T> | undefined) => void,
    make: () => Promise<T>,
  ): Promise<T> {
    let p = get();
    if (!p) {
      p = make();
      set(p);
      p.catch(() => set(undefined));
    }
    return p;
  }

  catalog(): Promise<{ catalog: HtsCatalog; key: string }> {
    return this.once(
      () => this.catalogP,
      (p) => (this.catalogP = p),
      async () => {
        const shared = this.sharedCatalog?.();
        if (shared) return shared;
        const { catalog, key } = await loadHtsCatalog({ cacheDir: this.cacheDir });
        return { catalog, key };
      },
    );
  }

  changeRecords(): Promise<Map<string, ChangeRecord>> {
    return this.once(
      () => this.recordsP,
      (p) => (this.recordsP = p),
      () => loadChangeRecords(this.cacheDir),
    );
  }

  /** An edition by any accepted spelling (throws UNKNOWN_EDITION with suggestions). */
  edition(id: string): Promise<HtsEdition> {
    const canonical = editionById(id).id;
    return this.editions.memo(canonical, () => loadEdition(canonical, { cacheDir: this.cacheDir }));
  }

  search(): Promise<HtsSearchIndex> {
    return this.once(
      () => this.searchP,
      (p) => (this.searchP = p),
      async () => {
        const [{ catalog }, latest] = await Promise.all([this.catalog(), this.edition(LATEST_EDITION)]);
        return new HtsSearchIndex(catalog, latest);
      },
    );
  }
}
