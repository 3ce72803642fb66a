import { AUTHORITIES } from "../ledger/measureSchema.js";
import { VIEW_ID_PATTERN } from "../ledger/legalViews.js";
import type { JsonSchema } from "./http.js";

/** Response schemas (OpenAPI components) of the API: the JSON the library's types produce, field by field. */

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const str: JsonSchema = { type: "string" };
const num: JsonSchema = { type: "number" };
const int: JsonSchema = { type: "integer" };
const bool: JsonSchema = { type: "boolean" };
const day: JsonSchema = { type: "string", format: "date" };
const strings: JsonSchema = { type: "array", items: str };
const numberMap: JsonSchema = { type: "object", additionalProperties: num };
const obj = (
  properties: Record<string, JsonSchema>,
  required: string[] = Object.keys(properties),
  extra = false,
): JsonSchema => ({
  type: "object",
  properties,
  required,
  additionalProperties: extra,
});
const nullable = (s: JsonSchema): JsonSchema => ({ oneOf: [s, { type: "null" }] });

const authority: JsonSchema = { type: "string", description: `One of ${AUTHORITIES.join(", ")} (more may be added).` };
const instrument = nullable(obj({ id: str, title: str, url: str }));
/** A legal view id of the ledger (views.yaml); checked by the library against the ledger's views. */
const view: JsonSchema = { type: "string", pattern: VIEW_ID_PATTERN };

const sourceRef: JsonSchema = {
  oneOf: [
    obj({ file: str, where: str }),
    obj({ changeRecord: str, item: str, effective: day }, ["changeRecord", "item"]),
    obj({ edition: str, file: str, row: int }),
  ],
};

const StackLine = obj(
  {
    heading: str,
    authority,
    program: str,
    role: { type: "string", enum: ["base", "duty", "exemption"] },
    ratePercent: { type: ["number", "null"] },
    rateText: str,
    valueBase: { type: "string", enum: ["full", "metal-content", "non-metal-content", "non-us-content"] },
    valueShare: num,
    effectivePercent: num,
    amount: num,
    instrument,
    window: obj({ from: day, to: day }, ["from"]),
    status: { type: "string", enum: ["in-force", "suspended", "void", "announced"] },
    refundable: bool,
    measureId: str,
    sources: { type: "array", items: sourceRef },
    uncertain: str,
    note: str,
  },
  [
    "heading",
    "authority",
    "program",
    "role",
    "ratePercent",
    "rateText",
    "valueBase",
    "valueShare",
    "effectivePercent",
    "instrument",
    "window",
    "status",
    "sources",
  ],
);

const stackProperties: Record<string, JsonSchema> = {
  hts: str,
  description: str,
  legalLine: str,
  origin: str,
  date: day,
  view,
  edition: str,
  lines: { type: "array", items: ref("StackLine") },
  totalPercent: num,
  additionalPercent: num,
  totalAmount: num,
  refundablePercent: num,
  refundableAmount: num,
  needsFacts: { type: "array", items: obj({ fact: str, why: str, defaultUsed: str }) },
  uncertain: { type: "array", items: obj({ measure: str, heading: str, reason: str }) },
  coverage: obj({ level: { type: "string", enum: ["full", "partial"] }, missing: strings }),
  announced: bool,
  notes: strings,
  ledgerVersion: str,
};
const stackRequired = Object.keys(stackProperties).filter((k) => k !== "totalAmount" && k !== "refundableAmount");

const Stack = obj(stackProperties, stackRequired);

const StackSingle = {
  ...obj({ ...stackProperties, statisticalLines: strings }, [...stackRequired, "statisticalLines"]),
  description:
    "One stack (every statistical line under the code shares it), with those lines. Exactly what `tariffscope stack --json` prints.",
};

const StackSplit = {
  ...obj({
    kind: { const: "split" },
    code: str,
    variants: { type: "array", items: obj({ codes: strings, stack: ref("Stack") }) },
  }),
  description: "The statistical lines under the code have different stacks: one variant per group of lines.",
};

