import { LedgerIndex } from "../../src/engine/ledgerIndex.js";
import type { Ledger, LedgerMeasure } from "../../src/ledger/ledgerTypes.js";
import { AUTHORITIES, measureSchema, type MeasureInput } from "../../src/ledger/measureSchema.js";
import type { PrecedenceTable } from "../../src/ledger/precedence.js";
import type { UseDefault } from "../../src/ledger/useDefaults.js";
import type { PreferenceProgram } from "../../src/ledger/preferencePrograms.js";
import type { LineVersion } from "../../src/schedule/htsCatalog.js";

/**
 * A small ledger built in memory, without the data mirror, for unit tests of the engine's steps: a one-edition catalog
 * of the lines given, measures written as in the ledger files (with the instrument inline), and a precedence table.
 */
export interface SyntheticLedgerSpec {
  lines: Record<string, { general: string; special?: string; description?: string }>;
  measures: Array<Omit<MeasureInput, "instrument" | "sources" | "status"> & Partial<Pick<MeasureInput, "status">>>;
  periods?: PrecedenceTable["periods"];
  within?: Partial<PrecedenceTable["within"]>;
  programOrder?: PrecedenceTable["programOrder"];
  combine?: Record<string, "highest" | "program-order" | "cumulative">;
  voidInAdjudicated?: Ledger["views"][number]["voidAuthorities"];
  useDefaults?: UseDefault[];
  preferences?: PreferenceProgram[];
}

const INSTRUMENT = { kind: "EO", id: "EO 0", title: "Synthetic instrument", url: "https://example.org/eo-0" } as const;

export function syntheticLedger(spec: SyntheticLedgerSpec): { ledger: Ledger; index: LedgerIndex } {
  const lines = new Map<string, LineVersion[]>();
  Object.entries(spec.lines).forEach(([code, l], row) => {
    lines.set(code, [
      { from: 0, to: 0, legalCode: code.slice(0, 8), general: l.general, other: "", special: l.special ?? "", description: l.description ?? `line ${code}`, chapter99: [], chapter99Prefixes: [], row },
    ]);
  });
  const measures: LedgerMeasure[] = spec.measures.map((input, index) => {
    const m = measureSchema.parse({ status: "in-force", ...input, instrument: INSTRUMENT, sources: [{ file: "synthetic", where: "test" }] });
    const codes = (m.products.codes ?? []).map((c) => c.replace(/\D/g, ""));
    return { ...m, issuer: "US", index, includeCodes: codes.sort(), excludeCodes: (m.products.except?.codes ?? []).map((c) => c.replace(/\D/g, "")), codeOrigin: Object.fromEntries(codes.map((c) => [c, "codes"])) };
  });
  const ledger: Ledger = {
    issuer: "US",
    authorities: AUTHORITIES.map((id) => ({ id, label: id, colour: "#000000", combine: spec.combine?.[id] ?? "highest" })),
    version: "synthetic",
    coverage: { from: "2025-01-01", to: "2026-12-31" },
    reviewedThrough: "2026-12-31",
    catalog: { editions: ["synthetic"], lines, headings: new Map() },
    editionStarts: ["2025-01-01"],
    measures,
    precedence: {
      periods: spec.periods ?? [{ id: "all", from: "2025-01-01", yields: [], source: { text: "synthetic", file: "synthetic" } }],
      programOrder: spec.programOrder ?? { s232: [{ programs: ["p-first"], pick: "highest" }, { programs: ["p-second"], pick: "highest" }] },
      within: { cumulative: [], ...spec.within },
    },
    useDefaults: spec.useDefaults ?? [],
    preferences: spec.preferences ?? [],
    views: [
      { id: "collected", default: true, label: "As collected", description: "as collected", voidAuthorities: [] },
      { id: "adjudicated", default: false, label: "As adjudicated", description: "as adjudicated", voidAuthorities: spec.voidInAdjudicated ?? [] },
    ],
    origins: { full: ["CN"], missingElsewhere: [] },
    terminations: [],
    checks: [],
  };
  return { ledger, index: new LedgerIndex(ledger) };
}
