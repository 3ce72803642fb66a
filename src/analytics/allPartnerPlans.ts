import { createHash } from "node:crypto";
import { CENSUS_AGGREGATES, KNOWN_ORIGINS } from "../common/country.js";
import { cachedChecksums } from "../data/verify.js";
import { compiled } from "../store/compiledCache.js";
import type { LegalDay } from "../common/legalDate.js";
import type { EntryFacts } from "../engine/entryFacts.js";
import type { SeriesEngine } from "./averageSeries.js";
import { partnerPreferenceShare, preferenceShareOfLine } from "./preferenceShares.js";
import { programInForceDuring, programsOpenTo, type PreferenceProgram } from "../ledger/preferencePrograms.js";
import { paysColumn2, type Column2Origins } from "../ledger/column2Origins.js";
import { parsedBaseRate } from "../schedule/baseRate.js";
import { specialRateFor } from "../schedule/specialRates.js";
import {
  joinWeightsToEdition,
  listImportPartners,
  loadWeightSet,
  preloadImports2024,
  type MatchedWeight,
} from "./weights.js";

/**
 * Who the all-partner average ("ALL") weighs, and how: every partner with a 2024 HS-10 import file, its origin, and
 * its weighted lines joined to an edition, split by the entry facts each share of them is resolved with.
 *
 * - The EU aggregate (Census 0003) is counted once: member files of its own (Slovakia, 4359) are left out because the
 *   aggregate already holds their imports (CENSUS_AGGREGATES lists the members).
 * - A partner with a preference program of the ledger (preferences.yaml: USMCA for CA and MX) is split line by line
 *   into the share estimated to have claimed it (facts { usmcaQualifying: true }) and the rest (false), with the rule
 *   of preferenceShares.ts — unless the caller's facts already state the program's fact.
 * - Partners the project has no ISO code for are resolved with the country-blanket measures only (origin "ZZ").
 */
export interface PartnerPlan {
  /** Census partner code. */
  partner: string;
  /** ISO code (or the member an aggregate is resolved as) the partner's goods are resolved as. */
  origin: string;
  name: string;
  /** The weighted lines, by the entry facts they are resolved with. */
  parts: { facts: EntryFacts; matched: MatchedWeight[] }[];
  /** Value the join could not place on a line of the edition. */
  unmatchedValue: number;
  totalValue: number;
  /** Share of the placed value estimated to claim the partner's preference program, when it has one. */
  preferenceShare?: number;
}

export interface LeftOutPartner {
  partner: string;
  name: string;
  heldBy: string;
}

export function isoOfCensus(code: string): string | undefined {
  return Object.entries(KNOWN_ORIGINS).find(([, c]) => c.census === code)?.[0];
}

/** The partner files the average weighs, and those left out because an aggregate holds their imports. */
export function allPartnerFiles(): { kept: ReturnType<typeof listImportPartners>; leftOut: LeftOutPartner[] } {
  const partners = listImportPartners();
  const codes = new Set(partners.map((p) => p.code));
  const leftOut: LeftOutPartner[] = [];
  const kept = partners.filter((p) => {
    for (const [agg, a] of Object.entries(CENSUS_AGGREGATES)) {
      const iso = isoOfCensus(p.code);
      if (codes.has(agg) && iso !== undefined && a.members.includes(iso)) {
        leftOut.push({ partner: p.code, name: p.name ?? p.code, heldBy: `${agg} (${a.name})` });
        return false;
      }
    }
    return true;
  });
  return { kept, leftOut };
}

/**
 * The edition the 2024 weights are joined to on a day: the basic edition of the day's year (joined once per year),
 * or the first edition when the catalog has no basic edition of that year.
 */
export function joinEditionFor(engine: SeriesEngine, day: LegalDay): number {
  const eds = engine.ledger.catalog.editions;
  const idx = eds.indexOf(`${day.slice(0, 4)}_basic`);
  return idx >= 0 ? idx : 0;
}

/** Every kept partner's plan with its weights joined to edition `edition`. */
export async function partnerPlans(
  engine: SeriesEngine,
  edition: number,
  baseFacts: EntryFacts,
  cacheDir: string | undefined,
): Promise<PartnerPlan[]> {
  const { ledger } = engine;
  const list: PartnerPlan[] = [];
  // Every partner's 2024 file in one DuckDB query (instead of one query per partner).
  await preloadImports2024({ cacheDir });
  for (const p of allPartnerFiles().kept) {
    const weights = await loadWeightSet("census-2024", { partner: p.code, cacheDir });
    const agg = CENSUS_AGGREGATES[p.code];
    const origin = agg ? agg.resolveAs : (isoOfCensus(p.code) ?? "ZZ");
    const name = agg ? agg.name : (KNOWN_ORIGINS[origin]?.name ?? p.name ?? p.code);
    const join = joinWeightsToEdition(weights, ledger.catalog, edition);
    const plan: PartnerPlan = {
      partner: p.code,
      origin,
      name,
      parts: [],
      unmatchedValue: join.unmatchedValue,
      totalValue: join.totalValue,
    };
    const programs = programsToSplit(
      ledger.preferences,
      origin,
      baseFacts,
      yearOfEdition(ledger.catalog.editions[edition]!),
      ledger.column2,
    );
    if (programs.length === 0) {
      plan.parts.push({ facts: baseFacts, matched: join.matched });
    } else {
      const lineOf = (code: string): { general: string; special: string } | undefined => {
        const v = ledger.catalog.lines.get(code)?.find((x) => x.from <= edition && edition <= x.to);
        return v ? { general: v.general, special: v.special } : undefined;
      };
      const split = splitByPrograms(join.matched, lineOf, programs);
      const placed = join.totalValue - join.unmatchedValue;
      plan.preferenceShare = placed > 0 ? split.claimedValue / placed : 0;
      for (const c of split.claimed)
        if (c.matched.length > 0)
          plan.parts.push({ facts: { ...baseFacts, ...claimFacts(c.program) }, matched: c.matched });
      plan.parts.push({ facts: { ...baseFacts, ...noClaimFacts(programs) }, matched: split.rest });
    }
    list.push(plan);
  }
  return list;
}

