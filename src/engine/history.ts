import { column2Start, paysColumn2 } from "../ledger/column2Origins.js";
import { programInForce, programsOpenTo, type PreferenceProgram } from "../ledger/preferencePrograms.js";
import { InputError } from "../common/errors.js";
import { formatHts, parseHtsCode } from "../common/htsCode.js";
import { addDays, dayNumber, parseLegalDay, type LegalDay } from "../common/legalDate.js";
import { parseOrigin } from "../common/country.js";
import { legalView } from "../ledger/legalViews.js";
import type { Ledger, LedgerMeasure, LineFacts } from "../ledger/ledgerTypes.js";
import { baseScheduleAt } from "../ledger/baseSchedules.js";
import { useDefaultFor } from "../ledger/useDefaults.js";
import { periodAt } from "../ledger/precedence.js";
import type { EntryFacts } from "./entryFacts.js";
import type { LedgerIndex } from "./ledgerIndex.js";
import { lineOn, resolveLeafStack, stackSignature, unknownCodeError } from "./resolveStack.js";
import type { LegalViewId, Stack, StackLine } from "./stackTypes.js";

/** A change of one layer between two consecutive intervals. */
export interface LayerChange {
  authority: string;
  heading: string;
  /** Contribution to the total before and after, percent of full value (0 when absent). */
  before: number;
  after: number;
  instrument: { id: string; title: string; url: string } | null;
}

/** One interval of constant duty stack: [from, to) with `to` undefined for the last one up to the requested end. */
export interface HistoryInterval {
  from: LegalDay;
  /** First day not in the interval. */
  to: LegalDay;
  totalPercent: number;
  additionalPercent: number;
  byAuthority: Record<string, number>;
  lines: Pick<StackLine, "heading" | "authority" | "ratePercent" | "valueShare" | "effectivePercent" | "role" | "refundable">[];
  changes: LayerChange[];
  uncertain: string[];
  needsFacts: string[];
}

export interface HistoryResult {
  hts: string;
  origin: string;
  from: LegalDay;
  to: LegalDay;
  view: LegalViewId;
  /** The timeline (of the first group of statistical lines when they differ: see `variants`). */
  intervals: HistoryInterval[];
  /** The statistical lines this timeline is for (several when a shorter code's lines share it). */
  statisticalLines: string[];
  /** When the statistical lines under a shorter code have different timelines: one per group of lines. */
  variants?: { codes: string[]; intervals: HistoryInterval[] }[];
  ledgerVersion: string;
}

export interface HistoryRequest {
  hts: string;
  origin: string;
  from?: LegalDay;
  /** Last day included. */
  to?: LegalDay;
  facts?: EntryFacts;
  view?: LegalViewId;
}

/** Contribution of each authority to a stack's total. */
export function byAuthority(stack: Stack): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of stack.lines) {
    if (l.refundable || l.effectivePercent === 0) continue;
    out[l.authority] = Math.round(((out[l.authority] ?? 0) + l.effectivePercent) * 1e6) / 1e6;
  }
  return out;
}

/**
 * Days on which anything that could change this line's stack changes, besides what the origin brings: its editions'
 * versions, precedence rows, base schedules (`originBreakpoints` adds the origin's part).
 */
function productBreakpoints(ledger: Ledger, code10: string, from: LegalDay, endExclusive: LegalDay): Set<LegalDay> {
  const days = new Set<LegalDay>([from]);
  const add = (d: LegalDay | undefined): void => {
    if (d !== undefined && d > from && d < endExclusive) days.add(d);
  };
  for (const v of ledger.catalog.lines.get(code10) ?? []) {
    add(ledger.editionStarts[v.from]);
    if (v.to + 1 < ledger.editionStarts.length) add(ledger.editionStarts[v.to + 1]);
  }
  for (const p of ledger.precedence.periods) {
    add(p.from);
    add(p.to);
  }
  for (const p of ledger.baseSchedules ?? []) {
    add(p.from);
    add(p.to);
  }
  return days;
}

