import { createHash } from "node:crypto";
import { addDays, daysBetween, type LegalDay } from "../common/legalDate.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { cachedChecksums } from "../data/verify.js";
import type { EntryFacts } from "../engine/entryFacts.js";
import { ENGINE_VERSION } from "../engine/resolveStack.js";
import type { LegalViewId } from "../engine/stackTypes.js";
import { compiled } from "../store/compiledCache.js";
import { allPartnerFiles, joinEditionFor, keptPartnerPlans, type LeftOutPartner } from "./allPartnerPlans.js";
import type { SeriesEngine } from "./averageSeries.js";
import type { MatchedWeight } from "./weights.js";
import { engineFingerprint, factsKey, lineHistoryCacheFor, type LineHistoryCache } from "./lineHistoryCache.js";
import { groupByOriginClass } from "./originClasses.js";
import { keepSignatures, readSignatures } from "./allPartnerSignatures.js";
import { releaseSharedDays, type PanelHistoryItem } from "./allPartnerHistoryJobs.js";
import { ColumnsBuilder, historyCount, type HistoryColumns, type IntervalColumns } from "./historyColumns.js";
import { PanelWorkers } from "./allPartnerHistoryPool.js";

/**
 * The all-partner panel: for every partner of the all-partner average and every day of the panel's period, the
 * partner's weighted sums as step functions (they change only where a line's legal interval ends). Built from
 * per-line interval histories, never by resolving days:
 *
 * - a line's history is resolved once per (content signature, origin class, view, facts) over the whole period: the
 *   content signature is everything the engine reads of the line (its printed versions — edition runs, column 1
 *   General and Special —, the measures that can reach it for the class, its use-fact defaults, the earlier
 *   schedule's base rate when the period reaches it), so lines and origins that the ledger treats alike share one
 *   history; the histories missing are resolved in line order on every core, a line's classes together, sharing the
 *   stacks of the days on which their measures agree (`leafHistories`); the build's histories are kept as columns in
 *   one file of the series cache's folder for the ledger version and engine code (`LineHistoryCache.readBundle`:
 *   bounded with it), so another process reads them in one go;
 * - each partner's lines are swept by their intervals' boundaries into difference arrays, one pass per line;
 * - the finished panel is kept in the compiled cache, keyed by the ledger version, the engine's code, the view, the
 *   facts and the checksums of the weight files, so a later process answers any range without resolving anything.
 *
 * The period starts on the first day of the first basic edition the 2024 weights are joined to (days before it would
 * be weighed by 2024 codes on an edition that did not exist yet) and ends with the ledger's coverage.
 */

/** One step of a partner's sums: constant on [from, to). Sums are import value (2024 USD) × percent. */
export interface PartnerStep {
  from: LegalDay;
  /** First day not included. */
  to: LegalDay;
  /** Value placed on a line whose history the engine gave. */
  value: number;
  /** Σ value × total percent. */
  total: number;
  /** Σ value × effective percent of each authority's non-refundable lines. */
  byAuthority: Record<string, number>;
  /** Value on lines whose stack carries an uncertain measure. */
  uncertainValue: number;
  /** Value on lines the engine could not resolve on the day (reported as unmatched, never dropped). */
  failedValue: number;
}

export interface PanelPartner {
  partner: string;
  origin: string;
  name: string;
  coverage: "full" | "partial";
  preferenceShare?: number;
  totalValue: number;
  unmatchedValue: number;
  steps: PartnerStep[];
}

/** A calendar year of the period (or its part), over which the weights are joined to one edition. */
export interface PanelSegment {
  from: LegalDay;
  /** Last day included. */
  to: LegalDay;
  edition: string;
  partners: PanelPartner[];
}

export interface AllPartnerPanel {
  format: string;
  /** First and last day of the period. */
  from: LegalDay;
  to: LegalDay;
  view: LegalViewId;
  facts: string;
  ledgerVersion: string;
  leftOut: LeftOutPartner[];
  segments: PanelSegment[];
  /** How the panel was built: origin classes, histories shared by lines, resolved by the engine in the build. */
  build: { originClasses: number; lineKeys: number; histories: number; resolved: number; readFromDisk: number; seconds: number };
}