const HistoryInterval = obj({
  from: day,
  to: day,
  totalPercent: num,
  additionalPercent: num,
  byAuthority: numberMap,
  lines: {
    type: "array",
    items: obj(
      {
        heading: str,
        authority,
        ratePercent: { type: ["number", "null"] },
        valueShare: num,
        effectivePercent: num,
        role: str,
        refundable: bool,
      },
      ["heading", "authority", "ratePercent", "valueShare", "effectivePercent", "role"],
    ),
  },
  changes: { type: "array", items: obj({ authority: str, heading: str, before: num, after: num, instrument }) },
  uncertain: strings,
  needsFacts: strings,
});

const History = obj(
  {
    hts: str,
    origin: str,
    from: day,
    to: day,
    view,
    intervals: { type: "array", items: ref("HistoryInterval") },
    statisticalLines: { type: "array", items: str },
    variants: {
      type: "array",
      items: obj({ codes: { type: "array", items: str }, intervals: { type: "array", items: ref("HistoryInterval") } }),
    },
    ledgerVersion: str,
  },
  ["hts", "origin", "from", "to", "view", "intervals", "statisticalLines", "ledgerVersion"],
);

const AverageRow = obj({
  date: day,
  totalPercent: num,
  additionalPercent: num,
  byAuthority: numberMap,
  coveragePercent: num,
  simplePercent: num,
  needsFactsLines: int,
  uncertainLines: int,
});

const AverageSeries = obj(
  {
    origin: str,
    weights: str,
    view,
    rows: { type: "array", items: ref("AverageRow") },
    steps: {
      type: "array",
      items: obj({
        date: day,
        totalPercent: num,
        deltaPercent: num,
        byAuthorityDelta: numberMap,
        instruments: { type: "array", items: obj({ id: str, title: str, url: str }) },
      }),
    },
    unmatchedValue: num,
    totalValue: num,
    priorBase: {
      ...obj({
        periods: { type: "array", items: obj({ from: day, to: day, dataset: str }) },
        unplacedValue: num,
        unplacedLines: int,
        uncertainValue: num,
        codes: { type: "array", items: obj({ hts8: str, value: num, reason: str }) },
      }),
      description:
        "When the range has days whose base rate is read from an earlier tariff database (ledger/us/base-schedules.yaml): the import value on lines the concordance cannot place (no base rate on those days, never counted as free) and on lines placed with differing candidate rates.",
    },
    ledgerVersion: str,
    scenarios: strings,
    authorities: { type: "array", items: obj({ id: str, label: str, colour: str }), description: "The issuer's authorities in stacking order, with label and colour (issuer.yaml)." },
  },
  ["origin", "weights", "view", "rows", "steps", "unmatchedValue", "totalValue", "ledgerVersion", "scenarios", "authorities"],
  true,
);

const ComparisonRow = obj({
  date: day,
  baselinePercent: num,
  scenarioPercent: num,
  deltaPercent: num,
  byAuthorityDelta: numberMap,
});
const scenarioSource = obj({ title: str, url: str, date: day }, ["title"]);

const Comparison = obj(
  {
    scenarios: { type: "array", items: obj({ name: str, file: str, description: str, source: scenarioSource }) },
    window: {
      ...obj({ from: day, to: day, days: int, reviewedThrough: day }),
      description: "The days every figure is computed over (both ends included), and the ledger's review date.",
    },
    baseline: ref("AverageSeries"),
    scenario: ref("AverageSeries"),
    steps: {
      type: "array",
      items: ref("ComparisonRow"),
      description: "Days on which either series changes, with the difference.",
    },
    largest: {
      ...ref("ComparisonRow"),
      description: "The day of the largest absolute difference (absent for an empty range).",
    },
    meanDeltaPercent: num,
  },
  ["scenarios", "window", "baseline", "scenario", "steps", "meanDeltaPercent"],
);

const SearchResult = obj({
  query: str,
  mode: { type: "string", enum: ["code", "words"] },
  total: int,
  edition: str,
  hits: {
    type: "array",
    items: obj({ code: str, title: str, description: str, path: strings, level: int, current: bool, lastEdition: str }),
  },
});