/**
 * What a day's state and a line's breakpoints take from the origin alone (not from the line), found once per origin and
 * ledger index (`originDaysOf`): the uncertain exemptions open to it, the preference programs open to it, and by day the
 * part of a day state they, the precedence period, the base schedule and column 2 make.
 */
export class OriginDays {
  private readonly ledger: Ledger;
  /** The exemptions whose product list cannot be reconstructed (`LedgerIndex.uncertainExemptions`), in force and open to the origin. */
  private readonly uncertainInForce: LedgerMeasure[];
  private readonly programs: readonly PreferenceProgram[];
  /** The ids of the programs open to the origin: the stacks of origins with other programs are never shared. */
  private readonly programsKey: string;
  /**
   * Days on which something of the origin alone may change a stack: the windows of the uncertain exemptions open to it
   * (they mark the duties they target uncertain on every line of the origin, also where their known list does not reach
   * the line: stackSteps `totals`), its column 2 start, its programs' windows (a claimed special rate comes or goes).
   */
  readonly days: LegalDay[];
  private readonly parts = new Map<LegalDay, { id: number; priorBase: boolean }>();

  constructor(
    index: LedgerIndex,
    private readonly origin: string,
    /** Numbers for the parts' texts, shared by the origins of one ledger (`part`). */
    private readonly partIds: Map<string, number>,
  ) {
    const ledger = (this.ledger = index.ledger);
    const uncertain = index.uncertainExemptions.filter((ex) => index.originMatches(ex, origin));
    this.uncertainInForce = uncertain.filter((ex) => ex.status === "in-force");
    this.programs = programsOpenTo(ledger.preferences, origin);
    this.programsKey = this.programs.map((p) => p.id).join(",");
    const days = new Set<LegalDay>();
    const add = (d: LegalDay | undefined): void => {
      if (d !== undefined) days.add(d);
    };
    for (const ex of uncertain) {
      add(ex.window.from);
      add(ex.window.to);
    }
    add(column2Start(ledger.column2, origin));
    for (const p of this.programs) {
      add(p.window?.from);
      add(p.window?.to);
    }
    this.days = [...days];
  }

  /**
   * The day's part of a day state (`DayState.key`), as a number: the programs open to the origin, the precedence period,
   * the base schedule (and whether it is an earlier schedule read by 8-digit line), a stand-in edition before the first
   * one, the uncertain exemptions in force, the programs that can be claimed, whether the origin pays column 2. Origins
   * with the same programs and the same part on a day get the same number.
   */
  part(day: LegalDay): { id: number; priorBase: boolean } {
    let part = this.parts.get(day);
    if (part === undefined) {
      const { ledger } = this;
      const base = baseScheduleAt(ledger.baseSchedules, day);
      let text = `${this.programsKey}|${ledger.precedence.periods.indexOf(periodAt(ledger.precedence, day))}|${base ? ledger.baseSchedules!.indexOf(base) : -1}|${day < ledger.editionStarts[0]! ? 1 : 0}|`;
      for (const ex of this.uncertainInForce) if (day >= ex.window.from && (ex.window.to === undefined || day < ex.window.to)) text += `,${ex.index}`;
      text += "|p";
      for (const p of this.programs) text += programInForce(p, day) ? "1" : "0";
      text += `|c2:${paysColumn2(ledger.column2, this.origin, day) ? 1 : 0}`;
      let id = this.partIds.get(text);
      if (id === undefined) this.partIds.set(text, (id = this.partIds.size));
      this.parts.set(day, (part = { id, priorBase: base?.schedule === "tariff-database" }));
    }
    return part;
  }
}

const originDaysMemo = new WeakMap<LedgerIndex, Map<string, OriginDays>>();
/**
 * The numbers of the parts' texts, by ledger object (a part reads nothing but the ledger): day states kept for a
 * ledger (`SharedDays`) hold them, whatever index they were found through.
 */