/** Bumped when the plans' shape or the rules that make them (the joins, the preference split) change. */
const PLANS_FORMAT = "all-partner-plans/2";

/**
 * The plans of several join editions, kept in the compiled cache (one entry, keyed by the ledger version, the editions,
 * the facts and the weight files' checksums): a later process rebuilding the all-partner panel from kept histories
 * reads them instead of loading every partner's weights into DuckDB and joining them again.
 */
export async function keptPartnerPlans(
  engine: SeriesEngine,
  editions: readonly number[],
  baseFacts: EntryFacts,
  cacheDir: string,
): Promise<Map<number, PartnerPlan[]>> {
  const weightFiles = await cachedChecksums(cacheDir, allPartnerFiles().kept.map((p) => p.path));
  const key = createHash("sha256")
    .update(PLANS_FORMAT)
    .update(engine.ledger.version)
    .update(editions.join(","))
    .update(JSON.stringify(Object.entries(baseFacts).sort()))
    .update(weightFiles.join(","))
    .digest("hex")
    .slice(0, 24);
  const { value } = await compiled(cacheDir, "all-partner-plans", key, async () => {
    const out = new Map<number, PartnerPlan[]>();
    for (const e of editions) out.set(e, await partnerPlans(engine, e, baseFacts, cacheDir));
    return out;
  });
  return value;
}

/** The calendar year an edition id ("2025_rev_7", "2026_basic") belongs to. */
function yearOfEdition(id: string): string {
  return id.slice(0, 4);
}

/**
 * The preference programs a partner's lines are split by: those open to its origin that can be claimed on some day of
 * the join edition's year — none when its goods pay column 2 all that year (general note 3(b)), or when the caller's
 * facts already state a claim.
 */
export function programsToSplit(
  programs: readonly PreferenceProgram[],
  origin: string,
  baseFacts: EntryFacts,
  year: string,
  column2?: Column2Origins,
): PreferenceProgram[] {
  if (baseFacts.specialProgram !== undefined) return [];
  if (paysColumn2(column2, origin, `${year}-01-01`)) return [];
  const open = programsOpenTo(programs, origin).filter((p) => programInForceDuring(p, `${year}-01-01`, `${year}-12-31`));
  return open.some((p) => p.fact !== undefined && baseFacts[p.fact] !== undefined) ? [] : open;
}

/** The facts of a claim of `p`: its own boolean fact where it has one (USMCA), else its first indicator. */
function claimFacts(p: PreferenceProgram): EntryFacts {
  return p.fact !== undefined ? { [p.fact]: true } : { specialProgram: p.indicators[0]! };
}

/** The facts of no claim of any of `programs`. */
function noClaimFacts(programs: readonly PreferenceProgram[]): EntryFacts {
  const own = programs.filter((p) => p.fact !== undefined);
  if (own.length === programs.length) return Object.fromEntries(own.map((p) => [p.fact!, false])) as EntryFacts;
  return { specialProgram: "none" };
}

/**
 * Each weighted line split into the share estimated to have claimed a program (preferenceShares.ts) and the rest. A
 * line several programs grant is given to the one with the lowest special ad valorem rate on it (the claim an importer
 * would make; ties: the ledger's order).
 */
export function splitByPrograms(
  matched: readonly MatchedWeight[],
  lineOf: (code: string) => { general: string; special: string } | undefined,
  programs: readonly PreferenceProgram[],
): {
  claimed: { program: PreferenceProgram; matched: MatchedWeight[] }[];
  rest: MatchedWeight[];
  claimedValue: number;
} {
  const withLines = matched.map((m) => ({ m, line: lineOf(m.hts10) }));
  const best = (line: { special: string } | undefined): PreferenceProgram | undefined => {
    let pick: PreferenceProgram | undefined;
    let pickRate = Infinity;
    for (const p of programs) {
      const rate = line ? specialRateFor(line.special, p.indicators) : undefined;
      if (rate === undefined) continue;
      const pct = parsedBaseRate(rate).split.percent ?? Infinity;
      if (pick === undefined || pct < pickRate) {
        pick = p;
        pickRate = pct;
      }
    }
    return pick;
  };
  const chosen = withLines.map((x) => best(x.line));
  const fallback = new Map(
    programs.map((p) => [
      p.id,
      partnerPreferenceShare(
        withLines.filter((_, i) => chosen[i] === p).map((x) => ({ value: x.m.value, duty: x.m.duty, line: x.line })),
        p.indicators,
      ),
    ]),
  );
  const claimed = programs.map((program) => ({ program, matched: [] as MatchedWeight[] }));
  const rest: MatchedWeight[] = [];
  let claimedValue = 0;
  withLines.forEach(({ m, line }, i) => {
    const p = chosen[i];
    const s = p && line ? preferenceShareOfLine(m, line, p.indicators, fallback.get(p.id)!).share : 0;
    if (s > 0) claimed[programs.indexOf(p!)]!.matched.push({ ...m, value: m.value * s, duty: m.duty * s });
    if (s < 1) rest.push({ ...m, value: m.value * (1 - s), duty: m.duty * (1 - s) });
    claimedValue += m.value * s;
  });
  return { claimed, rest, claimedValue };
}
