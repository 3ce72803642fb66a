import { formatHts } from "../common/htsCode.js";
import type { LegalDay } from "../common/legalDate.js";
import type { Ledger, LedgerMeasure, LineFacts } from "../ledger/ledgerTypes.js";
import type { Authority, Condition } from "../ledger/measureSchema.js";
import { periodAt, programGroupOf, programGroups, stacksExplicitly } from "../ledger/precedence.js";
import { useDefaultFor, type UseFact } from "../ledger/useDefaults.js";
import { FACT_DEFAULTS, type EntryFacts } from "./entryFacts.js";
import type { LedgerIndex } from "./ledgerIndex.js";
import { describeRate, parsedBaseRate } from "../schedule/baseRate.js";
import { specialRateFor } from "../schedule/specialRates.js";
import type { LegalViewId, NeededFact, Stack, StackLine, ValueBase } from "./stackTypes.js";
import { baseScheduleAt, type TariffDatabasePeriod } from "../ledger/baseSchedules.js";
import { paysColumn2 } from "../ledger/column2Origins.js";
import {
  openTo,
  originsOf,
  programClaim,
  programInForce,
  programsOpenTo,
  withProgramFacts,
  type PreferenceProgram,
} from "../ledger/preferencePrograms.js";

/**
 * The named steps of resolving one statistical line's stack, each over one shared work record:
 *
 *   collectCandidates → applyConditionalDuties → applyFactExemptions → combineWithinAuthorities → setValueBases →
 *   applyPrecedence → baseLine → assembleLines → applyLegalView → totals
 *
 * Exemptions on facts and products come before the per-authority combination (issue 8: a 10% in-transit rate must
 * survive the exemption of the country rate). Every rule comes from the ledger (windows, scopes, conditions, the
 * precedence table, views); no step holds a dated rule of its own.
 */

export const round2 = (x: number): number => Math.round((x + Number.EPSILON) * 100) / 100;
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** A duty measure that may apply, with the part of the value it is charged on. */
export interface Candidate {
  m: LedgerMeasure;
  share: number;
  valueBase: ValueBase;
  removed: boolean;
}

/** Everything the steps read and write for one (line, origin, date, facts, view). */
export interface StackWork {
  ledger: Ledger;
  index: LedgerIndex;
  code10: string;
  line: LineFacts;
  /** Index of the edition whose facts are used for the line. */
  edition: number;
  origin: string;
  date: LegalDay;
  facts: EntryFacts;
  view: LegalViewId;
  notes: string[];
  needsFacts: NeededFact[];
  duties: Candidate[];
  exemptions: LedgerMeasure[];
  conditional: LedgerMeasure[];
  chosen: Candidate[];
  exemptionLines: StackLine[];
  /** The base rate has parts that are not ad valorem (set by baseLine). */
  baseNotAdValorem?: boolean;
  /** Share of the value each chosen duty gave up under a precedence row. */
  yielded: Map<Candidate, number>;
  lines: StackLine[];
  /** The column of the line the base is read from (computed once: baseColumnOf). */
  baseColumn?: BaseColumn;
}

export function newWork(
  fields: Pick<StackWork, "ledger" | "index" | "code10" | "line" | "edition" | "origin" | "date" | "facts" | "view"> & {
    notes?: string[];
  },
): StackWork {
  // Fields named one by one (not spread): this runs for every stack resolved.
  return {
    ledger: fields.ledger,
    index: fields.index,
    code10: fields.code10,
    line: fields.line,
    edition: fields.edition,
    origin: fields.origin,
    date: fields.date,
    view: fields.view,
    facts: withProgramFacts(fields.ledger.preferences ?? [], fields.facts),
    notes: fields.notes ?? [],
    needsFacts: [],
    duties: [],
    exemptions: [],
    conditional: [],
    chosen: [],
    exemptionLines: [],
    yielded: new Map(),
    lines: [],
  };
}

export function needFact(w: StackWork, fact: NeededFact["fact"], why: string, defaultUsed?: string): void {
  if (!w.needsFacts.some((n) => n.fact === fact && n.why === why)) {
    w.needsFacts.push({
      fact,
      why,
      defaultUsed: defaultUsed ?? (fact === "quantity" ? "ad valorem part only" : FACT_DEFAULTS[fact]),
    });
  }
}

function useDefault(w: StackWork): (fact: UseFact) => { value: boolean; why: string } {
  return (fact) => {
    const rule = w.ledger.useDefaults.find((u) => u.fact === fact);
    return rule
      ? useDefaultFor(rule, w.code10, w.line.description)
      : { value: false, why: "no default is recorded for this fact" };
  };
}

export function ratePercentOf(m: LedgerMeasure): number {
  const r = m.rate;
  return "addOn" in r ? r.addOn : "total" in r ? r.total : "floor" in r ? r.floor : 0;
}

/** The ad valorem part of the line's column 1 General rate (what a deal floor is compared with). */
/**
 * The ad valorem part of the line's column 1 rate a floor pair compares: column 1 General, or (`applied`) the rate of
 * the column the entry is made under — the special rate of a preference program claimed, else column 1 General.
 */
