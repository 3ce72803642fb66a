import { programsOpenTo } from "../ledger/preferencePrograms.js";
import type { LedgerIndex } from "../engine/ledgerIndex.js";
import type { Ledger } from "../ledger/ledgerTypes.js";

/**
 * Origin classes: origins whose goods every rule of the ledger treats alike, so a line's duty history is resolved once
 * per class and shared by its origins. The class is read from the ledger, never from a list of countries: the measures
 * whose origin scope names the origin (in `origins` or `exceptOrigins`, the engine's own `originClass`) and the
 * preference programs (preferences.yaml) open to it and whether it pays column 2 (column2.yaml) — the things of the ledger a stack reads the origin for,
 * besides what it reports per origin (coverage, notes), which is not part of a history's figures.
 */
export function originClassOf(
  ledger: Pick<Ledger, "preferences" | "column2">,
  index: Pick<LedgerIndex, "originClass">,
  origin: string,
): string {
  const programs = programsOpenTo(ledger.preferences, origin).map((p) => p.id);
  const column2 = ledger.column2?.origins.find((o) => o.origin === origin);
  return `m:${index.originClass(origin)}|p:${programs.join(",")}${column2 ? `|c2:${column2.from ?? ""}` : ""}`;
}

/** Origins grouped by class (in the order first seen), each class with the origin that stands for it. */
export function groupByOriginClass(
  ledger: Pick<Ledger, "preferences" | "column2">,
  index: Pick<LedgerIndex, "originClass">,
  origins: readonly string[],
): { key: string; representative: string; origins: string[] }[] {
  const out = new Map<string, { key: string; representative: string; origins: string[] }>();
  for (const o of origins) {
    const key = originClassOf(ledger, index, o);
    const c = out.get(key);
    if (c) {
      if (!c.origins.includes(o)) c.origins.push(o);
    } else out.set(key, { key, representative: o, origins: [o] });
  }
  return [...out.values()];
}