/** Lines read per chunk of the build (see step 1 of `buildWith`): small enough that the workers never wait long. */
const CHUNK_LINES = 300;

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Bumped when the panel's shape or the rules of its build change. */
const PANEL_FORMAT = "all-partner-panel/3";

/** The panel's period: from the first basic edition's first day to the end of the ledger's coverage. */
export function panelPeriod(engine: SeriesEngine): { from: LegalDay; to: LegalDay } {
  const { ledger } = engine;
  const first = ledger.catalog.editions.findIndex((e) => e.endsWith("_basic"));
  const from = first >= 0 ? ledger.editionStarts[first]! : ledger.coverage.from;
  return { from: from > ledger.coverage.from ? from : ledger.coverage.from, to: ledger.coverage.to };
}

/** Calendar years of [from, to], each with the edition its weights are joined to. */
function yearSegments(engine: SeriesEngine, from: LegalDay, to: LegalDay): { from: LegalDay; to: LegalDay; edition: number }[] {
  const out: { from: LegalDay; to: LegalDay; edition: number }[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    const a = `${y}-01-01` > from ? `${y}-01-01` : from;
    const b = `${y}-12-31` < to ? `${y}-12-31` : to;
    out.push({ from: a, to: b, edition: joinEditionFor(engine, a) });
  }
  return out;
}

/** Difference arrays of one partner over one segment. */
class PartnerSums {
  readonly value: Float64Array;
  readonly total: Float64Array;
  readonly uncertain: Float64Array;
  readonly failed: Float64Array;
  readonly byAuthority = new Map<string, Float64Array>();

  constructor(private readonly n: number) {
    this.value = new Float64Array(n + 1);
    this.total = new Float64Array(n + 1);
    this.uncertain = new Float64Array(n + 1);
    this.failed = new Float64Array(n + 1);
  }

  private authority(a: string): Float64Array {
    let arr = this.byAuthority.get(a);
    if (!arr) this.byAuthority.set(a, (arr = new Float64Array(this.n + 1)));
    return arr;
  }

  /** Add `value` on the days [a, b) of the segment with an interval's total, authorities (`HistoryColumns`) and flag. */
  add(a: number, b: number, value: number, totalPercent: number, authorities: readonly (readonly [string, number])[], uncertain: boolean): void {
    this.value[a]! += value;
    this.value[b]! -= value;
    this.total[a]! += value * totalPercent;
    this.total[b]! -= value * totalPercent;
    for (const [auth, pct] of authorities) {
      const arr = this.authority(auth);
      arr[a]! += value * pct;
      arr[b]! -= value * pct;
    }
    if (uncertain) {
      this.uncertain[a]! += value;
      this.uncertain[b]! -= value;
    }
  }

  fail(value: number): void {
    this.failed[0]! += value;
    this.failed[this.n]! -= value;
  }

  /** The running sums as steps (a new step where any sum changes). */
  steps(from: LegalDay): PartnerStep[] {
    const auths = [...this.byAuthority.keys()].sort();
    const run = { value: 0, total: 0, uncertain: 0, failed: 0 };
    const runAuth = new Float64Array(auths.length);
    const steps: PartnerStep[] = [];
    let last: PartnerStep | undefined;
    for (let d = 0; d < this.n; d++) {
      run.value += this.value[d]!;
      run.total += this.total[d]!;
      run.uncertain += this.uncertain[d]!;
      run.failed += this.failed[d]!;
      let changed = last === undefined || this.value[d] !== 0 || this.total[d] !== 0 || this.uncertain[d] !== 0 || this.failed[d] !== 0;
      for (let k = 0; k < auths.length; k++) {
        const delta = this.byAuthority.get(auths[k]!)![d]!;
        runAuth[k]! += delta;
        if (delta !== 0) changed = true;
      }
      if (!changed) continue;
      const day = addDays(from, d);
      if (last) last.to = day;
      const byAuthority: Record<string, number> = {};
      for (let k = 0; k < auths.length; k++) if (runAuth[k] !== 0) byAuthority[auths[k]!] = runAuth[k]!;
      last = { from: day, to: addDays(from, this.n), value: run.value, total: run.total, byAuthority, uncertainValue: run.uncertain, failedValue: run.failed };
      steps.push(last);
    }
    return steps;
  }
}