function baseAdValoremOf(w: StackWork): (column: "general" | "applied") => number {
  return (column) => {
    return parsedBaseRate(column === "applied" ? baseColumnOf(w).text : w.line.general).split.percent ?? 0;
  };
}

function pickHighest(list: Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of list) if (!best || ratePercentOf(c.m) > ratePercentOf(best.m)) best = c;
  return best;
}

function metalShareFact(metal: string): keyof EntryFacts {
  return metal === "steel" ? "steelShare" : metal === "aluminum" ? "aluminumShare" : "copperShare";
}

const applies = (w: StackWork, a: Authority): boolean =>
  w.duties.some((c) => c.m.authority === a && !c.removed && ratePercentOf(c.m) > 0);
const isPrecedenceDriven = (ex: LedgerMeasure): boolean => (ex.conditions ?? []).some((c) => "subjectTo" in c);
const targetsOf = (ex: LedgerMeasure, pool: Candidate[]): Candidate[] =>
  pool.filter((c) => (ex.exempts ?? []).includes(c.m.authority) || (ex.exempts ?? []).includes(c.m.id));

/** 1. Measures in force on the day for the origin and the product: duties, conditional duties, exemptions. */
export function collectCandidates(w: StackWork): void {
  for (const m of w.index.measuresFor(w.code10, w.line, w.origin)) {
    if (w.date < m.window.from || (m.window.to !== undefined && w.date >= m.window.to)) continue;
    if (m.status === "void" || m.status === "suspended") continue;
    if (m.role === "exemption") w.exemptions.push(m);
    else if (m.conditions && m.conditions.length > 0) w.conditional.push(m);
    else w.duties.push({ m, share: 1, valueBase: "full", removed: false });
  }
}

/**
 * 2. Duties that apply only under a condition (certifications, in-transit, …), checked against the facts; a condition
 * on another authority ("subject to 232") is checked against the unconditional duties. A condition that would add a
 * product-specific duty (a ship-to-shore crane) is asked for like one that would remove a duty.
 */
export function applyConditionalDuties(w: StackWork): void {
  const unconditional = [...w.duties];
  for (const m of w.conditional) {
    const verdict = conditionsHold(m.conditions!, {
      facts: w.facts,
      date: w.date,
      subjectTo: (a) => unconditional.some((c) => c.m.authority === a && ratePercentOf(c.m) > 0),
      productSpecific: !m.products.all,
      adds: true,
      useDefault: useDefault(w),
      baseAdValorem: baseAdValoremOf(w),
      programs: w.ledger.preferences,
    });
    if (verdict.missing)
      needFact(
        w,
        verdict.missing.fact,
        `${m.heading} (${m.program}) would apply: ${verdict.missing.why}`,
        verdict.missing.defaultUsed,
      );
    if (verdict.ok) w.duties.push({ m, share: 1, valueBase: "full", removed: false });
  }
}

/**
 * 3. Exemptions on facts and products (certifications, in-transit, exclusions, lists), over every candidate duty: they
 * remove their targets on the whole value. A declared exemption heading is listed at 0%; an exception written into the
 * excepted heading's own text (`declared: false`) is explained in a note. Declared headings are applied first so that
 * the heading a filer declares is the one shown. An article they take out of an authority is then no longer subject
 * to it for the precedence rows.
 */
export function applyFactExemptions(w: StackWork): void {
  const factExemptions = w.exemptions
    .filter((ex) => !isPrecedenceDriven(ex))
    .sort((a, b) => Number(b.declared !== false) - Number(a.declared !== false));
  for (const ex of factExemptions) {
    const targets = targetsOf(ex, w.duties).filter((t) => !t.removed);
    if (targets.length === 0) continue;
    const productSpecific = !ex.products.all || targets.some((t) => !t.m.products.all);
    const verdict = conditionsHold(ex.conditions ?? [], {
      facts: w.facts,
      date: w.date,
      subjectTo: (a) => applies(w, a),
      productSpecific,
      useDefault: useDefault(w),
      baseAdValorem: baseAdValoremOf(w),
      programs: w.ledger.preferences,
    });
    if (verdict.missing) {
      const verb = verdict.ok ? "applies" : "would apply";
      needFact(
        w,
        verdict.missing.fact,
        `${ex.heading} (${ex.program}) ${verb}: ${verdict.missing.why}`,
        verdict.missing.defaultUsed,
      );
    }
    if (!verdict.ok) continue;
    for (const t of targets) t.removed = true;
    if (ex.declared === false) {
      w.notes.push(
        `${[...new Set(targets.map((t) => t.m.heading))].join(", ")} not applied: ${ex.notes ?? ex.program} (${ex.instrument.id})`,
      );
    } else {
      w.exemptionLines.push(lineFor(ex, 0, 1, "full", w.date));
    }
  }
}

/**
 * 4. How the remaining measures of one authority combine: the rule the issuer registry declares for the authority
 * (highest / program-order / cumulative), plus the headings a text makes stack explicitly. Candidates not chosen no
 * longer count as applying.
 */
