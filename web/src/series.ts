import type { AverageRow, AverageSeries, HistoryInterval } from "./api.js";
import { addDay } from "./dates.js";
import type { Segment } from "./components/StepChart.js";

const same = (a: Record<string, number>, b: Record<string, number>): boolean => {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
};

/** Daily rows → runs of equal rows (a step chart needs one rectangle per run, not per day). */
export function rowSegments(rows: AverageRow[]): Segment[] {
  const out: Segment[] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && last.total === r.totalPercent && same(last.parts, r.byAuthority)) last.to = addDay(r.date);
    else out.push({ from: r.date, to: addDay(r.date), parts: r.byAuthority, total: r.totalPercent });
  }
  return out;
}

export function totalSegments(series: AverageSeries): { from: string; to: string; value: number }[] {
  return rowSegments(series.rows).map((s) => ({ from: s.from, to: s.to, value: s.total }));
}

export function intervalSegments(intervals: HistoryInterval[]): Segment[] {
  return intervals.map((i) => ({ from: i.from, to: i.to, parts: i.byAuthority, total: i.totalPercent }));
}

/** The row of a day (rows are consecutive days from rows[0].date). */
export function rowOn(series: AverageSeries, date: string): AverageRow | undefined {
  const first = series.rows[0];
  if (!first) return undefined;
  const i = Math.round((Date.parse(date) - Date.parse(first.date)) / 86_400_000);
  return series.rows[i];
}

export function intervalOn(intervals: HistoryInterval[], date: string): HistoryInterval | undefined {
  return intervals.find((i) => i.from <= date && date < i.to);
}
