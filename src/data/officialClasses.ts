/**
 * The two classes of datasets by official source: those a recipe fetches from their publisher (by recipe), and those
 * with `official: none`, which come from a mirror folder only (with why, and what a user loses without them).
 */
import { officialRecipe, type SourceEntry } from "./manifest.js";

/** The official class of one dataset: its recipe's id, or "none". */
export function officialClassOf(entry: SourceEntry): string {
  return officialRecipe(entry)?.recipe ?? "none";
}

/** Counts of a set of datasets by official class. */
export interface OfficialCounts {
  /** Datasets with an official recipe. */
  recipe: number;
  /** Datasets with `official: none`. */
  none: number;
  /** Datasets per recipe id. */
  byRecipe: Record<string, number>;
}

/** Count `entries` by official class. */
export function countOfficialClasses(entries: readonly SourceEntry[]): OfficialCounts {
  const byRecipe: Record<string, number> = {};
  let none = 0;
  for (const e of entries) {
    const cls = officialClassOf(e);
    if (cls === "none") none++;
    else byRecipe[cls] = (byRecipe[cls] ?? 0) + 1;
  }
  return { recipe: entries.length - none, none, byRecipe };
}

/** One line for people: "214 from their publishers by recipe (gzip-json 44, …), 118 official: none (mirror only)". */
export function describeOfficialCounts(c: OfficialCounts): string {
  const recipes = Object.entries(c.byRecipe)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([id, n]) => `${id} ${n}`)
    .join(", ");
  return `official sources: ${c.recipe} from their publishers by recipe${recipes ? ` (${recipes})` : ""}, ${c.none} official: none (from a mirror folder only)`;
}