const rateSummary = obj({ text: str, parsed: { type: "object" }, summary: str });

const LineReport = obj({
  edition: str,
  code: str,
  description: str,
  ancestors: { type: "array", items: obj({ code: str, description: str }) },
  legalLine: str,
  baseRate: rateSummary,
  column2: rateSummary,
  footnotes: {
    type: "array",
    items: obj({ column: str, text: str, headings: strings, partialCoverage: bool, onRow: str }),
  },
  chapter99: { type: "array", items: obj({ heading: str, general: str, summary: str, description: str }) },
  statisticalLines: { type: "array", items: obj({ code: str, description: str, chapter99: strings }) },
  source: obj({ file: str, row: int }),
  specialChapter: nullable(obj({ chapter: str, note: str })),
});

const legalDate = obj({ date: day, nature: str, source: str });
const HeadingReport = obj({
  heading: str,
  edition: str,
  general: rateSummary,
  other: obj({ text: str, summary: str }),
  parsed: { type: "object", description: "The heading text as parsed: scope, exceptions, windows, compiler's notes." },
  history: {
    type: "array",
    items: obj({
      fromEdition: str,
      toEdition: str,
      general: str,
      summary: str,
      legalDates: { type: "array", items: legalDate },
      textChanged: bool,
    }),
  },
  appearsIn: int,
  source: obj({ file: str, row: int }),
});

const diffDates = { type: "array", items: obj({ edition: str, date: day, nature: str, source: str }) };
const EditionDiff = obj({
  from: str,
  to: str,
  headings: obj({
    added: { type: "array", items: obj({ heading: str, general: str, description: str, legalDates: diffDates }) },
    removed: { type: "array", items: obj({ heading: str, general: str, legalDates: diffDates }) },
    changed: {
      type: "array",
      items: obj({
        heading: str,
        before: str,
        after: str,
        rateChanged: bool,
        textChanged: bool,
        legalDates: diffDates,
      }),
    },
  }),
  lines: obj({
    established: { type: "array", items: obj({ code: str, description: str, legalDates: diffDates }) },
    discontinued: { type: "array", items: obj({ code: str, legalDates: diffDates }) },
    baseRateChanged: {
      type: "array",
      items: obj({ code: str, legalLine: str, before: str, after: str, legalDates: diffDates }),
    },
  }),
  editionsWithoutRecord: strings,
});

const Editions = obj({
  latest: str,
  editions: { type: "array", items: obj({ id: str, label: str, year: int, revision: int }) },
});

const Status = obj({
  ok: bool,
  data: obj({
    present: bool,
    error: { type: ["string", "null"] },
    problems: {
      type: "array",
      items: obj({ path: str, group: str, state: { type: "string", enum: ["absent", "corrupt"] }, official: str, feeds: str }),
    },
    counts: obj({ total: int, present: int, absent: int, ok: int, mismatch: int, unknown: int }),
    groups: { type: "array", items: obj({ group: str, total: int, present: int, ok: int }) },
    checksums: obj({ algorithm: { const: "sha256" }, combined: str, datasets: int }),
    official: obj({ recipe: int, none: int, byRecipe: { type: "object", additionalProperties: int } }),
  }),
  ledger: obj({
    state: { type: "string", enum: ["loading", "ready", "failed"] },
    version: { type: ["string", "null"] },
    coverage: nullable(obj({ from: day, to: day })),
    reviewedThrough: { type: ["string", "null"] },
    measures: { type: ["integer", "null"] },
    views: strings,
    defaultView: { type: ["string", "null"] },
    viewChoices: { type: "array", items: obj({ id: str, label: str, description: str }) },
    issuer: { type: ["string", "null"] },
    authorities: { type: "array", items: obj({ id: str, label: str, colour: str }) },
    origins: strings,
    originChoices: {
      type: "array",
      items: obj({ id: str, name: str, partner: { type: ["string", "null"] }, coverage: { type: "string", enum: ["full", "partial"] } }),
    },
    fromCache: { type: ["boolean", "null"] },
    error: { type: ["string", "null"] },
  }),
  editions: obj({ count: int, first: str, last: str }),
  entryFacts: { type: "array", items: obj({ key: str, meaning: str, form: str, defaultUsed: str }) },
  weightSets: { type: "array", items: obj({ name: str, label: str, year: int, description: str }) },
  server: obj({ startedAt: { type: "string", format: "date-time" }, node: str }),
});

