import type { LegalDay } from "../common/legalDate.js";
import type { EntryFacts } from "../engine/entryFacts.js";
import { leafHistory } from "../engine/history.js";
import type { LegalViewId } from "../engine/stackTypes.js";
import type { SeriesEngine } from "./averageSeries.js";
import { compactInterval, type PanelInterval } from "./lineHistoryCache.js";

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

/** Each item's history, or null when the engine cannot resolve the line (its value is then reported as unmatched). */
export type PanelHistoryResult = (PanelInterval[] | null)[];

export function resolvePanelHistories(engine: SeriesEngine, job: PanelHistoryJob): PanelHistoryResult {
  const { ledger, index } = engine;
  if (ledger.version !== job.ledgerVersion) {
    throw new Error(`panel history job: ledger ${job.ledgerVersion} asked, this engine holds ${ledger.version}`);
  }
  return job.items.map((it) => {
    try {
      return leafHistory(ledger, index, it.code, it.origin, job.from, job.to, it.facts, job.view).map((h) => ({ ...compactInterval(h), changes: [] }));
    } catch {
      return null;
    }
  });
}
