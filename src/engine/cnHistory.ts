import type { CnLedger } from "../ledger/compileCnLedger.js";
import { cnDotted, cnLinesFor } from "../schedule/cnCatalog.js";
import { checkCnDate, checkCnOrigin, cnLineStack } from "./cnStack.js";

/**
 * The history of China's duties on one line (or each line a code names) over the ledger's coverage: intervals of
 * constant stack, each with its total, its layers and the measures that changed it at its start.
 */

export interface CnHistoryRequest {
  hts: string;
  origin?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface CnHistoryInterval {
  from: string;
  /** Last day of the interval (inclusive). */
  to: string;
  totalPercent: number;
  byAuthority: Record<string, number>;
  /** The measures whose window opened or closed on `from`. */
  changedBy: string[];
}

export interface CnHistoryResult {
  issuer: "CN";
  query: string;
  lines: { code: string; description: string; intervals: CnHistoryInterval[] }[];
}

/** Every day on which some measure starts or ends, within [from, to]. */
export function cnBreakpoints(ledger: CnLedger, from: string, to: string): string[] {
  const days = new Set<string>([from]);
  for (const m of ledger.measures) {
    for (const d of [m.window.from, m.window.to]) if (d && d > from && d <= to) days.add(d);
  }
  return [...days].sort();
}

function dayBefore(day: string): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
}

export function resolveCnHistory(ledger: CnLedger, req: CnHistoryRequest): CnHistoryResult {
  const origin = checkCnOrigin(ledger, req.origin);
  const from = req.from ?? ledger.coverage.from;
  const to = req.to ?? ledger.coverage.through;
  checkCnDate(ledger, from, "from");
  checkCnDate(ledger, to, "to");
  const idx = cnLinesFor(ledger.catalog, req.hts);
  const points = cnBreakpoints(ledger, from, to);
  const opened = (day: string): string[] => ledger.measures.filter((m) => m.window.from === day || m.window.to === day).map((m) => m.id);
  return {
    issuer: "CN",
    query: req.hts,
    lines: idx.map((i) => {
      const intervals: CnHistoryInterval[] = [];
      points.forEach((day, k) => {
        const s = cnLineStack(ledger, i, day, origin);
        const byAuthority: Record<string, number> = {};
        for (const l of s.lines) byAuthority[l.authority] = (byAuthority[l.authority] ?? 0) + l.effectivePercent;
        const end = k + 1 < points.length ? dayBefore(points[k + 1]!) : to;
        const prev = intervals[intervals.length - 1];
        if (prev && prev.totalPercent === s.totalPercent && JSON.stringify(prev.byAuthority) === JSON.stringify(byAuthority)) {
          prev.to = end;
          return;
        }
        intervals.push({ from: day, to: end, totalPercent: s.totalPercent, byAuthority, changedBy: k === 0 ? [] : opened(day) });
      });
      const line = ledger.catalog.lines[i]!;
      return { code: cnDotted(line.code), description: line.description, intervals };
    }),
  };
}