export function combineWithinAuthorities(w: StackWork): void {
  const { precedence } = w.ledger;
  const byAuthority = new Map<Authority, Candidate[]>();
  for (const c of w.duties) {
    if (c.removed) continue;
    byAuthority.set(c.m.authority, [...(byAuthority.get(c.m.authority) ?? []), c]);
  }
  for (const [authority, list] of byAuthority) {
    const rule = w.ledger.authorities.find((a) => a.id === authority)?.combine ?? "highest";
    if (rule === "cumulative") {
      w.chosen.push(...list);
      continue;
    }
    if (rule === "highest") {
      const best = pickHighest(list)!;
      const also = list.filter((c) => c !== best && stacksExplicitly(precedence, best.m.heading, c.m.heading));
      w.chosen.push(best, ...also);
      const others = list.filter((c) => c !== best && !also.includes(c)).map((c) => c.m.heading);
      if (others.length > 0)
        w.notes.push(`${authority}: ${best.m.heading} applies (the highest); ${others.join(", ")} not added`);
      if (also.length > 0) {
        const why =
          precedence.within.cumulative.find((r) => r.headings.includes(best.m.heading))?.source.text ??
          "cumulative by the ledger's rule";
        w.notes.push(
          `${authority}: ${also.map((c) => c.m.heading).join(", ")} also applies with ${best.m.heading} (${why})`,
        );
      }
      continue;
    }
    // program-order: every program is listed in the order (checked when the ledger compiles).
    const groupOf = (program: string): number => programGroupOf(precedence, authority, program)!;
    const first = Math.min(...list.map((c) => groupOf(c.m.program)));
    const inGroup = list.filter((c) => groupOf(c.m.program) === first);
    if (inGroup.length < list.length) {
      w.notes.push(
        `${authority}: ${inGroup[0]!.m.program} takes precedence over ${[...new Set(list.filter((c) => !inGroup.includes(c)).map((c) => c.m.program))].join(", ")}`,
      );
    }
    if (programGroups(precedence, authority)[first]!.pick === "per-metal") {
      const byMetal = new Map<string, Candidate[]>();
      for (const c of inGroup) {
        const key = c.m.valueBase === "metal-content" ? (c.m.metal ?? "metal") : "full-value";
        byMetal.set(key, [...(byMetal.get(key) ?? []), c]);
      }
      // A full-value heading of the group (one per article) excludes the content-based ones.
      const full = byMetal.get("full-value");
      if (full) w.chosen.push(pickHighest(full)!);
      else for (const group of byMetal.values()) w.chosen.push(pickHighest(group)!);
    } else {
      w.chosen.push(pickHighest(inGroup)!);
    }
  }
  for (const c of w.duties) if (!w.chosen.includes(c)) c.removed = true;
}

/** 5. The part of the value each chosen duty is charged on (metal content, non-US content), from the facts. */
export function setValueBases(w: StackWork): void {
  for (const c of w.chosen) {
    if (c.m.valueBase === "metal-content") {
      const key = metalShareFact(c.m.metal ?? "steel");
      const v = w.facts[key] as number | undefined;
      if (v === undefined) needFact(w, key, `${c.m.heading} is charged on the ${c.m.metal} content`);
      c.share = v ?? 1;
      c.valueBase = "metal-content";
    } else if (c.m.valueBase === "non-us-content") {
      c.share = 1 - (w.facts.usContentShare ?? 0);
      c.valueBase = "non-us-content";
    }
  }
}

/**
 * 6. The precedence rows of the period: a layer yields to another on the whole value, or on the part of the value the
 * other is charged on; the exemption heading that says so (e.g. 9903.01.33, 9903.03.06) is declared for the part that
 * yielded.
 */
export function applyPrecedence(w: StackWork): void {
  const period = periodAt(w.ledger.precedence, w.date);
  const chargedShare = (a: Authority): number =>
    Math.min(
      1,
      w.chosen.filter((c) => c.m.authority === a && !c.removed).reduce((s, c) => s + c.share, 0),
    );
  for (const rule of period.yields) {
    if (!applies(w, rule.to)) continue;
    const toShare = chargedShare(rule.to);
    for (const c of w.chosen) {
      if (c.m.authority !== rule.layer || c.removed) continue;
      const before = c.share;
      if (rule.share === "full") c.removed = true;
      else {
        c.share = Math.max(0, c.share * (1 - toShare));
        c.valueBase = "non-metal-content";
        if (c.share === 0) c.removed = true;
      }
      w.yielded.set(c, before - (c.removed ? 0 : c.share));
    }
  }
  for (const ex of w.exemptions) {
    if (!isPrecedenceDriven(ex)) continue;
    const targets = targetsOf(ex, w.chosen);
    if (targets.length === 0) continue;
    if (
      !conditionsHold(ex.conditions ?? [], {
        facts: w.facts,
        date: w.date,
        subjectTo: (a) => applies(w, a),
        programs: w.ledger.preferences,
      }).ok
    )
      continue;
    let share = 0;
    for (const t of targets) {
      share = Math.max(share, w.yielded.get(t) ?? 0);
      if (!w.yielded.has(t) && !t.removed) {
        // An exemption heading without a precedence row removes the layer on the whole value.
        share = Math.max(share, t.share);
        t.removed = true;
      }
    }
    if (share > 0 && ex.declared === false)
      w.notes.push(
        `${[...new Set(targets.map((t) => t.m.heading))].join(", ")} not applied: ${ex.notes ?? ex.program} (${ex.instrument.id})`,
      );
    else if (share > 0) w.exemptionLines.push(lineFor(ex, 0, share, share < 1 ? "metal-content" : "full", w.date));
  }
}

