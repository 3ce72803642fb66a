import { createHash } from "node:crypto";
import { DataFileError } from "../common/errors.js";
import { sourcePath } from "../data/locate.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { cachedChecksums } from "../data/verify.js";
import { readChapter99Notes, type Chapter99Notes } from "../sources/chapter99Notes.js";
import { companionFiles, isPrintedCodeReader, readList, type ListReaderContext } from "./listReaders.js";
import type { ProductListEntry as RegistryEntry } from "./eventFiles.js";

/**
 * Product lists resolved from their official source: the registry (ledger/us/product-lists.yaml) names each list, its
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

/** Resolve every registry list to its codes, reading each source once. */
export async function resolveProductLists(registry: Map<string, RegistryEntry>, cacheDir?: string): Promise<Map<string, ResolvedList>> {
  const notesByFile = new Map<string, Promise<Chapter99Notes>>();
  const ctx: ListReaderContext = {
    path: (rel) => sourcePath(rel, { cacheDir }),
    notes: (rel) => {
      let p = notesByFile.get(rel);
      if (!p) {
        p = readChapter99Notes(sourcePath(rel, { cacheDir }));
        notesByFile.set(rel, p);
      }
      return p;
    },
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
    const reader = entry.reader!;
    if (!isPrintedCodeReader(reader)) {
      throw new DataFileError(entry.source.file, `list "${entry.id}": reader "${reader.name}" yields values per catalog line, which this issuer's catalog does not place (a reader of printed codes is needed)`, { code: "BAD_LEDGER_FILE" });
    }
    const list = await readList(reader, entry.source.file, ctx);
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
      throw new DataFileError("ledger/us/product-lists.yaml", `list "${entry.id}": derives from "${id}", which is not a note, annex or codes list of the registry`, { code: "BAD_LEDGER_FILE" });
    }
    return l.codes;
  };
  const d = entry.derive!;
  const step = (s: NonNullable<RegistryEntry["derive"]>["add"][number], verb: string): string[] => {
    const others = s.notIn.flatMap(get);
    const picked = [...new Set(s.lists.flatMap(get))].filter((c) => !coveredBy(c, others) && (!s.chapters || s.chapters.includes(c.slice(0, 2))));
    if (s.expectCount !== undefined && picked.length !== s.expectCount) {
      throw new DataFileError("ledger/us/product-lists.yaml", `list "${entry.id}": the step that ${verb} codes (${s.why}) finds ${picked.length} codes, the text states ${s.expectCount}`, { code: "BAD_LEDGER_FILE" });
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
  const files = [
    ...new Set(
      [...registry.values()].filter((e) => e.reader !== undefined).flatMap((e) => [e.source.file, ...(isPrintedCodeReader(e.reader!) ? companionFiles(e.reader) : [])]),
    ),
  ].sort();
  const dir = resolveCacheDir({ dir: cacheDir });
  for (const f of files) sourcePath(f, { cacheDir: dir }); // a missing source is a MISSING_DATASET error
  const sums = await cachedChecksums(dir, files);
  return createHash("sha256")
    .update(files.map((f, i) => `${f}\0${sums[i]}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
}
