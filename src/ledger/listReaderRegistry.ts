import { z } from "zod";
import { printedCodeReaderSchemas, PRINTED_CODE_READERS } from "./listReaders.js";
import { lineValueReaderSchemas, LINE_VALUE_READERS } from "./cnListReaders.js";

/**
 * The one reader registry of every issuer's product lists: a registry entry (`product-lists.yaml`, `reader: { name,
 * … }`) names its reader here and gives its arguments. Each reader lives in its own module and yields one of two
 * forms:
 * - `printed-codes`: the codes a text prints, at their granularity (notes, annexes of the US schedule;
 *   src/ledger/listReaders.ts), matched by prefix when a stack is resolved;
 * - `line-values`: a value per line of the issuer's catalog (a rate per tariff line, read from a workbook column, an
 *   official list, an annex or a step of a rate table; src/ledger/cnListReaders.ts), the values a `fromList` rate reads.
 * An issuer's compiler places the forms its catalog takes and refuses the others, naming the list.
 */
export const listReaderSchema = z.discriminatedUnion("name", [...printedCodeReaderSchemas, ...lineValueReaderSchemas]);
export type AnyListReader = z.infer<typeof listReaderSchema>;

export type ListReaderYield = "printed-codes" | "line-values";

export function readerYield(name: string): ListReaderYield {
  if (PRINTED_CODE_READERS.has(name)) return "printed-codes";
  if (LINE_VALUE_READERS.has(name)) return "line-values";
  throw new Error(`no list reader named "${name}"`);
}