/** A base line from a rate text (its ad valorem part in the total; other parts reported as a needed fact). */
function baseLineOf(
  w: StackWork,
  text: string,
  fields: Pick<StackLine, "heading" | "instrument" | "window" | "sources"> & {
    uncertain?: string | undefined;
    note?: string | undefined;
  },
  preference?: { rate: string; program: string; label: string },
): StackLine {
  if (preference && /^See\s/i.test(text)) {
    // The program's rate is given by another provision (an FTA quota or safeguard heading of chapters 98/99).
    return {
      heading: fields.heading,
      authority: "base",
      program: preference.program,
      role: "base",
      ratePercent: null,
      rateText: `${text} (column 1 Special, ${preference.label})`,
      valueBase: "full",
      valueShare: 1,
      effectivePercent: 0,
      instrument: fields.instrument,
      window: fields.window,
      status: "in-force",
      sources: fields.sources,
      uncertain: `the ${preference.label} rate of this line is provided by another provision ("${text}": a tariff-rate quota or safeguard provision of chapters 98/99, not modelled); the total leaves the base out`,
    };
  }
  const { expr, split } = parsedBaseRate(text);
  w.baseNotAdValorem = split.nonAdValorem.length > 0;
  if (split.nonAdValorem.length > 0) {
    needFact(
      w,
      "quantity",
      `the base rate "${text}" has parts that are not ad valorem (${split.nonAdValorem.map(describeRate).join(", ")}); only the ad valorem part is in the total`,
    );
  }
  if (split.percent === undefined) w.notes.push(`base rate "${text}" is not a percentage of value (${expr.kind})`);
  return {
    heading: fields.heading,
    authority: "base",
    program: preference ? preference.program : "mfn",
    role: "base",
    ratePercent: split.percent ?? null,
    rateText: text === "" ? "(no rate printed)" : preference ? `${text} (column 1 Special, ${preference.label})` : text,
    valueBase: "full",
    valueShare: 1,
    effectivePercent: split.percent ?? 0,
    instrument: fields.instrument,
    window: fields.window,
    status: "in-force",
    sources: fields.sources,
    ...(fields.uncertain ? { uncertain: fields.uncertain } : {}),
    ...(fields.note ? { note: fields.note } : {}),
  };
}

/** The base line of a day whose base schedule is an earlier tariff database, through the placement table. */
function priorScheduleBaseLine(w: StackWork, period: TariffDatabasePeriod): StackLine {
  const table = w.ledger.priorBase!;
  const code8 = w.code10.slice(0, 8);
  const window = { from: period.from, ...(period.to ? { to: period.to } : {}) };
  if (period.caveat) w.notes.push(`base rate: ${period.caveat}`);
  const entry = table.lines[code8];
  if (!entry) {
    const why = table.unplaced[code8] ?? `${formatHts(code8)} is not in the placement table of ${table.dataset}`;
    w.notes.push(`no base rate for ${period.from} to ${period.to ?? "…"}: ${why}`);
    return {
      heading: formatHts(code8),
      authority: "base",
      program: "mfn",
      role: "base",
      ratePercent: null,
      rateText: `(no line of the ${table.asOf.slice(0, 4)} schedule placed)`,
      valueBase: "full",
      valueShare: 1,
      effectivePercent: 0,
      instrument: period.instrument,
      window,
      status: "in-force",
      sources: [{ file: period.concordance, where: `no row for ${code8}` }],
      uncertain: `the base rate of ${formatHts(code8)} on ${w.date} cannot be placed on a line of ${table.dataset}: ${why}; the total leaves the base out`,
    };
  }
  const used = entry.sources[0]!;
  const how =
    entry.method === "same-code"
      ? undefined
      : `${formatHts(code8)} (HS 2022) read as ${formatHts(used.hts8)} of the ${table.asOf.slice(0, 4)} schedule (${entry.method === "curated" ? entry.citation : `nearest code under the HS 2017 subheadings of ${period.hs6Concordance}`})`;
  return baseLineOf(w, entry.text, {
    heading: formatHts(used.hts8),
    instrument: period.instrument,
    window,
    sources: [
      {
        file: table.dataset,
        where: `${table.member} line ${used.line} (hts8 ${used.hts8}, mfn_text_rate "${used.printed}")`,
      },
      ...(entry.method === "curated" ? [{ file: period.concordance, where: entry.citation! }] : []),
    ],
    uncertain: entry.uncertain,
    note: how,
  });
}

/**
 * 7. The base rate: from the schedule the base-schedules table names for the day (an earlier tariff database through
 * the concordance), else from the legal line as printed in the edition in force (its ad valorem part in the total).
 */
