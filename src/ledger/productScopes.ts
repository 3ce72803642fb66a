import { createHash } from "node:crypto";
import { DataFileError } from "../common/errors.js";
import { sourcePath } from "../data/locate.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { cachedChecksums } from "../data/verify.js";
import { readMetals232Annexes, readReciprocalAnnexII, readSection122Annexes } from "../sources/annexText.js";
import {
  autos232Lists,
  metals232NoteLists,
  readChapter99Notes,
  reciprocalExemptionLists,
  section122Lists,
  section301ReviewLists,
  semiconductors232List,
  trucks232Lists,
  wood232Lists,
  type Chapter99Notes,
} from "../sources/chapter99Notes.js";
import type { ProductList } from "../sources/productList.js";
import type { ProductListEntry as RegistryEntry } from "./eventFiles.js";

/**
 * Product lists resolved from their official source: the registry (ledger/product-lists.yaml) names each list, its
 * source file and subdivision; this module reads that subdivision with the matching reader. A registry entry whose
 * source has no reader here is an error naming the list, never an empty list.
 */
export interface ResolvedList {
  id: string;
  title: string;
  /** Printed codes (digits) at their printed granularity. */
  codes: string[];
  source: { file: string; where: string; lines?: [number, number] };
}

const NOTES_FILE = "us/hts-notes/chapter99_2026_rev_6.txt.gz";
const RECIPROCAL_ANNEX_II = "us/annexes/reciprocal-2025-annex-2.txt";
const S122_ANNEX_1 = "us/annexes/section122-2026-annex-1.txt";
const S122_ANNEX_2 = "us/annexes/section122-2026-annex-2.txt";
const METALS_ANNEXES = "us/annexes/section232-metals-2026-annexes.txt";

/** Source files the readers may open (their checksums key the compiled ledger). */
export const LIST_SOURCE_FILES = [NOTES_FILE, RECIPROCAL_ANNEX_II, S122_ANNEX_1, S122_ANNEX_2, METALS_ANNEXES];

interface ReaderContext {
  notes: () => Promise<Chapter99Notes>;
  path: (rel: string) => string;
}

type Reader = (ctx: ReaderContext) => Promise<ProductList>;

const NOTE16_SUBDIVISIONS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];

/** Readers by the source subdivision a registry entry names ("note 2(v)(iii)(a)", "Annex I-A", …), normalised. */
function readerFor(entry: RegistryEntry): Reader | undefined {
  const where = entry.source.where.toLowerCase().replace(/\s+/g, " ");
  const file = entry.source.file;
  const has = (s: string): boolean => where.includes(s);
  if (file === NOTES_FILE || file.startsWith("us/hts-notes/")) {
    if (has("2(v)(iii)(a)")) return async (c) => reciprocalExemptionLists(await c.notes()).codes;
    if (has("2(v)(iii)(b)")) return async (c) => reciprocalExemptionLists(await c.notes()).particularArticles;
    if (has("2(aa)(ii)")) return async (c) => section122Lists(await c.notes()).exemptions;
    if (has("2(aa)(iii)")) return async (c) => section122Lists(await c.notes()).particularArticles;
    if (has("2(aa)(iv)")) return async (c) => section122Lists(await c.notes()).civilAircraft;
    if (has("33(b)")) return async (c) => autos232Lists(await c.notes()).vehicles.list;
    if (has("33(g)")) return async (c) => autos232Lists(await c.notes()).parts.list;
    if (has("37(b)")) return async (c) => wood232Lists(await c.notes()).timber.list;
    if (has("37(d)")) return async (c) => wood232Lists(await c.notes()).upholsteredFurniture.list;
    if (has("37(f)")) return async (c) => wood232Lists(await c.notes()).kitchenCabinets.list;
    if (has("38(b)")) return async (c) => trucks232Lists(await c.notes()).trucks.list;
    if (has("38(c)")) return async (c) => trucks232Lists(await c.notes()).buses.list;
    if (has("38(i)")) return async (c) => trucks232Lists(await c.notes()).parts.list;
    if (has("39(b)")) return async (c) => semiconductors232List(await c.notes()).list;
    const n16 = /16\(c\)\(([ivx]+)\)/.exec(where);
    if (n16 && NOTE16_SUBDIVISIONS.includes(n16[1]!)) {
      return async (c) => {
        const sub = metals232NoteLists(await c.notes()).subdivisions.find((s) => s.id === `(c)(${n16[1]})`);
        if (!sub) throw new DataFileError(file, `note 16(c)(${n16[1]}) not found`, { code: "MISSING_LIST" });
        return sub.list;
      };
    }
    const n31 = /(9903\.91\.\d{2})/.exec(entry.source.where) ?? /(9903\.91\.\d{2})/.exec(entry.title);
    if (has("note 31") && n31) {
      return async (c) => {
        const h = section301ReviewLists(await c.notes()).find((x) => x.heading === n31[1]);
        if (!h) throw new DataFileError(file, `note 31 assigns no products to ${n31[1]}`, { code: "MISSING_LIST" });
        return h.list;
      };
    }
  }
  if (file === RECIPROCAL_ANNEX_II) return async (c) => readReciprocalAnnexII(c.path(RECIPROCAL_ANNEX_II));
  if (file === S122_ANNEX_1 || file === S122_ANNEX_2) {
    const pick = has("particular") || has("(iii)") ? "particularArticles" : has("aircraft") || has("(iv)") ? "civilAircraft" : "exemptions";
    return async (c) => (await readSection122Annexes(c.path(S122_ANNEX_1), c.path(S122_ANNEX_2))).annex1[pick];
  }
  if (file === METALS_ANNEXES) {
    const m = /annex (i-a|i-b|iii|ii|iv)\b/.exec(where);
    if (m) {
      const id = m[1]!.toUpperCase();
      return async (c) => {
        const annex = (await readMetals232Annexes(c.path(METALS_ANNEXES))).annexes.find((a) => a.id === id);
        if (!annex) throw new DataFileError(file, `Annex ${id} not found`, { code: "MISSING_LIST" });
        return annex.list;
      };
    }
  }
  return undefined;
}

