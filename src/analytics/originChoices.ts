import { CENSUS_AGGREGATES, KNOWN_ORIGINS } from "../common/country.js";
import type { Ledger } from "../ledger/ledgerTypes.js";
import { listImportPartners } from "./weights.js";

/** An origin a front end offers: for stacks (`id`, an ISO code) and, when it has 2024 imports, for averages (`partner`). */
export interface OriginChoice {
  /** ISO code for stacks; the Census code for an aggregate (0003, the EU), which has no stack of its own. */
  id: string;
  name: string;
  /** Census code of its 2024 HS-10 import file, when there is one (averages need it). */
  partner: string | null;
  /** Whether every country-specific measure of the origin is in the ledger (coverage.yaml). */
  coverage: "full" | "partial";
}

/** Every origin the project knows, the partners with import files first (by name), then the others. */
export function originChoices(ledger: Pick<Ledger, "origins">): OriginChoice[] {
  const files = new Set(listImportPartners().map((p) => p.code));
  const out: OriginChoice[] = Object.entries(KNOWN_ORIGINS).map(([id, o]) => ({
    id,
    name: o.name,
    partner: o.census && files.has(o.census) ? o.census : null,
    coverage: ledger.origins.full.includes(id) ? "full" : "partial",
  }));
  for (const [code, a] of Object.entries(CENSUS_AGGREGATES)) {
    if (files.has(code)) out.push({ id: code, name: `${a.name} (all members)`, partner: code, coverage: "partial" });
  }
  return out.sort((a, b) => Number(b.partner !== null) - Number(a.partner !== null) || a.name.localeCompare(b.name));
}
