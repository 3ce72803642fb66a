/**
 * The API's published types: what each endpoint answers (type-only; the dashboard imports these, never server code).
 */
export type { StackJson, StackJsonSingle } from "../engine/stackJson.js";
export type { Stack, StackLine, NeededFact, LegalViewId } from "../engine/stackTypes.js";
export type { HistoryResult, HistoryInterval, LayerChange } from "../engine/history.js";
export type { AverageSeries, AverageRow, AverageStep } from "../analytics/seriesTypes.js";
export type { ScenarioComparison, ComparisonRow } from "../analytics/scenarioCompare.js";
export type { LineReport, HeadingReport } from "../schedule/scheduleLookup.js";
export type { EditionDiff, LegalDate } from "../schedule/editionDiff.js";
export type { HtsSearchHit, HtsSearchResult } from "../schedule/htsSearch.js";
export type { ScenarioInfo, ScenarioPreview } from "./scenarioStore.js";
export type { ApiErrorBody } from "./errors.js";

/** GET /api/hts/editions */
export interface EditionsBody {
  latest: string;
  editions: { id: string; label: string; year: number; revision: number }[];
}

/** GET /api/scenarios */
export interface ScenarioListBody {
  scenarios: import("./scenarioStore.js").ScenarioInfo[];
}

/** GET /api/status */
export interface StatusBody {
  ok: boolean;
  data: {
    present: boolean;
    /** What is wrong with the data (datasets missing or corrupt, a cache that cannot be read), or null. */
    error: string | null;
    /**
     * The datasets missing or corrupt (the first 20), by manifest path, with how they are obtained (`official`: the
     * recipe's id, or "none": a mirror folder only) and what they feed.
     */
    problems: { path: string; group: string; state: "absent" | "corrupt"; official: string; feeds: string }[];
    counts: { total: number; present: number; absent: number; ok: number; mismatch: number; unknown: number };
    groups: { group: string; total: number; present: number; ok: number }[];
    checksums: { algorithm: "sha256"; combined: string; datasets: number };
    /** Datasets by official class: with a recipe (per recipe) or `official: none`. */
    official: { recipe: number; none: number; byRecipe: Record<string, number> };
  };
  ledger: {
    state: "loading" | "ready" | "failed";
    version: string | null;
    coverage: { from: string; to: string } | null;
    reviewedThrough: string | null;
    measures: number | null;
    views: string[];
    /** The view answers use when none is asked for (views.yaml). */
    defaultView: string | null;
    /** The legal views with their menu label and description (views.yaml). */
    viewChoices: { id: string; label: string; description: string }[];
    issuer: string | null;
    /** The issuer's authorities with label and colour (issuer.yaml), in stacking order. */
    authorities: { id: string; label: string; colour: string }[];
    origins: string[];
    /** Every origin the project knows: ISO id for stacks, Census partner code for averages (null: no 2024 imports). */
    originChoices: { id: string; name: string; partner: string | null; coverage: "full" | "partial" }[];
    fromCache: boolean | null;
    error: string | null;
  };
  editions: { count: number; first: string; last: string };
  /** The weight sets an average can use (src/analytics/weights.ts), with a menu label. */
  weightSets: { name: string; label: string; year: number; description: string }[];
  /** The entry facts the engine knows, with their meaning, value form and default. */
  entryFacts: { key: string; meaning: string; form: string; defaultUsed: string }[];
  server: { startedAt: string; node: string };
}