export function baseLine(w: StackWork): StackLine {
  const { line, ledger } = w;
  const period = baseScheduleAt(ledger.baseSchedules, w.date);
  if (period?.schedule === "tariff-database") {
    if (claimsAPreference(w.facts))
      w.notes.push(
        `preference claims are not modelled on days whose base rate comes from ${period.dataset}: its column 1 General rate is used`,
      );
    if (paysColumn2(ledger.column2, w.origin, w.date))
      w.notes.push(
        `goods of ${w.origin} pay column 2 (general note 3(b)), which is not read from ${period.dataset}: its column 1 General rate is used`,
      );
    return priorScheduleBaseLine(w, period);
  }
  const editionId = ledger.catalog.editions[w.edition]!;
  // A day before the first stored edition, for which the table names an edition to stand for the period.
  const standIn = period?.schedule === "hts-edition" && w.date < ledger.editionStarts[0]! ? period : undefined;
  if (standIn?.caveat) w.notes.push(`base rate: ${standIn.caveat}`);
  const column = baseColumnOf(w);
  return baseLineOf(
    w,
    column.text,
    {
      heading: formatHts(line.legalCode),
      instrument: standIn?.instrument ?? {
        id: `HTSUS ${editionId}`,
        title: `Harmonized Tariff Schedule of the United States, ${column.title}`,
        url: "https://hts.usitc.gov/",
      },
      window: standIn
        ? { from: standIn.from, ...(standIn.to ? { to: standIn.to } : {}) }
        : { from: ledger.editionStarts[w.edition]! },
      sources: [{ edition: editionId, file: `us/hts/hts_${editionId}.json.gz`, row: line.row }],
      ...(column.note ? { note: column.note } : {}),
    },
    column.preference,
  );
}

type Preference = { rate: string; program: string; label: string };

/** The column of the line the base rate is read from, with what the answer says of it. */
interface BaseColumn {
  text: string;
  /** The column's name in the base line's instrument title. */
  title: string;
  preference?: Preference;
  note?: string;
}

/** Whether the facts claim a preference program (a declared indicator other than none, or a USMCA claim). */
const claimsAPreference = (facts: EntryFacts): boolean =>
  (facts.specialProgram !== undefined && facts.specialProgram !== "none") || facts.usmcaQualifying === true;

/**
 * The column the base is read from on the day (computed once per stack: the floors' `applied` test reads it too):
 * column 2 for the goods of a column 2 country (column2.yaml), else the special rate of a preference program claimed,
 * else column 1 General.
 */
function baseColumnOf(w: StackWork): BaseColumn {
  if (w.baseColumn) return w.baseColumn;
  if (paysColumn2(w.ledger.column2, w.origin, w.date)) {
    if (claimsAPreference(w.facts))
      w.notes.push(`goods of ${w.origin} pay column 2 (general note 3(b)): no preference program applies`);
    w.baseColumn = {
      text: w.line.other,
      title: "column 2 (general note 3(b))",
      note: `column 2 rate: goods of ${w.origin} (general note 3(b); ledger/us/column2.yaml)`,
    };
  } else {
    const preference = preferenceRate(w);
    w.baseColumn = preference
      ? { text: preference.rate, title: "column 1 General", preference }
      : { text: w.line.general, title: "column 1 General" };
  }
  return w.baseColumn;
}

/**
 * The column 1 Special rate of a preference program the entry claims (ledger preferences.yaml), if the line grants
 * one to the origin. An origin that could claim a program the line grants is asked for the fact.
 */
function preferenceRate(w: StackWork): Preference | undefined {
  const programs = w.ledger.preferences ?? [];
  if (claimsAPreference(w.facts)) {
    for (const p of programs) {
      if (!openTo(p, w.origin) && programClaim(p, w.facts) === true)
        w.notes.push(
          `${p.label} is for goods of ${originsOf(p)}, not of ${w.origin}: the claim is ignored and column 1 General applies`,
        );
    }
  }
  for (const p of programsOpenTo(programs, w.origin)) {
    const claimed = programClaim(p, w.facts);
    if (!programInForce(p, w.date)) {
      if (claimed === true)
        w.notes.push(
          `${p.label} cannot be claimed on ${w.date} (in force ${p.window?.from ?? "…"} to ${p.window?.to ? `before ${p.window.to}` : "…"}): column 1 General applies`,
        );
      continue;
    }
    // A declared indicator picks that indicator's rate (e.g. "P+" rather than "P"); a boolean claim any of the program's.
    const spi = w.facts.specialProgram;
    const indicators = spi !== undefined && p.indicators.includes(spi) ? [spi] : p.indicators;
    const rate = specialRateFor(w.line.special ?? "", indicators);
    if (rate === undefined) {
      if (claimed)
        w.notes.push(
          `${p.label}: the line grants no special rate under ${indicators.join("/")}; column 1 General applies`,
        );
      continue;
    }
    if (claimed === undefined) {
      needFact(
        w,
        p.fact ?? "specialProgram",
        `${p.label}: the line's special rate is ${rate} (${p.indicators.join("/")}) for a qualifying good`,
      );
      continue;
    }
    if (claimed) {
      if (p.uncertain) w.notes.push(`${p.label}: ${p.uncertain}`);
      return { rate, program: p.id, label: p.label };
    }
  }
  return undefined;
}