const ScenarioList = obj({
  scenarios: {
    type: "array",
    items: obj({
      name: { type: "string", description: "What `scenario=` takes." },
      title: { type: ["string", "null"] },
      description: { type: ["string", "null"] },
      source: nullable(scenarioSource),
      edits: int,
      file: str,
      bytes: int,
      sha256: str,
      error: { type: ["string", "null"], description: "Why the file does not validate, when it does not." },
    }),
  },
});

const ScenarioPreview = obj({
  ref: { type: "string", description: "Pass as `scenario=` while the server runs." },
  title: str,
  description: str,
  source: scenarioSource,
  view: { type: ["string", "null"] },
  edits: int,
  format: { type: "string", enum: ["yaml", "json"] },
  bytes: int,
  sha256: str,
  content: { type: "object", description: "The scenario as validated: name, description, source, view, edits." },
});

const Error = obj({
  error: obj({
    code: {
      type: "string",
      description:
        "Stable code: UNKNOWN_PARAMETER, BAD_PARAMETER, MALFORMED_DATE, UNKNOWN_CODE, RANGE_TOO_LONG, NOT_READY…",
    },
    message: str,
    field: { type: ["string", "null"], description: "The parameter or field at fault." },
    suggestions: strings,
  }),
});

const AllPartnerOrigin = obj(
  {
    partner: { type: "string", description: "Census partner code." },
    origin: { type: "string", description: "ISO code the partner's goods were resolved as (ZZ: no ISO code, country blankets only)." },
    name: str,
    value: { type: "number", description: "Import value placed on lines of the edition (2024 USD)." },
    totalPercent: { type: "number", description: "The partner's own average total duty on the day." },
    contributionPercent: { type: "number", description: "Its contribution to the all-partner total (points)." },
    preferenceShare: { type: "number", description: "Share of its placed value estimated to claim a preference program (its own, e.g. USMCA or KORUS, or one open to any origin: C, K, L), by the duty-gap rule of docs/origins.md." },
    coverage: { type: "string", enum: ["full", "partial"] },
  },
  ["partner", "origin", "name", "value", "totalPercent", "contributionPercent", "coverage"],
);

const AllPartnerAverage = obj({
  origin: { type: "string", enum: ["ALL"] },
  weights: str,
  view,
  days: {
    type: "array",
    items: obj({
      date: day,
      totalPercent: num,
      additionalPercent: num,
      byAuthority: numberMap,
      byOrigin: { type: "array", items: ref("AllPartnerOrigin") },
      unmatchedValue: { type: "number", description: "Value not placed on a line (reported, never dropped)." },
      totalValue: num,
      uncertainValue: { type: "number", description: "Value on lines whose stack carries an uncertain measure." },
    }),
  },
  leftOut: { type: "array", items: obj({ partner: str, name: str, heldBy: str }) },
  ledgerVersion: str,
});

export const COMPONENT_SCHEMAS: Record<string, JsonSchema> = {
  StackLine,
  Stack,
  StackSingle,
  StackSplit,
  StackAnswer: { oneOf: [ref("StackSingle"), ref("StackSplit")] },
  HistoryInterval,
  History,
  AverageRow,
  AverageSeries,
  AllPartnerOrigin,
  AllPartnerAverage,
  ComparisonRow,
  Comparison,
  SearchResult,
  LineReport,
  HeadingReport,
  EditionDiff,
  Editions,
  Status,
  ScenarioList,
  ScenarioPreview,
  Error,
};

export { ref };