const partIdsMemo = new WeakMap<Ledger, Map<string, number>>();

/** The origin's `OriginDays` over the index's ledger (kept per index: one per origin asked). */
export function originDaysOf(index: LedgerIndex, origin: string): OriginDays {
  let byOrigin = originDaysMemo.get(index);
  if (!byOrigin) originDaysMemo.set(index, (byOrigin = new Map()));
  let d = byOrigin.get(origin);
  if (!d) {
    let partIds = partIdsMemo.get(index.ledger);
    if (!partIds) partIdsMemo.set(index.ledger, (partIds = new Map()));
    byOrigin.set(origin, (d = new OriginDays(index, origin, partIds)));
  }
  return d;
}

/** The days within a measure's window from which its answer changes: in-transit entry deadlines, `uncertainAfter`. */
function afterDays(m: LedgerMeasure): LegalDay[] {
  const days: LegalDay[] = [];
  for (const c of m.conditions ?? []) if ("inTransit" in c && c.inTransit.enteredBefore !== undefined) days.push(c.inTransit.enteredBefore);
  if (m.uncertainAfter !== undefined) days.push(m.uncertainAfter.date);
  return days;
}

/** The window bounds of a list of measures (`LedgerIndex.measuresFor` keeps one list per line version and class). */
const windowDaysMemo = new WeakMap<readonly LedgerMeasure[], LegalDay[]>();

function windowDays(list: readonly LedgerMeasure[]): LegalDay[] {
  let days = windowDaysMemo.get(list);
  if (!days) {
    const set = new Set<LegalDay>();
    for (const m of list) {
      set.add(m.window.from);
      if (m.window.to !== undefined) set.add(m.window.to);
      for (const d of afterDays(m)) set.add(d);
    }
    windowDaysMemo.set(list, (days = [...set]));
  }
  return days;
}

/**
 * The days of `productBreakpoints` with the origin's: the windows of the measures that can reach the line for the
 * origin, and the origin's own days (`OriginDays.days`). Sorted.
 */
function originBreakpoints(
  ledger: Ledger,
  index: LedgerIndex,
  code10: string,
  origin: OriginDays,
  originCode: string,
  product: ReadonlySet<LegalDay>,
  from: LegalDay,
  endExclusive: LegalDay,
): LegalDay[] {
  const days = new Set<LegalDay>(product);
  const add = (list: readonly LegalDay[]): void => {
    for (const d of list) if (d > from && d < endExclusive) days.add(d);
  };
  for (const v of ledger.catalog.lines.get(code10) ?? []) add(windowDays(index.measuresFor(code10, v, originCode)));
  add(origin.days);
  return [...days].sort();
}

/** Days on which anything that could change this line's stack changes: measure windows, editions, precedence rows, base schedules. */
function breakpoints(ledger: Ledger, index: LedgerIndex, code10: string, origin: string, from: LegalDay, endExclusive: LegalDay): LegalDay[] {
  const product = productBreakpoints(ledger, code10, from, endExclusive);
  return originBreakpoints(ledger, index, code10, originDaysOf(index, origin), origin, product, from, endExclusive);
}

/** The line version of a line on a day (`lineOn`), kept by day for the origins of one line (`leafHistories`). */
type LineLookup = (day: LegalDay) => ReturnType<typeof lineOn>;

/**
 * What a day's stack of the line depends on besides the line, origin, facts and view (stackSteps reads the date for
 * nothing else): the line version in force (or the nearest printed one), the measures in force among those that can
 * reach it, the in-transit entry deadlines and `uncertainAfter` days passed, and the origin's part of the day
 * (`OriginDays.part`: the precedence period, the base schedule, a stand-in edition before the first one, the uncertain
 * exemptions in force, the preference programs open to the origin that can be claimed, and whether the origin pays
 * column 2). Two days with the same state have the same stack (the date aside), so a breakpoint whose state equals the
 * previous one's cannot start an interval.
 */