/** 8. The lines: the base, each duty still applying (a replacement total replaces the base), then the exemptions. */
export function assembleLines(w: StackWork, base: StackLine): void {
  w.lines = [base];
  for (const c of w.chosen) {
    if (c.removed) continue;
    let rate = ratePercentOf(c.m);
    if ("floor" in c.m.rate) {
      // The higher of the line's rate or the floor, including it: below the floor, the floor replaces the base rate
      // (specific parts included, as the heading prints a total); at or above it, nothing is added.
      // The column the floor's own test reads (its baseAdValorem condition): column 1 General unless it says
      // "as applicable"; a floor with no such test compares the base as entered.
      const test = c.m.conditions?.find(
        (x): x is Extract<Condition, { baseAdValorem: unknown }> => "baseAdValorem" in x,
      );
      const baseAv =
        test && (test.baseAdValorem.column ?? "general") === "general"
          ? baseAdValoremOf(w)("general")
          : (base.effectivePercent ?? 0);
      if (w.baseNotAdValorem) {
        needFact(
          w,
          "quantity",
          `${c.m.heading} compares the ad valorem equivalent of "${base.rateText}" with ${c.m.rate.floor}%; only its ad valorem part (${baseAv}%) is known`,
        );
      }
      if (baseAv < c.m.rate.floor) {
        base.effectivePercent = 0;
        base.note = `replaced by the floor of ${c.m.heading} (the higher of the column 1 rate or ${c.m.rate.floor}%, including it)`;
      } else {
        rate = 0;
      }
    } else if ("total" in c.m.rate) {
      base.effectivePercent = 0;
      base.note = `replaced by the total rate of ${c.m.heading}`;
    }
    w.lines.push(lineFor(c.m, rate, c.share, c.valueBase, w.date));
  }
  w.lines.push(...w.exemptionLines);
}

/** 9. The legal view: duties of authorities the view holds void are refundable, not owed. */
export function applyLegalView(w: StackWork): void {
  const voidAuthorities = w.ledger.views.find((v) => v.id === w.view)?.voidAuthorities ?? [];
  for (const l of w.lines) {
    if (l.role === "duty" && voidAuthorities.includes(l.authority)) {
      l.refundable = true;
      l.status = "void";
    }
  }
}

/** 10. Amounts, totals, uncertainty, coverage: the answer. */
/** Notes for what the ledger does not model (coverage.yaml `notModelled`) on the day, for an authority that charges here. */
function notModelledNotes(w: StackWork): void {
  for (const nm of w.ledger.notModelled ?? []) {
    if (w.date < nm.from || w.date >= nm.to) continue;
    if (!nm.origins.includes("*") && !nm.origins.includes(w.origin)) continue;
    if (w.lines.some((l) => l.role === "duty" && l.authority === nm.authority))
      w.notes.push(`not modelled: ${nm.what}`);
  }
}

export function totals(w: StackWork): Stack {
  notModelledNotes(w);
  const { ledger, index, lines, date, origin } = w;
  const value = w.facts.value;
  let total = 0;
  let refundable = 0;
  let totalAmount = 0;
  let refundableAmount = 0;
  for (const l of lines) {
    l.effectivePercent = round6(l.role === "base" ? l.effectivePercent : (l.ratePercent ?? 0) * l.valueShare);
    if (value !== undefined) l.amount = round2((value * l.effectivePercent) / 100);
    if (l.refundable) {
      refundable += l.effectivePercent;
      refundableAmount += l.amount ?? 0;
    } else {
      total += l.effectivePercent;
      totalAmount += l.amount ?? 0;
    }
  }
  const uncertain = lines
    .filter((l) => l.uncertain)
    .map((l) => ({ measure: l.measureId ?? l.heading, heading: l.heading, reason: l.uncertain! }));
  // An exemption in force whose product list cannot be reconstructed for the day may cover this line although its
  // list as known does not: the duties it targets are uncertain for every line.
  for (const ex of index.uncertainExemptions) {
    if (date < ex.window.from || (ex.window.to !== undefined && date >= ex.window.to) || ex.status !== "in-force")
      continue;
    if (!index.originMatches(ex, origin) || uncertain.some((u) => u.measure === ex.id)) continue;
    const hit = lines.find(
      (l) =>
        l.role === "duty" &&
        ((ex.exempts ?? []).includes(l.authority) ||
          (l.measureId !== undefined && (ex.exempts ?? []).includes(l.measureId))),
    );
    if (hit)
      uncertain.push({
        measure: ex.id,
        heading: ex.heading,
        reason: `${hit.heading} may not apply: the product scope of exemption ${ex.heading} on this day is uncertain. ${ex.uncertain!}`,
      });
  }
  const announced = date > ledger.reviewedThrough;
  if (announced)
    w.notes.push(
      `${date} is after the day the ledger was last reviewed (${ledger.reviewedThrough}): the answer rests on measures as announced by then`,
    );
  const base = lines[0]!;
  const stack: Stack = {
    hts: formatHts(w.code10),
    description: w.line.description,
    legalLine: formatHts(w.line.legalCode),
    origin,
    date,
    view: w.view,
    edition: ledger.catalog.editions[w.edition]!,
    lines,
    totalPercent: round6(total),
    additionalPercent: round6(total - (base.effectivePercent ?? 0)),
    refundablePercent: round6(refundable),
    needsFacts: w.needsFacts,
    uncertain,
    coverage: coverageOf(ledger.origins, origin),
    announced,
    notes: w.notes,
    ledgerVersion: ledger.version,
  };
  if (value !== undefined) {
    stack.totalAmount = round2(totalAmount);
    stack.refundableAmount = round2(refundableAmount);
  }
  return stack;
}

