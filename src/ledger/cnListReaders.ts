import { z } from "zod";
import { DataFileError } from "../common/errors.js";
import type { CnCatalog } from "../schedule/cnCatalog.js";
import type { PiieWorkbook } from "../sources/piieChinaWorkbook.js";
import { readChina2018List, readChinaAnnexText } from "../sources/chinaTariffLists.js";
import { readWaughRetaliation, readWtoTtdChina, type Hs6RateRow } from "../sources/hs6RateTables.js";

/**
 * Readers of China's product lists (`ledger/cn/product-lists.yaml` names one per list, by name in the shared reader
 * registry src/ledger/listReaderRegistry.ts): each turns the list's source file into a value per catalog line (the
 * rate a `fromList` measure applies), with the lines whose code was mapped rather than matched. Codes go to lines by
 * prefix; an HS-8 code the 2018 nomenclature lacks goes to the lines sharing its longest prefix (six digits at least).
 */

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");

/** The arguments of each reader of this module (the file is the registry entry's `source.file`). */
export const lineValueReaderSchemas = [
  /** Columns of the PIIE workbook (sheet "China Tariff Rates"), by header prefix, summed (and negated) per line. */
  z
    .object({
      name: z.literal("piie-column"),
      /** Header prefixes of the columns whose values add up to the list's value. */
      columns: z.array(z.string().min(1)).min(1),
      keep: z.enum(["all", "nonzero"]),
      negate: z.boolean().optional(),
    })
    .strict(),
  /** China's official list of 2018-04-02 (XLSX: code and rate per row). */
  z.object({ name: z.literal("cn-list-xlsx") }).strict(),
  /** An annex of an announcement as text (codes only), every code at `ratePercent`. */
  z.object({ name: z.literal("cn-annex-text"), ratePercent: z.number().positive() }).strict(),
  /** The step of an HS-6 rate table (WTO TTD, the researcher's series) between two dates, where it rises. */
  z.object({ name: z.literal("hs6-step"), table: z.enum(["wto", "waugh"]), from: isoDay, to: isoDay }).strict(),
] as const;
export type CnListReader = z.infer<(typeof lineValueReaderSchemas)[number]>;
export const LINE_VALUE_READERS: ReadonlySet<string> = new Set(lineValueReaderSchemas.map((s) => s.shape.name.value));

export interface ResolvedCnList {
  /** Catalog line index → value (percent). */
  values: Map<number, number>;
  /** Lines reached through a mapped (not matching) code. */
  mapped: Set<number>;
  /** Codes of the list that reached no line. */
  unplaced: string[];
  /** How many codes (or HS-6 headings) the list prints. */
  printed: number;
}

export interface CnListInputs {
  catalog: CnCatalog;
  workbook: PiieWorkbook;
  /** Absolute path of a manifest path in the data cache. */
  locate: (manifestPath: string) => string;
}

/** Catalog line indices per code prefix (HS-6, HS-8), built once per compile. */
export class CnCodeIndex {
  private readonly byPrefix = new Map<string, number[]>();
  constructor(catalog: CnCatalog) {
    catalog.lines.forEach((l, i) => {
      for (const len of [6, 7, 8, 10, 11]) {
        const k = l.code.slice(0, len);
        let arr = this.byPrefix.get(k);
        if (!arr) this.byPrefix.set(k, (arr = []));
        arr.push(i);
      }
    });
  }
  /** Lines a printed code names; `mapped` when only a shorter prefix (7 or 6 digits) matched. */
  lines(code: string): { lines: number[]; mapped: boolean } {
    const exact = this.byPrefix.get(code);
    if (exact) return { lines: exact, mapped: false };
    for (let len = code.length - 1; len >= 6; len--) {
      if (len === 9) continue;
      const hit = this.byPrefix.get(code.slice(0, len));
      if (hit) return { lines: hit, mapped: true };
    }
    return { lines: [], mapped: false };
  }
}

