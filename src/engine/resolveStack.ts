import { InputError } from "../common/errors.js";
import { formatHts, parseHtsCode } from "../common/htsCode.js";
import { parseLegalDay, type LegalDay } from "../common/legalDate.js";
import { parseOrigin } from "../common/country.js";
import type { Ledger, LedgerMeasure, LineFacts } from "../ledger/ledgerTypes.js";
import type { Authority, Condition } from "../ledger/measureSchema.js";
import { combineRuleOf, periodAt, s232GroupOf, stacksExplicitly } from "../ledger/precedence.js";
import { adValoremComponent, describeRate, parseRateText } from "../sources/rateText.js";
import { versionAt } from "../sources/htsCatalog.js";
import { FACT_DEFAULTS, type EntryFacts } from "./entryFacts.js";
import { useDefaultFor, type UseFact } from "../ledger/useDefaults.js";
import { LedgerIndex } from "./ledgerIndex.js";
import type { LegalViewId, NeededFact, Stack, StackLine, StackRequest, StackResult, ValueBase } from "./stackTypes.js";

/**
 * Bumped whenever the resolution rules of this engine change, so that resolved results persisted elsewhere (the
 * series panel in the compiled cache) are never reused across engine versions.
 */
export const ENGINE_VERSION = "engine/5";

const round2 = (x: number): number => Math.round((x + Number.EPSILON) * 100) / 100;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The edition index whose product facts apply on `day` (binary search over the sorted edition starts). */
export function editionIndexAt(ledger: Ledger, day: LegalDay): number {
  const starts = ledger.editionStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= day) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Base-rate texts repeat across thousands of lines: parse each distinct text once. */
const baseRateMemo = new Map<string, { expr: ReturnType<typeof parseRateText>; split: ReturnType<typeof adValoremComponent> }>();
function parsedBaseRate(text: string): { expr: ReturnType<typeof parseRateText>; split: ReturnType<typeof adValoremComponent> } {
  let hit = baseRateMemo.get(text);
  if (!hit) {
    const expr = parseRateText(text);
    hit = { expr, split: adValoremComponent(expr) };
    baseRateMemo.set(text, hit);
  }
  return hit;
}

function checkCoverage(ledger: Ledger, date: LegalDay): void {
  if (date < ledger.coverage.from || date > ledger.coverage.to) {
    throw new InputError(
      "DATE_OUT_OF_COVERAGE",
      "date",
      `${date} is outside the ledger's coverage (${ledger.coverage.from} to ${ledger.coverage.to}; later dates are answered only from announced measures up to that day)`,
    );
  }
}

/** Find the line facts of an HTS-10 on a day: the edition in force, else the nearest edition that prints it. */
function lineOn(ledger: Ledger, code10: string, day: LegalDay): { line: LineFacts; edition: number; note?: string } | undefined {
  const versions = ledger.catalog.lines.get(code10);
  if (!versions || versions.length === 0) return undefined;
  const idx = editionIndexAt(ledger, day);
  const v = versionAt(versions, idx);
  if (v) return { line: v, edition: idx };
  // Not printed in the edition in force (established later or discontinued earlier): use the nearest edition.
  let best = versions[0]!;
  let bestDist = Infinity;
  for (const cand of versions) {
    const dist = cand.from > idx ? cand.from - idx : idx - cand.to;
    if (dist < bestDist) {
      best = cand;
      bestDist = dist;
    }
  }
  const edIdx = best.from > idx ? best.from : best.to;
  return {
    line: best,
    edition: edIdx,
    note: `${formatHts(code10)} is not printed in edition ${ledger.catalog.editions[idx]}; facts from ${ledger.catalog.editions[edIdx]}`,
  };
}

interface Candidate {
  m: LedgerMeasure;
  share: number;
  valueBase: ValueBase;
  removed: boolean;
}

function metalShareFact(metal: string): keyof EntryFacts {
  return metal === "steel" ? "steelShare" : metal === "aluminum" ? "aluminumShare" : "copperShare";
}