/** Each origin's coverage, by the ledger's coverage table (one read-only object per origin: every stack reports it). */
const coverages = new WeakMap<Ledger["origins"], Map<string, Stack["coverage"]>>();

function coverageOf(origins: Ledger["origins"], origin: string): Stack["coverage"] {
  let byOrigin = coverages.get(origins);
  if (!byOrigin) coverages.set(origins, (byOrigin = new Map()));
  let c = byOrigin.get(origin);
  if (!c) {
    const full = origins.full.includes(origin);
    const missing = full
      ? []
      : [...(origins.missingFor?.[origin] ?? origins.missingElsewhere), ...(origins.missingFromLedger?.[origin] ?? [])].map(
          (m) => `${m.authority}: ${m.what}`,
        );
    c = Object.freeze({ level: full ? "full" : "partial", missing: Object.freeze(missing) as string[] });
    byOrigin.set(origin, c);
  }
  return c;
}

/**
 * What is uncertain about a measure on `date`: its `uncertain` text, and from `uncertainAfter.date` on the reason given
 * there (a measure whose state after a day is not settled by the texts in hand).
 */
function uncertaintyOn(m: Pick<LedgerMeasure, "uncertain" | "uncertainAfter">, date: LegalDay): string | undefined {
  const after = m.uncertainAfter !== undefined && date >= m.uncertainAfter.date ? `from ${m.uncertainAfter.date}: ${m.uncertainAfter.reason}` : undefined;
  return m.uncertain !== undefined && after !== undefined ? `${m.uncertain}; ${after}` : (m.uncertain ?? after);
}

export function lineFor(m: LedgerMeasure, rate: number, share: number, valueBase: ValueBase, date: LegalDay): StackLine {
  const l: StackLine = {
    heading: m.heading,
    authority: m.authority,
    program: m.program,
    role: m.role === "exemption" ? "exemption" : "duty",
    ratePercent: rate,
    rateText:
      "addOn" in m.rate
        ? `+${m.rate.addOn}%`
        : "total" in m.rate
          ? `${m.rate.total}% (total)`
          : "floor" in m.rate
            ? `higher of column 1 or ${m.rate.floor}% (including it)`
            : "0% (exemption)",
    valueBase,
    valueShare: round6(share),
    effectivePercent: 0,
    instrument: { id: m.instrument.id, title: m.instrument.title, url: m.instrument.url },
    window: m.window.to === undefined ? { from: m.window.from } : { from: m.window.from, to: m.window.to },
    status: m.status,
    measureId: m.id,
    sources: m.sources,
  };
  const uncertain = uncertaintyOn(m, date);
  if (uncertain) l.uncertain = uncertain;
  return l;
}

interface ConditionContext {
  facts: EntryFacts;
  date: LegalDay;
  subjectTo: (a: Authority) => boolean;
  /** The measure's product scope is a list of products (not every product). */
  productSpecific?: boolean;
  /** The conditions are those of a duty (met: the duty is added), not of an exemption (met: a duty is removed). */
  adds?: boolean;
  /** The line's default for a use-based fact the entry does not state. */
  useDefault?: (fact: UseFact) => { value: boolean; why: string };
  /** The ad valorem part of the line's column 1 rate (General, or the column the entry is made under). */
  baseAdValorem?: (column: "general" | "applied") => number;
  /** The preference programs a `claims` condition names (the ledger's preferences.yaml). */
  programs?: readonly PreferenceProgram[];
}

type Missing = { fact: keyof EntryFacts; why: string; defaultUsed?: string };

