import { z } from "zod";
import { DataFileError } from "../common/errors.js";
import { readMetals232Annexes, readReciprocalAnnexII, readSection122Annexes } from "../sources/annexText.js";
import {
  autos232Lists,
  metals232NoteLists,
  note2CodeList,
  note2ParticularArticles,
  noteCodeList,
  reciprocalExemptionLists,
  section122Lists,
  section301ReviewLists,
  section301TradeWarLists,
  semiconductors232List,
  trucks232Lists,
  wood232Lists,
  type Chapter99Notes,
} from "../sources/chapter99Notes.js";
import type { ProductList } from "../sources/productList.js";
import { readSection338List } from "../sources/section338Annexes.js";
import { readUsitcChinaTariffs } from "../sources/usitcChinaTariffs.js";

/**
 * The readers of US lists (notes and annexes: printed codes at their granularity), chosen by the structured `reader`
 * field of a registry entry (ledger/us/product-lists.yaml, by name in the shared reader registry
 * src/ledger/listReaderRegistry.ts), never by matching prose. Each reads the file the entry names (`source.file`).
 */
const NOTE_LISTS: Record<string, (n: Chapter99Notes) => ProductList> = {
  "2(v)(iii)(a)": (n) => reciprocalExemptionLists(n).codes,
  "2(v)(iii)(b)": (n) => reciprocalExemptionLists(n).particularArticles,
  "2(x)(iii)(a)": (n) => note2CodeList(n, "(x)(iii)(a)", "Brazil: subheadings not subject to heading 9903.01.77 (heading 9903.01.81)"),
  "2(x)(iv)": (n) => note2CodeList(n, "(x)(iv)", "Brazil: civil aircraft provisions not subject to heading 9903.01.77 (heading 9903.01.82)"),
  "2(v)(xx)": (n) => note2CodeList(n, "(v)(xx)", "EU: provisions not subject to headings 9903.02.19/.20 (heading 9903.02.74; unavailable natural resources)"),
  "2(v)(xxi)": (n) => note2ParticularArticles(n, "(v)(xxi)", "EU: particular articles not subject to headings 9903.02.19/.20 (heading 9903.02.75)"),
  "2(v)(xxii)": (n) => note2CodeList(n, "(v)(xxii)", "EU: civil aircraft provisions (heading 9903.02.76)"),
  "2(v)(xxiii)": (n) => note2CodeList(n, "(v)(xxiii)", "EU: non-patented pharmaceutical provisions (heading 9903.02.77)"),
  "2(v)(xxiv)(b)": (n) => note2CodeList(n, "(v)(xxiv)(b)", "South Korea: civil aircraft provisions (heading 9903.02.81)"),
  "2(v)(xxv)(b)": (n) => note2CodeList(n, "(v)(xxv)(b)", "Switzerland/Liechtenstein: provisions not subject to the floor headings (headings 9903.02.84/.89)"),
  "2(v)(xxv)(c)": (n) => note2CodeList(n, "(v)(xxv)(c)", "Switzerland/Liechtenstein: civil aircraft provisions (headings 9903.02.85/.90)"),
  "2(v)(xxv)(d)": (n) => note2CodeList(n, "(v)(xxv)(d)", "Switzerland/Liechtenstein: non-patented pharmaceutical provisions (headings 9903.02.86/.91)"),
  "33(i)": (n) => noteCodeList(n, 33, "(i)", "United Kingdom: passenger vehicles of the quota heading 9903.94.31"),
  "33(j)": (n) => noteCodeList(n, 33, "(j)", "United Kingdom: automobile parts of heading 9903.94.32 (statistical reporting numbers)"),
  "30(b)": (n) => noteCodeList(n, 30, "(b)", "Russian Federation: subheadings at 35% in lieu of column 2 (heading 9903.90.08)"),
  "30(d)": (n) => noteCodeList(n, 30, "(d)", "Russian Federation: subheadings at 70% in lieu of column 2 (heading 9903.90.09)"),
  "35(a)": (n) => noteCodeList(n, 35, "(a)", "United Kingdom: civil aircraft provisions (heading 9903.96.01)"),
  "35(b)": (n) => noteCodeList(n, 35, "(b)", "Japan: civil aircraft provisions (heading 9903.96.02)"),
  "2(aa)(ii)": (n) => section122Lists(n).exemptions,
  "2(aa)(iii)": (n) => section122Lists(n).particularArticles,
  "2(aa)(iv)": (n) => section122Lists(n).civilAircraft,
  "33(b)": (n) => autos232Lists(n).vehicles.list,
  "33(g)": (n) => autos232Lists(n).parts.list,
  "37(b)": (n) => wood232Lists(n).timber.list,
  "37(d)": (n) => wood232Lists(n).upholsteredFurniture.list,
  "37(f)": (n) => wood232Lists(n).kitchenCabinets.list,
  "38(b)": (n) => trucks232Lists(n).trucks.list,
  "38(c)": (n) => trucks232Lists(n).buses.list,
  "38(i)": (n) => trucks232Lists(n).parts.list,
  "39(b)": (n) => semiconductors232List(n).list,
  "20(b)": (n) => section301TradeWarLists(n)["20(b)"].list,
  "20(d)": (n) => section301TradeWarLists(n)["20(d)"].list,
  "20(f)": (n) => section301TradeWarLists(n)["20(f)"].list,
  "20(s)(i)": (n) => section301TradeWarLists(n)["20(s)(i)"].list,
};
const NOTE16 = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"].map((r) => `16(c)(${r})`);
export const NOTE_SUBDIVISIONS = [...Object.keys(NOTE_LISTS), ...NOTE16];