function ratePercentOf(m: LedgerMeasure): number {
  const r = m.rate;
  return "addOn" in r ? r.addOn : "total" in r ? r.total : 0;
}

function pickHighest(list: Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of list) if (!best || ratePercentOf(c.m) > ratePercentOf(best.m)) best = c;
  return best;
}

/**
 * Resolve the duty stack of one statistical line. The rules come from the ledger: measure windows, scopes and
 * conditions, the precedence table row of the period, and the legal view.
 */
export function resolveLeafStack(
  ledger: Ledger,
  index: LedgerIndex,
  code10: string,
  origin: string,
  date: LegalDay,
  facts: EntryFacts,
  view: LegalViewId,
): Stack {
  const found = lineOn(ledger, code10, date);
  if (!found) throw new InputError("UNKNOWN_CODE", "hts", `${formatHts(code10)} is not a statistical line of any edition`, index.suggest(code10));
  const { line } = found;
  const notes: string[] = [];
  if (found.note) notes.push(found.note);
  const needsFacts: NeededFact[] = [];
  const needFact = (fact: NeededFact["fact"], why: string, defaultUsed?: string): void => {
    if (!needsFacts.some((n) => n.fact === fact && n.why === why)) {
      needsFacts.push({ fact, why, defaultUsed: defaultUsed ?? (fact === "quantity" ? "ad valorem part only" : FACT_DEFAULTS[fact]) });
    }
  };
  const useDefault = (fact: UseFact): { value: boolean; why: string } => {
    const rule = ledger.useDefaults.find((u) => u.fact === fact);
    return rule ? useDefaultFor(rule, code10, line.description) : { value: false, why: "no default is recorded for this fact" };
  };
  const period = periodAt(ledger.precedence, date);

  // 1. Candidate measures in force on the day, for the origin and the product.
  const duties: Candidate[] = [];
  const exemptions: LedgerMeasure[] = [];
  const conditional: LedgerMeasure[] = [];
  for (const m of index.measuresFor(code10, line, origin)) {
    if (date < m.window.from || (m.window.to !== undefined && date >= m.window.to)) continue;
    if (m.status === "void" || m.status === "suspended") continue;
    if (m.role === "exemption") exemptions.push(m);
    else if (m.conditions && m.conditions.length > 0) conditional.push(m);
    else duties.push({ m, share: 1, valueBase: "full", removed: false });
  }
  // Duties that apply only under a condition (certifications, in-transit, …): checked against the facts; a condition
  // on another authority ("subject to 232") is checked against the unconditional duties. A condition that would add a
  // product-specific duty (a ship-to-shore crane) is asked for like one that would remove a duty.
  for (const m of conditional) {
    const verdict = conditionsHold(m.conditions!, {
      facts,
      date,
      subjectTo: (a) => duties.some((c) => c.m.authority === a && ratePercentOf(c.m) > 0),
      productSpecific: !m.products.all,
      adds: true,
      useDefault,
    });
    if (verdict.missing) needFact(verdict.missing.fact, `${m.heading} (${m.program}) would apply: ${verdict.missing.why}`, verdict.missing.defaultUsed);
    if (verdict.ok) duties.push({ m, share: 1, valueBase: "full", removed: false });
  }

  const subjectTo = (a: Authority): boolean => duties.some((c) => c.m.authority === a && !c.removed && ratePercentOf(c.m) > 0);
  const exemptionLines: StackLine[] = [];
  const isPrecedenceDriven = (ex: LedgerMeasure): boolean => (ex.conditions ?? []).some((c) => "subjectTo" in c);
  const targetsOf = (ex: LedgerMeasure, pool: Candidate[]): Candidate[] =>
    pool.filter((c) => (ex.exempts ?? []).includes(c.m.authority) || (ex.exempts ?? []).includes(c.m.id));

  // 2. Exemptions on facts and products (certifications, in-transit, exclusions, lists) come first, over every
  //    candidate duty: they remove their targets on the whole value. A declared exemption heading is listed at 0%;
  //    an exception written into the excepted heading's own text (`declared: false`) is explained in a note. Declared
  //    headings are applied first so that the heading a filer declares is the one shown. An article they take out of
  //    232 is then no longer a 232 article for the precedence rows.
  const factExemptions = exemptions
    .filter((ex) => !isPrecedenceDriven(ex))
    .sort((a, b) => Number(b.declared !== false) - Number(a.declared !== false));
  for (const ex of factExemptions) {
    const targets = targetsOf(ex, duties).filter((t) => !t.removed);
    if (targets.length === 0) continue;
    const productSpecific = !ex.products.all || targets.some((t) => !t.m.products.all);
    const verdict = conditionsHold(ex.conditions ?? [], { facts, date, subjectTo, productSpecific, useDefault });
    if (verdict.missing) {
      const verb = verdict.ok ? "applies" : "would apply";
      needFact(verdict.missing.fact, `${ex.heading} (${ex.program}) ${verb}: ${verdict.missing.why}`, verdict.missing.defaultUsed);
    }
    if (!verdict.ok) continue;
    for (const t of targets) t.removed = true;
    if (ex.declared === false) {
      notes.push(`${[...new Set(targets.map((t) => t.m.heading))].join(", ")} not applied: ${ex.notes ?? ex.program} (${ex.instrument.id})`);
    } else {
      exemptionLines.push(lineFor(ex, 0, 1, "full"));
    }
  }

  // 3. How the remaining measures of one authority combine: the rule the precedence table declares for the authority
  //    (highest / program-order / cumulative), plus the headings a text makes stack explicitly.
  const chosen: Candidate[] = [];
  const byAuthority = new Map<Authority, Candidate[]>();
  for (const c of duties) {
    if (c.removed) continue;
    const list = byAuthority.get(c.m.authority) ?? [];
    list.push(c);
    byAuthority.set(c.m.authority, list);
  }
  for (const [authority, list] of byAuthority) {
    const rule = combineRuleOf(ledger.precedence, authority);
    if (rule === "cumulative") {
      chosen.push(...list);
      continue;
    }
    if (rule === "highest") {
      const best = pickHighest(list)!;
      chosen.push(best);
      const also = list.filter((c) => c !== best && stacksExplicitly(ledger.precedence, best.m.heading, c.m.heading));
      chosen.push(...also);
      const others = list.filter((c) => c !== best && !also.includes(c)).map((c) => c.m.heading);
      if (others.length > 0) notes.push(`${authority}: ${best.m.heading} applies (the highest); ${others.join(", ")} not added`);
      if (also.length > 0) notes.push(`${authority}: ${also.map((c) => c.m.heading).join(", ")} also applies with ${best.m.heading} (${ledger.precedence.within.cumulative.find((r) => r.headings.includes(best.m.heading))?.source.text ?? "cumulative by the ledger's rule"})`);
      continue;
    }
    // program-order: every program is listed in the precedence order (checked when the ledger compiles).
    const groupOf = (program: string): number => s232GroupOf(ledger.precedence, program)!;
    const first = Math.min(...list.map((c) => groupOf(c.m.program)));
    const inGroup = list.filter((c) => groupOf(c.m.program) === first);
    if (inGroup.length < list.length) {
      notes.push(`${authority}: ${inGroup[0]!.m.program} takes precedence over ${[...new Set(list.filter((c) => !inGroup.includes(c)).map((c) => c.m.program))].join(", ")}`);
    }
    const isMetals = ledger.precedence.s232Order[first]!.pick === "per-metal";
    if (isMetals) {
      const byMetal = new Map<string, Candidate[]>();
      for (const c of inGroup) {
        const key = c.m.valueBase === "metal-content" ? (c.m.metal ?? "metal") : "full-value";
        byMetal.set(key, [...(byMetal.get(key) ?? []), c]);
      }
      // A full-value metals heading (one per article, 2026 annex) excludes the content-based ones.
      const full = byMetal.get("full-value");
      if (full) chosen.push(pickHighest(full)!);
      else for (const group of byMetal.values()) chosen.push(pickHighest(group)!);
    } else {
      chosen.push(pickHighest(inGroup)!);
    }
  }
  // Candidates not chosen no longer count as applying (for the precedence rows and exemptions that follow).
  for (const c of duties) if (!chosen.includes(c)) c.removed = true;

  // 4. Value bases.
  for (const c of chosen) {
    if (c.m.valueBase === "metal-content") {
      const key = metalShareFact(c.m.metal ?? "steel");
      const v = facts[key] as number | undefined;
      if (v === undefined) needFact(key, `${c.m.heading} is charged on the ${c.m.metal} content`);
      c.share = v ?? 1;
      c.valueBase = "metal-content";
    } else if (c.m.valueBase === "non-us-content") {
      c.share = 1 - (facts.usContentShare ?? 0);
      c.valueBase = "non-us-content";
    }
  }

  // 5. Precedence of the period: a layer yields to another on the whole value or on that layer's value base; the
  //    exemption heading that says so (e.g. 9903.01.33, 9903.03.06) is declared for the part that yielded.
  const s232Share = Math.min(1, chosen.filter((c) => c.m.authority === "s232" && !c.removed).reduce((a, c) => a + c.share, 0));
  const yieldedShare = new Map<Candidate, number>();
  for (const rule of period.yields) {
    if (!subjectTo(rule.to)) continue;
    for (const c of chosen) {
      if (c.m.authority !== rule.layer || c.removed) continue;
      const before = c.share;
      if (rule.share === "full") c.removed = true;
      else {
        c.share = Math.max(0, c.share * (1 - s232Share));
        c.valueBase = "non-metal-content";
        if (c.share === 0) c.removed = true;
      }
      yieldedShare.set(c, before - (c.removed ? 0 : c.share));
    }
  }
  for (const ex of exemptions) {
    if (!isPrecedenceDriven(ex)) continue;
    const targets = targetsOf(ex, chosen);
    if (targets.length === 0) continue;
    if (!conditionsHold(ex.conditions ?? [], { facts, date, subjectTo }).ok) continue;
    let share = 0;
    for (const t of targets) {
      share = Math.max(share, yieldedShare.get(t) ?? 0);
      if (!yieldedShare.has(t) && !t.removed) {
        // An exemption heading without a precedence row removes the layer on the whole value.
        share = Math.max(share, t.share);
        t.removed = true;
      }
    }
    if (share <= 0) continue;
    exemptionLines.push(lineFor(ex, 0, share, share < 1 ? "metal-content" : "full"));
  }

  // 6. The base rate of the legal line.
  const { expr: baseExpr, split } = parsedBaseRate(line.general);
  if (split.nonAdValorem.length > 0) {
    needFact("quantity", `the base rate "${line.general}" has parts that are not ad valorem (${split.nonAdValorem.map(describeRate).join(", ")}); only the ad valorem part is in the total`);
  }
  if (split.percent === undefined) notes.push(`base rate "${line.general}" is not a percentage of value (${baseExpr.kind})`);
  const basePercent = split.percent ?? 0;
  const editionId = ledger.catalog.editions[found.edition]!;
  const baseLine: StackLine = {
    heading: formatHts(line.legalCode),
    authority: "base",
    program: "mfn",
    role: "base",
    ratePercent: split.percent ?? null,
    rateText: line.general === "" ? "(no rate printed)" : line.general,
    valueBase: "full",
    valueShare: 1,
    effectivePercent: basePercent,
    instrument: { id: `HTSUS ${editionId}`, title: "Harmonized Tariff Schedule of the United States, column 1 General", url: "https://hts.usitc.gov/" },
    window: { from: ledger.editionStarts[found.edition]! },
    status: "in-force",
    sources: [{ edition: editionId, file: `us/hts/hts_${editionId}.json.gz`, row: line.row }],
  };

  // 7. Replacement totals (floors) replace the base; assemble the lines.
  const lines: StackLine[] = [baseLine];
  for (const c of chosen) {
    if (c.removed) continue;
    const rate = ratePercentOf(c.m);
    if ("total" in c.m.rate) {
      baseLine.effectivePercent = 0;
      baseLine.note = `replaced by the total rate of ${c.m.heading}`;
    }
    lines.push(lineFor(c.m, rate, c.share, c.valueBase));
  }
  lines.push(...exemptionLines);

  // 8. Legal view: measures held void are refundable, not owed.
  const voidAuthorities = ledger.views.find((v) => v.id === view)?.voidAuthorities ?? [];
  for (const l of lines) {
    if (l.role === "duty" && voidAuthorities.includes(l.authority)) {
      l.refundable = true;
      l.status = "void";
    }
  }

  // 9. Amounts and totals.
  const value = facts.value;
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
    if (date < ex.window.from || (ex.window.to !== undefined && date >= ex.window.to) || ex.status !== "in-force") continue;
    if (!index.originMatches(ex, origin) || uncertain.some((u) => u.measure === ex.id)) continue;
    const hit = lines.find((l) => l.role === "duty" && ((ex.exempts ?? []).includes(l.authority) || (l.measureId !== undefined && (ex.exempts ?? []).includes(l.measureId))));
    if (hit) uncertain.push({ measure: ex.id, heading: ex.heading, reason: `${hit.heading} may not apply: the product scope of exemption ${ex.heading} on this day is uncertain. ${ex.uncertain!}` });
  }
  const covered = ledger.origins.full.includes(origin);
  const announced = date > ledger.reviewedThrough;
  if (date > ledger.reviewedThrough) notes.push(`${date} is after the day the ledger was last reviewed (${ledger.reviewedThrough}): the answer rests on measures as announced by then`);

  const stack: Stack = {
    hts: formatHts(code10),
    description: line.description,
    legalLine: formatHts(line.legalCode),
    origin,
    date,
    view,
    edition: editionId,
    lines,
    totalPercent: round6(total),
    additionalPercent: round6(total - (baseLine.effectivePercent ?? 0)),
    refundablePercent: round6(refundable),
    needsFacts,
    uncertain,
    coverage: covered
      ? { level: "full", missing: [] }
      : { level: "partial", missing: ledger.origins.missingElsewhere.map((m) => `${m.authority}: ${m.what}`) },
    announced,
    notes,
    ledgerVersion: ledger.version,
  };
  if (value !== undefined) {
    stack.totalAmount = round2(totalAmount);
    stack.refundableAmount = round2(refundableAmount);
  }
  return stack;
}