/** Resolve every registry list to its codes, reading each source once. */
export async function resolveProductLists(registry: Map<string, RegistryEntry>, cacheDir?: string): Promise<Map<string, ResolvedList>> {
  let notes: Promise<Chapter99Notes> | undefined;
  const ctx: ReaderContext = {
    path: (rel) => sourcePath(rel, { cacheDir }),
    notes: () => (notes ??= readChapter99Notes(sourcePath(NOTES_FILE, { cacheDir }))),
  };
  const out = new Map<string, ResolvedList>();
  for (const entry of registry.values()) {
    if (entry.kind === "derived") continue;
    if (entry.kind === "codes") {
      out.set(entry.id, {
        id: entry.id,
        title: entry.title,
        codes: (entry.codes ?? []).map((c) => c.replace(/\D/g, "")),
        source: entry.source,
      });
      continue;
    }
    const reader = readerFor(entry);
    if (!reader) {
      throw new DataFileError("ledger/product-lists.yaml", `list "${entry.id}": no reader for ${entry.source.file} (${entry.source.where})`, {
        code: "BAD_LEDGER_FILE",
      });
    }
    const list = await reader(ctx);
    if (list.entries.length === 0) {
      throw new DataFileError(entry.source.file, `list "${entry.id}" (${entry.source.where}) has no entries`, { code: "MISSING_LIST" });
    }
    out.set(entry.id, {
      id: entry.id,
      title: entry.title,
      codes: [...new Set(list.entries.map((e) => e.code))],
      source: { file: entry.source.file, where: list.source.where, ...(list.source.lines ? { lines: list.source.lines } : {}) },
    });
  }
  for (const entry of registry.values()) if (entry.kind === "derived") out.set(entry.id, deriveList(entry, out));
  return out;
}

/** Is `code` covered by a list of printed codes (one is a prefix of the other)? */
function coveredBy(code: string, codes: string[]): boolean {
  return codes.some((c) => code.startsWith(c) || c.startsWith(code));
}

/** Rebuild a dated state of a list from other lists and the dated changes named in `derive` (set algebra). */
function deriveList(entry: RegistryEntry, resolved: Map<string, ResolvedList>): ResolvedList {
  const get = (id: string): string[] => {
    const l = resolved.get(id);
    if (!l) {
      throw new DataFileError("ledger/product-lists.yaml", `list "${entry.id}": derives from "${id}", which is not a note, annex or codes list of the registry`, { code: "BAD_LEDGER_FILE" });
    }
    return l.codes;
  };
  const d = entry.derive!;
  const step = (s: NonNullable<RegistryEntry["derive"]>["add"][number], verb: string): string[] => {
    const others = s.notIn.flatMap(get);
    const picked = [...new Set(s.lists.flatMap(get))].filter((c) => !coveredBy(c, others) && (!s.chapters || s.chapters.includes(c.slice(0, 2))));
    if (s.expectCount !== undefined && picked.length !== s.expectCount) {
      throw new DataFileError("ledger/product-lists.yaml", `list "${entry.id}": the step that ${verb} codes (${s.why}) finds ${picked.length} codes, the text states ${s.expectCount}`, { code: "BAD_LEDGER_FILE" });
    }
    return picked;
  };
  const codes = new Set(d.from.flatMap(get));
  for (const s of d.remove) for (const c of step(s, "removes")) codes.delete(c);
  for (const s of d.add) for (const c of step(s, "adds")) codes.add(c);
  return { id: entry.id, title: entry.title, codes: [...codes].sort(), source: entry.source };
}

/** A key over the list source files that the registry uses (for the compiled-ledger cache). */
export async function listSourcesKey(registry: Map<string, RegistryEntry>, cacheDir?: string): Promise<string> {
  const files = [...new Set([...registry.values()].filter((e) => e.kind === "note" || e.kind === "annex").map((e) => e.source.file))].sort();
  const dir = resolveCacheDir({ dir: cacheDir });
  for (const f of files) sourcePath(f, { cacheDir: dir }); // a missing source is a MISSING_DATASET error
  const sums = await cachedChecksums(dir, files);
  return createHash("sha256")
    .update(files.map((f, i) => `${f}\0${sums[i]}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
}
