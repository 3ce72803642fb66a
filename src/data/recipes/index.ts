/**
 * The registry of recipes the manifest may name (`official.recipe`). A new recipe is one module here plus one line
 * in `RECIPES`.
 */
import { asIs } from "./asIs.js";
import { gzipJson } from "./gzipJson.js";
import { censusApiToParquet, censusHs10ToParquet } from "./censusApi.js";
import { pdfToText, pdfToTextGzip } from "./pdfToText.js";
import { htmlToText } from "./htmlToText.js";
import type { Recipe } from "./types.js";

export type { Conversion, Extraction, OfficialForm, Recipe, StoredEncoding } from "./types.js";
export { OFFICIAL_FORMS } from "./types.js";
export { formMismatch } from "./sniff.js";

export const RECIPES: ReadonlyMap<string, Recipe> = new Map(
  [asIs, gzipJson, censusApiToParquet, censusHs10ToParquet, pdfToText, pdfToTextGzip, htmlToText].map((r) => [r.id, r]),
);

/** The recipe named `id`, or undefined. */
export function getRecipe(id: string): Recipe | undefined {
  return RECIPES.get(id);
}