class DayState {
  private readonly lineKeys = new Map<LineFacts, string>();
  private readonly spans: MeasureSpans;

  /**
   * `byContent`: the line version is named by what a stack reads of it (column 1 General and Special, column 2, the use-fact
   * defaults of its description and their reasons, which a needed fact quotes; the 8-digit code when the base is read
   * from an earlier schedule), not by its legal line, so that other lines can share the state (`leafHistories`); else
   * by its place among the line's versions.
   */
  constructor(
    private readonly ledger: Ledger,
    private readonly index: LedgerIndex,
    private readonly code10: string,
    private readonly origin: string,
    private readonly originDays: OriginDays,
    private readonly byContent?: SharedDays,
    private readonly lineAt: LineLookup = (day) => lineOn(ledger, code10, day),
  ) {
    // The lists come from the index: read them against its ledger.
    this.spans = measureSpans(index.ledger);
  }

  private lineKey(line: LineFacts): string {
    let k = this.lineKeys.get(line);
    if (k === undefined) {
      const { ledger } = this;
      k = this.byContent
        ? `#${this.byContent.contentId(line, () => `${line.general}\u0001${line.special ?? ""}\u0001${line.other}\u0001${ledger.useDefaults.map((u) => JSON.stringify(useDefaultFor(u, this.code10, line.description))).join("\u0001")}`)}`
        : `${ledger.catalog.lines.get(this.code10)!.indexOf(line)}`;
      this.lineKeys.set(line, k);
    }
    return k;
  }

  /** The state of `day` (`dn`: its `dayNumber`). */
  key(day: LegalDay, dn: number): string | undefined {
    const found = this.lineAt(day);
    if (!found) return undefined;
    let key = this.lineKey(found.line);
    const { active, from, to, after } = this.spans;
    for (const m of this.index.measuresFor(this.code10, found.line, this.origin)) {
      const i = m.index;
      if (dn < from[i]! || dn >= to[i]! || active[i] === 0) continue;
      key += `,${i}`;
      const days = after[i];
      if (days) for (const d of days) if (dn >= d) key += "t";
    }
    const part = this.originDays.part(day);
    key += `|${part.id}`;
    if (this.byContent && part.priorBase) key += `|${this.code10.slice(0, 8)}`;
    return key;
  }
}

/**
 * The ledger's measures as `DayState.key` reads them on every day, in numbers, by measure index: whether a measure can
 * be in force at all (not void or suspended), its window as day numbers (open end: Infinity), and the days within it
 * from which its answer changes (`afterDays`: in-transit entry deadlines, `uncertainAfter`). One per ledger object.
 */
interface MeasureSpans {
  active: Uint8Array;
  from: Float64Array;
  to: Float64Array;
  after: (number[] | undefined)[];
}

const spansMemo = new WeakMap<Ledger, MeasureSpans>();

function measureSpans(ledger: Ledger): MeasureSpans {
  let spans = spansMemo.get(ledger);
  if (!spans) {
    const ms = ledger.measures;
    spans = {
      active: Uint8Array.from(ms, (m) => (m.status === "void" || m.status === "suspended" ? 0 : 1)),
      from: Float64Array.from(ms, (m) => dayNumber(m.window.from)),
      to: Float64Array.from(ms, (m) => (m.window.to === undefined ? Infinity : dayNumber(m.window.to))),
      after: ms.map((m) => {
        const deadlines = afterDays(m).map(dayNumber);
        return deadlines.length > 0 ? deadlines : undefined;
      }),
    };
    spansMemo.set(ledger, spans);
  }
  return spans;
}

/** What must stay constant within an interval: the stack's lines and total, the facts asked for, the uncertain facts. */
function historySignature(stack: Stack): string {
  return `${stackSignature(stack)}#${stack.totalPercent}#${stack.needsFacts.map((n) => `${n.fact}:${n.why}`).join("|")}#${stack.uncertain.map((u) => u.measure).join("|")}`;
}