function lineFor(m: LedgerMeasure, rate: number, share: number, valueBase: ValueBase): StackLine {
  const l: StackLine = {
    heading: m.heading,
    authority: m.authority,
    program: m.program,
    role: m.role === "exemption" ? "exemption" : "duty",
    ratePercent: rate,
    rateText: "addOn" in m.rate ? `+${m.rate.addOn}%` : "total" in m.rate ? `${m.rate.total}% (total)` : "0% (exemption)",
    valueBase,
    valueShare: round6(share),
    effectivePercent: 0,
    instrument: { id: m.instrument.id, title: m.instrument.title, url: m.instrument.url },
    window: m.window.to === undefined ? { from: m.window.from } : { from: m.window.from, to: m.window.to },
    status: m.status,
    measureId: m.id,
    sources: m.sources,
  };
  if (m.uncertain) l.uncertain = m.uncertain;
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
}

type Missing = { fact: keyof EntryFacts; why: string; defaultUsed?: string };

/** Evaluate an exemption's conditions; `missing` names a fact whose default decided a "no". */
function conditionsHold(conds: Condition[], ctx: ConditionContext): { ok: boolean; missing?: Missing } {
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
      decidedByDefault = { fact: c.useFact, why: `${c.useFact} = ${c.is} (${d.why})`, defaultUsed: `${d.value ? "yes" : "no"} for this line` };
      if (d.value !== c.is) return { ok: false, missing: decidedByDefault };
      continue;
    }
    if ("inTransit" in c) {
      const { loadedBefore, enteredBefore } = c.inTransit;
      if (enteredBefore !== undefined && date >= enteredBefore) return { ok: false };
      if (facts.loadedOnVessel === undefined) {
        const goods = `goods loaded before ${loadedBefore}${enteredBefore ? ` and entered before ${enteredBefore}` : ""}`;
        return { ok: false, missing: { fact: "loadedOnVessel", why: ctx.adds ? `it applies to ${goods}` : `${goods} are exempt` } };
      }
      if (facts.loadedOnVessel >= loadedBefore) return { ok: false };
    } else if ("subjectTo" in c) {
      if (!ctx.subjectTo(c.subjectTo)) return { ok: false };
    } else if ("chapter98" in c) {
      if (!facts.chapter98) return { ok: false };
    } else if ("usContentAtLeast" in c) {
      if (facts.usContentShare === undefined) {
        return { ok: false, missing: { fact: "usContentShare", why: `US content of at least ${c.usContentAtLeast * 100}% changes the value base` } };
      }
      if (facts.usContentShare < c.usContentAtLeast) return { ok: false };
    } else if ("exclusionClaimed" in c) {
      if (facts.s301ExclusionClaimed === undefined) {
        return { ok: false, missing: { fact: "s301ExclusionClaimed", why: "the line is covered by a Section 301 exclusion heading if the product matches its description" } };
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
    } else if ("metalWeightBelow" in c) {
      if (facts.metalWeightShare === undefined) {
        return { ok: false, missing: { fact: "metalWeightShare", why: `articles with less than ${c.metalWeightBelow * 100}% metal by weight are exempt` } };
      }
      if (facts.metalWeightShare >= c.metalWeightBelow) return { ok: false };
    }
  }
  return decidedByDefault ? { ok: true, missing: decidedByDefault } : { ok: true };
}