function place(rows: { code: string; value: number }[], index: CnCodeIndex): ResolvedCnList {
  const values = new Map<number, number>();
  const mapped = new Set<number>();
  const unplaced: string[] = [];
  for (const r of rows) {
    const hit = index.lines(r.code);
    if (hit.lines.length === 0) unplaced.push(r.code);
    for (const i of hit.lines) {
      values.set(i, r.value);
      if (hit.mapped) mapped.add(i);
    }
  }
  return { values, mapped, unplaced, printed: rows.length };
}

function piieColumn(reader: Extract<CnListReader, { name: "piie-column" }>, file: string, inputs: CnListInputs): ResolvedCnList {
  const { workbook, catalog } = inputs;
  const cols = reader.columns.map((prefix) => {
    const c = workbook.columns.findIndex((h) => h.startsWith(prefix));
    if (c < 0) throw new DataFileError(file, `no column whose header starts "${prefix.replace(/\n/g, " ")}"`, { position: 'sheet "China Tariff Rates" row 1' });
    return c;
  });
  const lineIndex = new Map(catalog.lines.map((l, i) => [l.code, i]));
  const values = new Map<number, number>();
  for (const line of workbook.lines) {
    let v = 0;
    let empty = false;
    for (const c of cols) {
      const x = line.values[c];
      if (x === null || x === undefined) empty = true;
      else v += x;
    }
    // An empty cell (the "B" part of a compound-rate line) gives the line no value from this column.
    if (empty) continue;
    v = Math.round(v * 1e6) / 1e6;
    if (reader.negate) v = -v;
    if (reader.keep === "nonzero" && v === 0) continue;
    values.set(lineIndex.get(line.hs10)!, v);
  }
  return { values, mapped: new Set(), unplaced: [], printed: values.size };
}

function hs6Step(reader: Extract<CnListReader, { name: "hs6-step" }>, file: string, rows: Hs6RateRow[], index: CnCodeIndex): ResolvedCnList {
  const at = (date: string): Map<string, number> => new Map(rows.filter((r) => r.date === date && r.ratePercent !== null).map((r) => [r.hs6, r.ratePercent!]));
  const before = at(reader.from);
  const after = at(reader.to);
  if (before.size === 0) throw new DataFileError(file, `no rows dated ${reader.from}`);
  if (after.size === 0) throw new DataFileError(file, `no rows dated ${reader.to}`);
  const steps: { code: string; value: number }[] = [];
  for (const [hs6, rate] of after) {
    const was = before.get(hs6);
    if (was === undefined) continue;
    const step = Math.round((rate - was) * 1e6) / 1e6;
    if (step > 0) steps.push({ code: hs6, value: step });
  }
  return place(steps, index);
}

/** Read one list of China's registry: `file` is the entry's `source.file` (a manifest path). */
export async function resolveCnList(
  reader: CnListReader,
  file: string,
  inputs: CnListInputs,
  index: CnCodeIndex,
  tables: Map<string, Hs6RateRow[]>,
): Promise<ResolvedCnList> {
  switch (reader.name) {
    case "piie-column":
      return piieColumn(reader, file, inputs);
    case "cn-list-xlsx": {
      const rows = await readChina2018List(inputs.locate(file), file);
      return place(rows.map((r) => ({ code: r.code, value: r.ratePercent! })), index);
    }
    case "cn-annex-text": {
      const rows = await readChinaAnnexText(inputs.locate(file), file);
      return place(rows.map((r) => ({ code: r.code, value: reader.ratePercent })), index);
    }
    case "hs6-step": {
      let rows = tables.get(file);
      if (!rows) {
        const read = reader.table === "wto" ? readWtoTtdChina : readWaughRetaliation;
        rows = await read(inputs.locate(file), file);
        tables.set(file, rows);
      }
      return hs6Step(reader, file, rows, index);
    }
  }
}