/** An interval's figures, from the stack of its first day. */
function intervalFields(stack: Stack): Omit<HistoryInterval, "from" | "to" | "changes"> {
  return {
    totalPercent: stack.totalPercent,
    additionalPercent: stack.additionalPercent,
    byAuthority: byAuthority(stack),
    lines: stack.lines.map((l) => ({
      heading: l.heading,
      authority: l.authority,
      ratePercent: l.ratePercent,
      valueShare: l.valueShare,
      effectivePercent: l.effectivePercent,
      role: l.role,
      ...(l.refundable ? { refundable: true } : {}),
    })),
    uncertain: stack.uncertain.map((u) => `${u.heading}: ${u.reason}`),
    needsFacts: stack.needsFacts.map((n) => n.fact),
  };
}

/** The step timeline of one statistical line: each interval with its total and the layers that changed. */
export function leafHistory(
  ledger: Ledger,
  index: LedgerIndex,
  code10: string,
  origin: string,
  from: LegalDay,
  to: LegalDay,
  facts: EntryFacts,
  view: LegalViewId,
  opts: { changes?: boolean } = {},
): HistoryInterval[] {
  const endExclusive = addDays(to, 1);
  const days = breakpoints(ledger, index, code10, origin, from, endExclusive);
  const state = new DayState(ledger, index, code10, origin, originDaysOf(index, origin));
  const intervals: HistoryInterval[] = [];
  let prevSig = "";
  let prevState: string | undefined;
  let prev: Stack | undefined;
  for (const day of days) {
    // The same state as the previous breakpoint: the same stack, so the same signature (skipped below anyway).
    const st = state.key(day, dayNumber(day));
    if (st !== undefined && st === prevState) continue;
    prevState = st;
    const stack = resolveLeafStack(ledger, index, code10, origin, day, facts, view);
    // What an interval reports (the facts asked for, the uncertain facts) is part of what must stay constant in it.
    const sig = historySignature(stack);
    if (sig === prevSig) continue;
    const interval: HistoryInterval = {
      from: day,
      to: endExclusive,
      ...intervalFields(stack),
      changes: prev && opts.changes !== false ? diffStacks(ledger, prev, stack) : [],
    };
    const last = intervals[intervals.length - 1];
    if (last) last.to = day;
    intervals.push(interval);
    prevSig = sig;
    prev = stack;
  }
  return intervals;
}

/** An interval of `leafHistories`: the figures of a `HistoryInterval`, with whether facts were asked or uncertain. */
export interface IntervalFigures {
  from: LegalDay;
  /** First day not in the interval. */
  to: LegalDay;
  totalPercent: number;
  additionalPercent: number;
  byAuthority: Record<string, number>;
  needsFacts: boolean;
  uncertain: boolean;
}

/** What an interval of a shared history takes from its first day's stack (see `leafHistories`). */
export interface SharedDay {
  totalPercent: number;
  additionalPercent: number;
  byAuthority: Record<string, number>;
  needsFacts: boolean;
  uncertain: boolean;
}

function sameFigures(a: SharedDay, b: SharedDay): boolean {
  return (
    a.totalPercent === b.totalPercent &&
    a.additionalPercent === b.additionalPercent &&
    a.byAuthority === b.byAuthority &&
    a.needsFacts === b.needsFacts &&
    a.uncertain === b.uncertain
  );
}

/** A key naming an authority split (its authorities and their figures, in order). */
export function authoritySplitKey(entries: readonly (readonly [string, number])[]): string {
  return entries.map(([a, p]) => `${a}:${p}`).join("|");
}

/**
 * The day states resolved by `leafHistories` calls over one ledger, facts and view (a caller keeps one to share them
 * between lines and origins). Kept compact, since a panel's build keeps hundreds of thousands: a line version's content
 * (what a stack reads of it) is named by a number, each distinct authority split is held once (one object, so that
 * equal splits are the same object).
 */