/** Group statistical lines whose stacks are identical (same lines, rates and shares). */
export function stackSignature(s: Stack): string {
  return s.lines.map((l) => `${l.heading}|${l.ratePercent}|${l.valueShare}|${l.role}|${l.refundable ? 1 : 0}`).join(";");
}

/** The library entry point: `tariffscope stack`. Accepts 4/6/8/10-digit codes; shorter ones are split when lines differ. */
export function resolveStack(ledger: Ledger, index: LedgerIndex, req: StackRequest): StackResult {
  const digits = parseHtsCode(req.hts, "hts");
  const origin = parseOrigin(req.origin);
  const date = parseLegalDay(req.date);
  checkCoverage(ledger, date);
  const view = req.view ?? "collected";
  if (view !== "collected" && view !== "adjudicated") {
    throw new InputError("BAD_VIEW", "view", `"${String(view)}" is not a legal view`, ["collected", "adjudicated"]);
  }
  const facts = req.facts ?? {};
  if (digits.length === 10) {
    return { kind: "single", stack: resolveLeafStack(ledger, index, digits, origin, date, facts, view), statisticalLines: [formatHts(digits)] };
  }
  const leaves = index.leavesUnder(digits, editionIndexAt(ledger, date));
  if (leaves.length === 0) throw new InputError("UNKNOWN_CODE", "hts", `no statistical line under ${formatHts(digits)}`, index.suggest(digits));
  const groups = new Map<string, { codes: string[]; stack: Stack }>();
  for (const code of leaves) {
    const stack = resolveLeafStack(ledger, index, code, origin, date, facts, view);
    const sig = stackSignature(stack);
    const g = groups.get(sig);
    if (g) g.codes.push(formatHts(code));
    else groups.set(sig, { codes: [formatHts(code)], stack });
  }
  if (groups.size === 1) {
    const only = [...groups.values()][0]!;
    return { kind: "single", stack: only.stack, statisticalLines: only.codes };
  }
  return { kind: "split", code: formatHts(digits), variants: [...groups.values()] };
}
