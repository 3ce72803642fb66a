import { checkEntryFacts, type EntryFacts } from "../engine/entryFacts.js";
import { VIEW_ID_PATTERN } from "../ledger/legalViews.js";
import { daysBetween, type LegalDay } from "../common/legalDate.js";
import { WEIGHT_SETS } from "../analytics/weights.js";
import { ApiError } from "./errors.js";
import { SCENARIO_NAME } from "./scenarioStore.js";
import { MAX_SERIES_DAYS } from "../analytics/averageSeries.js";

/** Query parameters shared by several routes: their schemas (for validation and the OpenAPI document) and readers. */

/** Longest range a series may ask for: about ten years of days (the ledger's coverage, 2018 onward). */
/** The longest range a request may ask for: the library's own series limit. */
export const MAX_RANGE_DAYS = MAX_SERIES_DAYS;

export const P = {
  hts: {
    type: "string",
    minLength: 2,
    maxLength: 16,
    pattern: "^[0-9][0-9. ]*$",
    description:
      "HTS code: 8703.80.00, 8703800020 (2–10 digits, dots optional). An 8-digit code answers for its statistical lines.",
  },
  origin: {
    type: "string",
    minLength: 2,
    maxLength: 40,
    pattern: "^[A-Za-z0-9 .'-]+$",
    default: "CN",
    description: "Country of origin: ISO code (CN, HK, MO, …), name or Census code. Default CN.",
  },
  date: {
    type: "string",
    format: "date",
    maxLength: 10,
    description: "Legal day of entry for consumption, YYYY-MM-DD.",
  },
  from: {
    type: "string",
    format: "date",
    maxLength: 10,
    description: "First day, YYYY-MM-DD (default: start of coverage).",
  },
  to: {
    type: "string",
    format: "date",
    maxLength: 10,
    description: "Last day included, YYYY-MM-DD (default: end of coverage).",
  },
  value: {
    type: "number",
    minimum: 0,
    maximum: 1e13,
    description: "Customs (entered) value in US dollars: amounts are computed on it.",
  },
  view: {
    type: "string",
    pattern: VIEW_ID_PATTERN,
    description:
      "Legal view of the ledger (views.yaml; `/api/status` lists them): e.g. collected, or adjudicated (IEEPA duties void and refundable). Default: the ledger's default view.",
  },
  fact: {
    type: "array",
    maxItems: 12,
    items: { type: "string", maxLength: 200, pattern: "^[A-Za-z0-9]+=.*$" },
    description:
      "Entry fact key=value, repeatable: steelShare, aluminumShare, copperShare, metalWeightShare, usContentShare, loadedOnVessel, chapter98, s301ExclusionClaimed, certifications.",
  },
  weights: {
    type: "string",
    enum: WEIGHT_SETS.map((w) => w.name),
    default: "census-2024",
    description: `Trade weights: ${WEIGHT_SETS.map((w) => `${w.name} (${w.description.split(".")[0]})`).join("; ")}.`,
  },
  scenario: {
    type: "array",
    maxItems: 4,
    items: { type: "string", pattern: SCENARIO_NAME, maxLength: 80 },
    description:
      "Scenario applied to the ledger, repeatable: a shipped scenario's name (see /api/scenarios) or the ref an upload to /api/scenario/preview returned.",
  },
  edition: {
    type: "string",
    maxLength: 40,
    pattern: "^[A-Za-z0-9][A-Za-z0-9 _-]*(\\.json(\\.gz)?)?$",
    description: 'HTS edition: 2026_rev_10, 2025_basic, "2025 Revision 13" (default: the latest stored edition).',
  },
} as const;

/** The entry facts of `value` and `fact=key=value` parameters, checked by the library. */
export function factsOf(q: { value?: number; fact?: string[] }): EntryFacts {
  const obj: Record<string, unknown> = {};
  for (const pair of q.fact ?? []) {
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq).trim();
    if (key === "value")
      throw new ApiError(400, "BAD_PARAMETER", "fact: give the value as value=, not fact=value=…", "fact");
    obj[key] = pair.slice(eq + 1).trim();
  }
  if (q.value !== undefined) obj.value = q.value;
  return checkEntryFacts(obj);
}

/** A [from, to] range inside the coverage and at most MAX_RANGE_DAYS long. */
export function checkRange(from: LegalDay, to: LegalDay, coverage: { from: LegalDay; to: LegalDay }): void {
  if (from > to) throw new ApiError(400, "BAD_RANGE", `from: ${from} is after to ${to}`, "from");
  const span = daysBetween(from, to) + 1;
  if (span > MAX_RANGE_DAYS) {
    throw new ApiError(
      400,
      "RANGE_TOO_LONG",
      `to: ${span} days asked; a series covers at most ${MAX_RANGE_DAYS} days (about ten years)`,
      "to",
    );
  }
  if (from < coverage.from || to > coverage.to) {
    throw new ApiError(
      400,
      "DATE_OUT_OF_COVERAGE",
      `${from < coverage.from ? "from" : "to"}: the ledger covers ${coverage.from} to ${coverage.to}`,
      from < coverage.from ? "from" : "to",
    );
  }
}