/**
 * The build's histories are kept together as columns in one file of the series cache's folder for the ledger version
 * and engine code (`LineHistoryCache.readBundle`), one file per view and facts of the panel, each history under its
 * content key (which holds the period, view and the part's facts): a later build reads them in one go. Bumped when
 * `HistoryColumns` changes.
 */
const HISTORIES_FORMAT = "all-partner-histories/4";

export interface PanelOptions {
  view: LegalViewId;
  facts: EntryFacts;
  cacheDir?: string | undefined;
  /** The series cache to keep line histories in (default: the data cache's). */
  histories?: LineHistoryCache | undefined;
  /** Worker threads resolving histories (default: `defaultPanelWorkers`, one per core; 0: this thread resolves them). */
  workers?: number | undefined;
}

/** Build the panel (no persisted panel is read or written here: see `allPartnerPanel`). */
export async function buildAllPartnerPanel(engine: SeriesEngine, opts: PanelOptions): Promise<AllPartnerPanel> {
  // Worker threads: started on the first histories to resolve, or first thing when no signatures are kept (a cold
  // build), so that each opens the ledger while this thread loads the weights and signatures.
  const workers = new PanelWorkers({ cacheDir: resolveCacheDir({ dir: opts.cacheDir }), workers: opts.workers });
  try {
    return await buildWith(engine, opts, workers);
  } finally {
    await workers.close();
  }
}