export class SharedDays {
  readonly days = new Map<string, SharedDay>();
  private readonly contentIds = new Map<string, number>();
  private readonly lineIds = new WeakMap<LineFacts, number>();
  private readonly authorities = new Map<string, Record<string, number>>();

  /** The number of a line version's content (`text` gives the content, asked once per line version). */
  contentId(line: LineFacts, text: () => string): number {
    let id = this.lineIds.get(line);
    if (id === undefined) {
      const t = text();
      id = this.contentIds.get(t);
      if (id === undefined) this.contentIds.set(t, (id = this.contentIds.size));
      this.lineIds.set(line, id);
    }
    return id;
  }

  /** One object per distinct split (the intervals that share it are read only). */
  byAuthority(split: Record<string, number>): Record<string, number> {
    const key = authoritySplitKey(Object.entries(split));
    let kept = this.authorities.get(key);
    if (kept === undefined) this.authorities.set(key, (kept = split));
    return kept;
  }
}

/**
 * The histories of one statistical line for several origins at once (the all-partner panel's origin classes), with the
 * same facts and view: each has the figures of `leafHistory`'s intervals for its origin (`IntervalFigures`) on every
 * day, with consecutive intervals of the same figures as one (where `leafHistory` starts an interval because a heading
 * or the facts asked for change, say, and no figure does). The stacks are shared between origins and lines: a breakpoint's stack is resolved once per day state
 * (`DayState` by content: what the stack reads of the line version, the measures in force, …) and set of preference
 * programs open to the origin — everything of the origin a stack reads besides its coverage and notes —, so the days
 * on which the origins' measures agree (before and after the country rates, lines the country rates do not reach), and
 * lines alike on a day, are resolved once. `shared` holds the states resolved so far: a caller may pass one map to
 * several calls with the same ledger, facts and view. An origin whose history cannot be resolved gets the error thrown.
 */
export function leafHistories(
  ledger: Ledger,
  index: LedgerIndex,
  code10: string,
  origins: readonly string[],
  from: LegalDay,
  to: LegalDay,
  facts: EntryFacts,
  view: LegalViewId,
  shared: SharedDays = new SharedDays(),
): (IntervalFigures[] | Error)[] {
  const endExclusive = addDays(to, 1);
  // What does not depend on the origin is found once for the line: its breakpoints' product part, its version by day.
  const product = productBreakpoints(ledger, code10, from, endExclusive);
  const versions = new Map<LegalDay, ReturnType<typeof lineOn>>();
  const lineAt: LineLookup = (day) => {
    let v = versions.get(day);
    if (v === undefined && !versions.has(day)) versions.set(day, (v = lineOn(ledger, code10, day)));
    return v;
  };
  return origins.map((origin) => {
    try {
      const own = originDaysOf(index, origin);
      const days = originBreakpoints(ledger, index, code10, own, origin, product, from, endExclusive);
      const state = new DayState(ledger, index, code10, origin, own, shared, lineAt);
      const intervals: IntervalFigures[] = [];
      let prev: SharedDay | undefined;
      let prevState: string | undefined;
      for (const day of days) {
        const st = state.key(day, dayNumber(day));
        if (st !== undefined && st === prevState) continue;
        prevState = st;
        // The state holds the programs open to the origin (`OriginDays.part`): origins share it only with the same programs.
        let d = st === undefined ? undefined : shared.days.get(st);
        if (!d) {
          const stack = resolveLeafStack(ledger, index, code10, origin, day, facts, view);
          d = {
            totalPercent: stack.totalPercent,
            additionalPercent: stack.additionalPercent,
            byAuthority: shared.byAuthority(byAuthority(stack)),
            needsFacts: stack.needsFacts.length > 0,
            uncertain: stack.uncertain.length > 0,
          };
          if (st !== undefined) shared.days.set(st, d);
        }
        // The same figures as the interval before (its authority split is the same object: `SharedDays.byAuthority`): the
        // interval goes on, whatever else of the stack changed (a heading, a note).
        if (prev && sameFigures(prev, d)) continue;
        const last = intervals[intervals.length - 1];
        if (last) last.to = day;
        intervals.push({
          from: day,
          to: endExclusive,
          totalPercent: d.totalPercent,
          additionalPercent: d.additionalPercent,
          byAuthority: d.byAuthority,
          needsFacts: d.needsFacts,
          uncertain: d.uncertain,
        });
        prev = d;
      }
      return intervals;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  });
}

function diffStacks(ledger: Ledger, a: Stack, b: Stack): LayerChange[] {
  const key = (l: StackLine): string => `${l.authority}|${l.heading}|${l.role}`;
  const before = new Map(a.lines.map((l) => [key(l), l]));
  const after = new Map(b.lines.map((l) => [key(l), l]));
  const changes: LayerChange[] = [];
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const x = before.get(k);
    const y = after.get(k);
    const bx = x && !x.refundable ? x.effectivePercent : 0;
    const by = y && !y.refundable ? y.effectivePercent : 0;
    const sameRole = x?.role === y?.role && x?.valueShare === y?.valueShare && x?.refundable === y?.refundable;
    if (bx === by && sameRole) continue;
    const l = (y ?? x)!;
    // A layer that disappears because its whole authority was ended is credited to the ending instrument.
    const ended = !y ? ledger.terminations.find((t) => t.date === b.date && t.authorities.includes(l.authority)) : undefined;
    changes.push({ authority: l.authority, heading: l.heading, before: bx, after: by, instrument: ended ? ended.instrument : l.instrument });
  }
  return changes;
}

