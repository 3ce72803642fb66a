import { sourcePath, type LocateOptions } from "../data/locate.js";
import { readConsolidatedScreeningList, type CslEntry } from "../sources/consolidatedScreeningList.js";
import { isCompanyFormOnly, normaliseName, scriptsOf, type NameScript } from "./nameNormalisation.js";

/**
 * The Entity List as a screening list: every CSL entry of the Entity List with the names it can be found by —
 * its printed name, its alternate names, a short name in parentheses at the end ("… Co., Ltd. (Huawei)"), the
 * affiliate's own name in "X. Affiliated Entity: Y" entries, and the name without a trailing location
 * ("Chengdu Huawei Technologies Co., Ltd., Chengdu, Sichuan").
 */

/** The mirror's Entity List extract (CSL columns), by its manifest path. */
export const ENTITY_LIST_DATASET = "controls/csl-entity-list-2025-11-08.csv";

/** How the CSL names the Entity List in its `source` column. */
export const ENTITY_LIST_SOURCE = /entity list/i;

export interface ListedName {
  /** The name as printed in the list (or the part of it this variant comes from). */
  printed: string;
  /** Where it comes from in the entry. */
  kind: "name" | "alias" | "short-name" | "affiliate" | "name-without-location";
  script: NameScript | "mixed";
  key: string;
  words: string[];
  compact: string;
}

export interface ListedParty {
  /** Index in the screening list. */
  index: number;
  entry: CslEntry;
  /** The party this entry is an affiliate of ("Huawei Technologies Co., Ltd. (Huawei)"), for "Affiliated Entity" entries. */
  affiliateOf: string | null;
  names: ListedName[];
  countries: string[];
}

export interface ScreeningList {
  /** Manifest path or file the list was read from. */
  file: string;
  parties: ListedParty[];
}

/** Rejoin alias fragments the `; ` join split at "Co., Ltd." ("Shenzhen DJI Innovation Technology Co.; Ltd."). */
export function repairAliases(aliases: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of aliases) {
    if (out.length > 0 && isCompanyFormOnly(a)) out[out.length - 1] = `${out[out.length - 1]}, ${a}`;
    else out.push(a);
  }
  return out;
}

function scriptOf(s: string): NameScript | "mixed" {
  const set = scriptsOf(s);
  if (set.size === 1) return [...set][0]!;
  return set.size === 0 ? "latin" : "mixed";
}

function variant(printed: string, kind: ListedName["kind"]): ListedName | null {
  const n = normaliseName(printed);
  if (n.compact === "") return null;
  return { printed, kind, script: scriptOf(printed), key: n.key, words: n.words, compact: n.compact };
}

const AFFILIATE = /^(.*?)\.\s*Affiliated Entit(?:y|ies):\s*(.+)$/i;
const TRAILING_SHORT = /\(([^()]{2,40})\)\s*\.?\s*$/;

/** The names one entry can be found by (deduplicated by normalised key). */
export function namesOf(entry: CslEntry): { names: ListedName[]; affiliateOf: string | null } {
  const out: ListedName[] = [];
  const add = (s: string, kind: ListedName["kind"]): void => {
    const v = variant(s.trim(), kind);
    if (v && !out.some((o) => o.key === v.key)) out.push(v);
  };
  let main = entry.name;
  let affiliateOf: string | null = null;
  const aff = AFFILIATE.exec(main);
  if (aff) {
    affiliateOf = aff[1]!.trim();
    main = aff[2]!.trim();
    add(main, "affiliate");
  } else add(main, "name");
  const short = TRAILING_SHORT.exec(main);
  if (short) {
    add(main.slice(0, short.index), "name");
    add(short[1]!, "short-name");
  }
  // "Name Co., Ltd., City, Province": drop what follows the last company-form segment.
  const segments = main.split(",");
  let lastForm = -1;
  segments.forEach((seg, i) => {
    if (i > 0 && isCompanyFormOnly(seg)) lastForm = i;
  });
  if (lastForm > 0 && lastForm < segments.length - 1) add(segments.slice(0, lastForm + 1).join(","), "name-without-location");
  for (const a of repairAliases(entry.altNames)) add(a, "alias");
  return { names: out, affiliateOf };
}

/** Build the screening list from CSL entries (only the Entity List's, unless `allSources`). */
export function buildScreeningList(file: string, entries: readonly CslEntry[], allSources = false): ScreeningList {
  const parties: ListedParty[] = [];
  for (const entry of entries) {
    if (!allSources && !ENTITY_LIST_SOURCE.test(entry.source)) continue;
    const { names, affiliateOf } = namesOf(entry);
    const countries = [...new Set(entry.addresses.map((a) => a.country).filter((c): c is string => c !== null))];
    parties.push({ index: parties.length, entry, affiliateOf, names, countries });
  }
  return { file, parties };
}

/** Read a CSL file (CSV or JSON form) into a screening list of its Entity List entries. */
export function readEntityList(file: string, label = file): ScreeningList {
  return buildScreeningList(label, readConsolidatedScreeningList(file).entries);
}

/** The Entity List of the data cache (`controls/csl-entity-list-2025-11-08.csv`). */
export function loadCachedEntityList(options: LocateOptions = {}): ScreeningList {
  return readEntityList(sourcePath(ENTITY_LIST_DATASET, options), ENTITY_LIST_DATASET);
}