/** The arguments of each reader of this module (the file is the registry entry's `source.file`). */
export const printedCodeReaderSchemas = [
  /** A list of provisions printed in a U.S. note subdivision of chapter 99, subchapter III. */
  z.object({ name: z.literal("note-list"), note: z.enum(NOTE_SUBDIVISIONS as [string, ...string[]]) }).strict(),
  /** The products U.S. note 31 assigns to one 9903.91 heading. */
  z.object({ name: z.literal("note-31-heading"), heading: z.string().regex(/^9903\.91\.\d{2}$/) }).strict(),
  /** Annex II to EO 14257 (HTSUS column). */
  z.object({ name: z.literal("reciprocal-annex-ii") }).strict(),
  /** Annex I of Proclamation 11012 (Section 122): one of its lists; `annexII` is the proclamation's Annex II file, read for the scope limitations. */
  z
    .object({ name: z.literal("s122-annex-i"), part: z.enum(["exemptions", "particularArticles", "civilAircraft"]), annexII: z.string().min(1) })
    .strict(),
  /** The USITC table "China Tariffs" (Jan 1, 2020): the subheadings it assigns to one 9903.88 heading. */
  z.object({ name: z.literal("usitc-china-tariffs"), heading: z.string().regex(/^9903\.88\.\d{2}$/) }).strict(),
  /** The 2026 Section 232 metals annexes: one annex by id. */
  z.object({ name: z.literal("metals-annex"), annex: z.enum(["I-A", "I-B", "II", "III", "IV"]) }).strict(),
  /** A 2026 Section 338 (Canada) annex: its Annex I table, or the note 51(b) / 51(d) code grid of its Annex II. */
  z.object({ name: z.literal("s338-annex"), list: z.enum(["annex-i", "note51-b", "note51-d"]) }).strict(),
] as const;
export type ListReader = z.infer<(typeof printedCodeReaderSchemas)[number]>;
export const PRINTED_CODE_READERS: ReadonlySet<string> = new Set(printedCodeReaderSchemas.map((s) => s.shape.name.value));

/** Is a registry entry's reader one of this module's (printed codes)? */
export function isPrintedCodeReader(reader: { name: string }): reader is ListReader {
  return PRINTED_CODE_READERS.has(reader.name);
}

export interface ListReaderContext {
  /** The chapter 99 notes read from a file of the data cache (each file once). */
  notes: (file: string) => Promise<Chapter99Notes>;
  /** Local path of a cached source file. */
  path: (file: string) => string;
}

/** Read the list a registry entry names from the file it names. */
export async function readList(reader: ListReader, file: string, ctx: ListReaderContext): Promise<ProductList> {
  switch (reader.name) {
    case "note-list": {
      const notes = await ctx.notes(file);
      if (reader.note.startsWith("16(c)")) {
        const id = reader.note.slice(2);
        const sub = metals232NoteLists(notes).subdivisions.find((s) => s.id === id);
        if (!sub) throw new DataFileError(file, `note ${reader.note} not found`, { code: "MISSING_LIST" });
        return sub.list;
      }
      return NOTE_LISTS[reader.note]!(notes);
    }
    case "note-31-heading": {
      const h = section301ReviewLists(await ctx.notes(file)).find((x) => x.heading === reader.heading);
      if (!h) throw new DataFileError(file, `note 31 assigns no products to ${reader.heading}`, { code: "MISSING_LIST" });
      return h.list;
    }
    case "reciprocal-annex-ii":
      return readReciprocalAnnexII(ctx.path(file));
    case "s122-annex-i":
      return (await readSection122Annexes(ctx.path(file), ctx.path(reader.annexII))).annex1[reader.part];
    case "usitc-china-tariffs":
      return readUsitcChinaTariffs(ctx.path(file), reader.heading);
    case "metals-annex": {
      const annex = (await readMetals232Annexes(ctx.path(file))).annexes.find((a) => a.id === reader.annex);
      if (!annex) throw new DataFileError(file, `Annex ${reader.annex} not found`, { code: "MISSING_LIST" });
      return annex.list;
    }
    case "s338-annex":
      return readSection338List(ctx.path(file), reader.list);
  }
}

/** Files a reader opens besides `source.file`, as the registry names them (their checksums key the compiled ledger too). */
export function companionFiles(reader: ListReader): string[] {
  return reader.name === "s122-annex-i" ? [reader.annexII] : [];
}