/** Evaluate an exemption's conditions; `missing` names a fact whose default decided a "no". */
export function conditionsHold(conds: Condition[], ctx: ConditionContext): { ok: boolean; missing?: Missing } {
  const { facts, date } = ctx;
  // A use-based fact decided by the line's default holds or fails like any other; it is reported either way.
  let decidedByDefault: Missing | undefined;
  for (const c of conds) {
    if ("useFact" in c) {
      const stated = facts[c.useFact];
      if (stated !== undefined) {
        if (stated !== c.is) return { ok: false };
        continue;
      }
      const d = ctx.useDefault?.(c.useFact) ?? { value: false, why: "no default is recorded" };
      decidedByDefault = {
        fact: c.useFact,
        why: `${c.useFact} = ${c.is} (${d.why})`,
        defaultUsed: `${d.value ? "yes" : "no"} for this line`,
      };
      if (d.value !== c.is) return { ok: false, missing: decidedByDefault };
      continue;
    }
    if ("inTransit" in c) {
      const { loadedBefore, enteredBefore } = c.inTransit;
      if (enteredBefore !== undefined && date >= enteredBefore) return { ok: false };
      if (facts.loadedOnVessel === undefined) {
        const goods = `goods loaded before ${loadedBefore}${enteredBefore ? ` and entered before ${enteredBefore}` : ""}`;
        return {
          ok: false,
          missing: { fact: "loadedOnVessel", why: ctx.adds ? `it applies to ${goods}` : `${goods} are exempt` },
        };
      }
      if (facts.loadedOnVessel >= loadedBefore) return { ok: false };
    } else if ("subjectTo" in c) {
      if (!ctx.subjectTo(c.subjectTo)) return { ok: false };
    } else if ("chapter98" in c) {
      if (!facts.chapter98) return { ok: false };
    } else if ("transshipped" in c) {
      // A CBP determination, not a claim of the filer: its default (false) is not asked for on every answer.
      if (!facts.cbpTransshipment) return { ok: false };
    } else if ("withinQuota" in c) {
      if (facts.withinQuota === undefined) {
        // Default: within the quota (its fill is not in the data); the answer lists the fact.
        decidedByDefault ??= {
          fact: "withinQuota",
          why: "within the tariff-rate quota (the quota fill is not in the data)",
          defaultUsed: "within the quota",
        };
        continue;
      }
      if (!facts.withinQuota) return { ok: false };
    } else if ("russianAluminum" in c) {
      if (facts.russianAluminum === undefined) {
        // Asked only where the measure is limited to listed products (the aluminum lines), as certifications are.
        return ctx.productSpecific
          ? {
              ok: false,
              missing: {
                fact: "russianAluminum",
                why: "aluminum smelted or cast in Russia pays 200% (9903.85.67-.70)",
              },
            }
          : { ok: false };
      }
      if (!facts.russianAluminum) return { ok: false };
    } else if ("usContentAtLeast" in c) {
      if (facts.usContentShare === undefined) {
        return {
          ok: false,
          missing: {
            fact: "usContentShare",
            why: `US content of at least ${c.usContentAtLeast * 100}% changes the value base`,
          },
        };
      }
      if (facts.usContentShare < c.usContentAtLeast) return { ok: false };
    } else if ("exclusionClaimed" in c) {
      if (facts.s301ExclusionClaimed === undefined) {
        return {
          ok: false,
          missing: {
            fact: "s301ExclusionClaimed",
            why: "the line is covered by a Section 301 exclusion heading if the product matches its description",
          },
        };
      }
      if (!facts.s301ExclusionClaimed) return { ok: false };
    } else if ("certification" in c) {
      if (!(facts.certifications ?? []).includes(c.certification)) {
        // Product-specific certifications (auto parts for other uses, semiconductor end uses…) are worth asking for;
        // blanket ones (donations, informational materials) would be noise on every answer.
        return ctx.productSpecific
          ? { ok: false, missing: { fact: "certifications", why: `certification "${c.certification}" (not made)` } }
          : { ok: false };
      }
    } else if ("baseAdValorem" in c) {
      const av = ctx.baseAdValorem?.(c.baseAdValorem.column ?? "general") ?? 0;
      if (c.baseAdValorem.below !== undefined && !(av < c.baseAdValorem.below)) return { ok: false };
      if (c.baseAdValorem.atLeast !== undefined && !(av >= c.baseAdValorem.atLeast)) return { ok: false };
    } else if ("claims" in c) {
      const program = ctx.programs?.find((p) => p.id === c.claims);
      if (!program)
        throw new Error(`condition claims "${c.claims}": no such preference program in the ledger's preferences.yaml`);
      const claimed = programClaim(program, facts);
      if (claimed === undefined) {
        const fact = program.fact ?? "specialProgram";
        const verb = ctx.adds ? "adds a duty" : "exempts the good";
        return c.is
          ? { ok: false, missing: { fact, why: `a ${program.label} claim ${verb}` } }
          : { ok: true, missing: { fact, why: `without a ${program.label} claim the duty applies` } };
      }
      if (claimed !== c.is) return { ok: false };
    } else if ("usmcaQualifying" in c) {
      if (facts.usmcaQualifying === undefined) {
        const verb = ctx.adds ? "adds a duty" : "exempts the good";
        return c.usmcaQualifying
          ? { ok: false, missing: { fact: "usmcaQualifying", why: `a USMCA claim ${verb}` } }
          : { ok: true, missing: { fact: "usmcaQualifying", why: `without a USMCA claim the duty applies` } };
      }
      if (facts.usmcaQualifying !== c.usmcaQualifying) return { ok: false };
    } else if ("metalWeightBelow" in c) {
      if (facts.metalWeightShare === undefined) {
        return {
          ok: false,
          missing: {
            fact: "metalWeightShare",
            why: `articles with less than ${c.metalWeightBelow * 100}% metal by weight are exempt`,
          },
        };
      }
      if (facts.metalWeightShare >= c.metalWeightBelow) return { ok: false };
    }
  }
  return decidedByDefault ? { ok: true, missing: decidedByDefault } : { ok: true };
}