async function buildWith(engine: SeriesEngine, opts: PanelOptions, workers: PanelWorkers): Promise<AllPartnerPanel> {
  const started = performance.now();
  const { ledger, index } = engine;
  const period = panelPeriod(engine);
  const histories = opts.histories ?? lineHistoryCacheFor(resolveCacheDir({ dir: opts.cacheDir }));
  const fk = factsKey(opts.facts);
  const segments = yearSegments(engine, period.from, period.to);
  const cacheDir = resolveCacheDir({ dir: opts.cacheDir });
  const signatures = await readSignatures(engine, period, cacheDir);
  if (signatures.table.size === 0) workers.start();
  const plansByEdition = await keptPartnerPlans(engine, [...new Set(segments.map((s) => s.edition))], opts.facts, cacheDir);
  const origins = [...new Set([...plansByEdition.values()].flatMap((list) => list.map((p) => p.origin)))];
  const classes = groupByOriginClass(ledger, index, origins);
  const endExclusive = addDays(period.to, 1);
  // The histories kept by an earlier build (one file of the series cache's ledger version folder, see HistoryColumns):
  // only the others are resolved. The kept columns are those of the same format, panel rules, period start and view
  // (an item's key is its line signature and part's facts).
  const bundle = `all-partner-${opts.view}-${createHash("sha256").update(fk).digest("hex").slice(0, 12)}`;
  const kept = histories.readBundle<HistoryColumns>(ledger.version, bundle);
  const keptAt = new Map<string, number>();
  const format = `${HISTORIES_FORMAT}|${PANEL_FORMAT}|${period.from}|${opts.view}`;
  if (kept?.format === format) kept.keys.forEach((k, i) => keptAt.set(k, i));
  // 1. What to sweep (segment, partner, history, value) and the histories: every part of a partner (its lines with the
  //    facts they are resolved with) read in code order, a chunk of lines at a time; lines of a part that share a
  //    history are summed first, so a history is swept once per part and chunk.
  // 2. Each history once: kept, else resolved on every core — a chunk's missing histories are handed to the worker
  //    threads as soon as its signatures are known, so they resolve while this thread reads the next chunk. Within a
  //    chunk they go in the order of their lines (then facts), so that a batch holds a line's histories for every
  //    origin class: they are resolved together, sharing the days on which the classes' measures agree.
  // 3. The sweep (each partner's and segment's difference arrays), chunk by chunk as the chunks' histories arrive: a
  //    chunk's sweeps name histories of that chunk or earlier ones, so once they are in, its sweeps are added — while
  //    the workers resolve the next chunks, not after the last one.
  const sweeps: { si: number; partner: string; item: number; value: number }[] = [];
  const itemOf = new Map<string, number>();
  const items: PanelHistoryItem[] = [];
  const itemKeys: string[] = [];
  // Where item i's history is: columns (kept, or a chunk's resolved ones) and its place in them (set once known).
  const source: (IntervalColumns | undefined)[] = [];
  const sourceAt: number[] = [];
  const parts: { cls: (typeof classes)[number]; si: number; partner: string; facts: EntryFacts; pfk: string; lines: MatchedWeight[]; at: number }[] = [];
  for (const cls of classes) {
    for (let si = 0; si < segments.length; si++) {
      for (const plan of plansByEdition.get(segments[si]!.edition)!) {
        if (!cls.origins.includes(plan.origin)) continue;
        for (const part of plan.parts) {
          const lines = part.matched.filter((m) => m.value > 0).sort((a, b) => (a.hts10 < b.hts10 ? -1 : a.hts10 > b.hts10 ? 1 : 0));
          parts.push({ cls, si, partner: plan.partner, facts: part.facts, pfk: factsKey(part.facts), lines, at: 0 });
        }
      }
    }
  }
  const sums = segments.map((seg) => {
    const n = daysBetween(seg.from, seg.to) + 1;
    return new Map(plansByEdition.get(seg.edition)!.map((plan) => [plan.partner, new PartnerSums(n)]));
  });
  const s0 = segments.map((seg) => daysBetween(period.from, seg.from));
  const lengths = segments.map((seg) => daysBetween(seg.from, seg.to) + 1);
  const end = daysBetween(period.from, endExclusive);
  const sweep = ({ si, partner, item, value }: (typeof sweeps)[number]): void => {
    const partnerSums = sums[si]!.get(partner)!;
    const c = source[item]!;
    const at = sourceAt[item]!;
    if (c.failed[at] === 1) {
      // A line the engine cannot resolve: its value is reported as unmatched on every day.
      partnerSums.fail(value);
      return;
    }
    const start = s0[si]!;
    const n = lengths[si]!;
    for (let k = c.starts[at]!; k < c.starts[at + 1]!; k++) {
      const a = Math.max(c.from[k]!, start) - start;
      const b = Math.min(Math.min(c.to[k]!, end), start + n) - start;
      if (b > a) partnerSums.add(a, b, value, c.total[k]!, c.authorities[c.auth[k]!]!, c.uncertain[k] === 1);
    }
  };
  // The histories to keep (built once a chunk had histories to resolve: every item so far, then chunk by chunk).
  let toKeep: ColumnsBuilder | undefined;
  let addedToKeep = 0;
  let swept = 0;
  let missing = 0;
  let done: Promise<void> = Promise.resolve();
  const codes = [...new Set(parts.flatMap((p) => p.lines.map((m) => m.hts10)))].sort();
  for (let c = 0; c < codes.length; c += CHUNK_LINES) {
    const endCode = codes[c + CHUNK_LINES]; // first code of the next chunk
    const fresh: number[] = [];
    for (const part of parts) {
      const { cls } = part;
      const groups = new Map<string, { code: string; value: number }>();
      for (; part.at < part.lines.length && (endCode === undefined || part.lines[part.at]!.hts10 < endCode); part.at++) {
        const m = part.lines[part.at]!;
        const sig = signatures.of(m.hts10, cls.key, cls.representative);
        const g = groups.get(sig);
        if (g) g.value += m.value;
        else groups.set(sig, { code: m.hts10, value: m.value });
      }
      for (const [sig, g] of groups) {
        const contentKey = `${sig}|${part.pfk}`;
        let item = itemOf.get(contentKey);
        if (item === undefined) {
          itemOf.set(contentKey, (item = items.length));
          items.push({ code: g.code, origin: cls.representative, facts: part.facts });
          itemKeys.push(contentKey);
          const at = keptAt.get(contentKey);
          source.push(at === undefined ? undefined : kept);
          sourceAt.push(at ?? -1);
          if (at === undefined) fresh.push(item);
        }
        sweeps.push({ si: part.si, partner: part.partner, item, value: g.value });
      }
    }
    let resolving: Promise<IntervalColumns> | undefined;
    if (fresh.length > 0) {
      const orderKey = new Map(fresh.map((i) => [i, `${items[i]!.code}|${factsKey(items[i]!.facts)}`]));
      fresh.sort((a, b) => (orderKey.get(a)! < orderKey.get(b)! ? -1 : orderKey.get(a)! > orderKey.get(b)! ? 1 : a - b));
      const job = { ledgerVersion: ledger.version, from: period.from, to: period.to, view: opts.view, items: fresh.map((i) => items[i]!) };
      resolving = workers.resolve(engine, job);
      resolving.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    }
    const itemsSoFar = items.length;
    const sweepsSoFar = sweeps.length;
    done = done.then(async () => {
      if (resolving) {
        const r = await resolving;
        missing += historyCount(r);
        fresh.forEach((i, k) => {
          source[i] = r;
          sourceAt[i] = k;
        });
        toKeep ??= new ColumnsBuilder(period.from);
      }
      if (toKeep) for (; addedToKeep < itemsSoFar; addedToKeep++) toKeep.addKept(source[addedToKeep]!, sourceAt[addedToKeep]!);
      for (; swept < sweepsSoFar; swept++) sweep(sweeps[swept]!);
    });
    done.catch(() => undefined); // awaited below
    await nextTurn(); // let the workers' replies in, and hand them the next batches
  }
  await keepSignatures(signatures, engine, period, cacheDir);
  await done;
  if (missing > 0) releaseSharedDays();
  // A line the engine cannot resolve is not kept: a later build asks the engine again (as for any other line).
  if (missing > 0) histories.writeBundle(ledger.version, bundle, keepable(toKeep!.columns(format, itemKeys)));
  histories.trimDisk();
  return {
    format: PANEL_FORMAT,
    from: period.from,
    to: period.to,
    view: opts.view,
    facts: fk,
    ledgerVersion: ledger.version,
    leftOut: allPartnerFiles().leftOut,
    segments: segments.map((seg, si) => ({
      from: seg.from,
      to: seg.to,
      edition: ledger.catalog.editions[seg.edition]!,
      partners: plansByEdition.get(seg.edition)!.map((plan) => ({
        partner: plan.partner,
        origin: plan.origin,
        name: plan.name,
        coverage: ledger.origins.full.includes(plan.origin) ? "full" : "partial",
        ...(plan.preferenceShare !== undefined ? { preferenceShare: plan.preferenceShare } : {}),
        totalValue: plan.totalValue,
        unmatchedValue: plan.unmatchedValue,
        steps: sums[si]!.get(plan.partner)!.steps(seg.from),
      })),
    })),
    build: {
      originClasses: classes.length,
      lineKeys: items.length,
      histories: items.length,
      resolved: missing,
      readFromDisk: items.length - missing,
      seconds: (performance.now() - started) / 1000,
    },
  };
}