/** The library entry point behind `tariffscope history`. */
export function resolveHistory(ledger: Ledger, index: LedgerIndex, req: HistoryRequest): HistoryResult {
  const digits = parseHtsCode(req.hts, "hts");
  const origin = parseOrigin(req.origin);
  const from = req.from ? parseLegalDay(req.from, "from") : ledger.coverage.from;
  const to = req.to ? parseLegalDay(req.to, "to") : ledger.coverage.to;
  if (from > to) throw new InputError("BAD_RANGE", "from", `${from} is after ${to}`);
  if (from < ledger.coverage.from || to > ledger.coverage.to) {
    throw new InputError("DATE_OUT_OF_COVERAGE", from < ledger.coverage.from ? "from" : "to", `the ledger covers ${ledger.coverage.from} to ${ledger.coverage.to}`);
  }
  const codes = digits.length === 10 ? [digits] : index.leavesUnder(digits, Number.MAX_SAFE_INTEGER);
  if (codes.length === 0 || (digits.length === 10 && !ledger.catalog.lines.has(digits))) {
    throw unknownCodeError(ledger, index, digits, "not a statistical line of any edition");
  }
  const view = legalView(ledger, req.view).id;
  // Statistical lines whose timelines are the same step for step are answered together.
  const groups = new Map<string, { codes: string[]; intervals: HistoryInterval[] }>();
  for (const code of codes) {
    const intervals = leafHistory(ledger, index, code, origin, from, to, req.facts ?? {}, view);
    const sig = intervals.map((i) => `${i.from}:${i.totalPercent}:${JSON.stringify(i.byAuthority)}`).join("|");
    const g = groups.get(sig);
    if (g) g.codes.push(formatHts(code));
    else groups.set(sig, { codes: [formatHts(code)], intervals });
  }
  const variants = [...groups.values()];
  return {
    hts: formatHts(digits),
    origin,
    from,
    to,
    view,
    intervals: variants[0]!.intervals,
    statisticalLines: variants[0]!.codes,
    ...(variants.length > 1 ? { variants } : {}),
    ledgerVersion: ledger.version,
  };
}
