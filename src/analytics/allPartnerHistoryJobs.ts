import type { LegalDay } from "../common/legalDate.js";
import type { EntryFacts } from "../engine/entryFacts.js";
import { leafHistories, SharedDays, type IntervalFigures } from "../engine/history.js";
import { ColumnsBuilder, type IntervalColumns } from "./historyColumns.js";
import type { LegalViewId } from "../engine/stackTypes.js";
import type { SeriesEngine } from "./averageSeries.js";
import { factsKey } from "./lineHistoryCache.js";

/**
 * The all-partner panel's unit of work: one line history over the panel's period, for the origin that stands for a
 * class, with the entry facts of a partner's part. The same function resolves it on the main thread and in the
 * panel's worker threads (allPartnerHistoryPool.ts), so either gives the same intervals.
 */
export interface PanelHistoryItem {
  /** A line of the signature group (the first one met, as the in-thread build takes it). */
  code: string;
  /** The representative origin of the class. */
  origin: string;
  facts: EntryFacts;
}

/** A batch of items over one ledger version, period and view. */
export interface PanelHistoryJob {
  ledgerVersion: string;
  from: LegalDay;
  /** Last day included. */
  to: LegalDay;
  view: LegalViewId;
  items: PanelHistoryItem[];
}

/**
 * Each item's history as columns counted from the job's first day (`IntervalColumns`: an item the engine cannot resolve
 * is marked failed; its value is then reported as unmatched).
 */
export type PanelHistoryResult = IntervalColumns;

export function resolvePanelHistories(engine: SeriesEngine, job: PanelHistoryJob): PanelHistoryResult {
  const { ledger, index } = engine;
  if (ledger.version !== job.ledgerVersion) {
    throw new Error(`panel history job: ledger ${job.ledgerVersion} asked, this engine holds ${ledger.version}`);
  }
  // The items of one line with the same facts (one per origin class) are resolved together, sharing the stacks of the
  // days on which their classes' measures agree (`leafHistories`).
  const groups = new Map<string, number[]>();
  job.items.forEach((it, i) => {
    const key = `${it.code}|${factsKey(it.facts)}`;
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  const found: (IntervalFigures[] | null)[] = new Array(job.items.length);
  for (const list of groups.values()) {
    const first = job.items[list[0]!]!;
    const shared = sharedDays(ledger.version, ledger, job.view, first.facts);
    const histories = leafHistories(ledger, index, first.code, list.map((i) => job.items[i]!.origin), job.from, job.to, first.facts, job.view, shared);
    list.forEach((i, k) => {
      const h = histories[k]!;
      found[i] = h instanceof Error ? null : h;
    });
  }
  const out = new ColumnsBuilder(job.from);
  for (const h of found) out.addIntervals(h);
  return out.intervals();
}

/**
 * The day states this thread resolved, by ledger, view and facts (`leafHistories` shares them between lines and
 * origins): kept across jobs, since the panel's items come in line order and neighbouring lines share most states.
 * Bounded: a map is dropped past `MAX_SHARED_DAYS` states, and only the last few ledgers, views and facts are kept.
 */
const MAX_SHARED_DAYS = 300_000;
const shared = new Map<string, { ledger: object; days: SharedDays }>();

/** Let go of the day states kept by this thread (a build's end). */
export function releaseSharedDays(): void {
  shared.clear();
}

function sharedDays(version: string, ledger: object, view: LegalViewId, facts: EntryFacts): SharedDays {
  const key = `${version}|${view}|${factsKey(facts)}`;
  let s = shared.get(key);
  // Another ledger object of the same version (a scenario's edit keeps no version of its own) shares nothing.
  if (s && (s.ledger !== ledger || s.days.days.size > MAX_SHARED_DAYS)) {
    shared.delete(key);
    s = undefined;
  }
  if (!s) {
    if (shared.size >= 4) shared.delete(shared.keys().next().value!);
    shared.set(key, (s = { ledger, days: new SharedDays() }));
  }
  return s.days;
}