/** The columns without the histories the engine could not resolve (those are asked again). */
function keepable(c: HistoryColumns): HistoryColumns {
  if (!c.failed.some((f) => f === 1)) return c;
  const b = new ColumnsBuilder("1970-01-01");
  const keys: string[] = [];
  c.keys.forEach((k, i) => {
    if (c.failed[i] === 1) return;
    keys.push(k);
    b.addKept(c, i);
  });
  const out = b.columns(c.format, keys);
  return out;
}

/** Panels of this process, by their key (a handful: one per view and facts asked). */
const inMemory = new Map<string, Promise<AllPartnerPanel>>();

/**
 * The panel for the engine, view and facts: from this process's memory, else the compiled cache, else built (and
 * stored there). Keyed by the ledger version, the engine's code, the view, the facts and the weight files' checksums.
 */
export async function allPartnerPanel(engine: SeriesEngine, opts: PanelOptions): Promise<AllPartnerPanel> {
  const cacheDir = resolveCacheDir({ dir: opts.cacheDir });
  const weightFiles = await cachedChecksums(cacheDir, allPartnerFiles().kept.map((p) => p.path));
  const key = createHash("sha256")
    .update(PANEL_FORMAT)
    .update(ENGINE_VERSION)
    .update(engineFingerprint())
    .update(engine.ledger.version)
    .update(factsKey(opts.facts))
    .update(weightFiles.join(","))
    .digest("hex")
    .slice(0, 24);
  const memoryKey = `${cacheDir}|${opts.view}|${key}`;
  let p = inMemory.get(memoryKey);
  if (!p) {
    p = compiled(cacheDir, `all-partner-panel-${opts.view}`, key, () => buildAllPartnerPanel(engine, opts)).then((r) => r.value);
    if (inMemory.size >= 4) inMemory.delete(inMemory.keys().next().value!);
    inMemory.set(memoryKey, p);
    p.catch(() => inMemory.delete(memoryKey));
  }
  return p;
}
