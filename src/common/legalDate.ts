import { InputError } from "./errors.js";

/**
 * A legal day as an ISO date string "YYYY-MM-DD". US duty measures take effect at 12:01 a.m. Eastern time on a day,
 * so a measure "effective on or after November 10, 2025" applies to goods entered for consumption (or withdrawn from
 * warehouse) on that day and after. Windows are half-open: [from, to).
 */
export type LegalDay = string;

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLegalDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Parse a user-supplied ISO date or throw an InputError naming the field. */
export function parseLegalDay(value: string, field = "date"): LegalDay {
  const v = value.trim();
  if (!isLegalDay(v)) throw new InputError("MALFORMED_DATE", field, `"${value}" is not a date (expected YYYY-MM-DD)`);
  return v;
}

/** "November 10, 2025" / "Nov. 10, 2025" / "10 November 2025" → "2025-11-10"; undefined if not a date. */
export function parseWrittenDate(text: string): LegalDay | undefined {
  const t = text.replace(/\u00a0/g, " ").trim();
  let m = /^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(t);
  let month: string | undefined;
  let day: string | undefined;
  let year: string | undefined;
  if (m) [, month, day, year] = m;
  else {
    m = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(t);
    if (m) [, day, month, year] = m;
  }
  if (!month || !day || !year) return undefined;
  const idx = MONTHS.findIndex((name) => name.startsWith(month!.toLowerCase()) && month!.length >= 3);
  if (idx < 0) return undefined;
  const iso = `${year}-${String(idx + 1).padStart(2, "0")}-${day.padStart(2, "0")}`;
  return isLegalDay(iso) ? iso : undefined;
}

export function addDays(day: LegalDay, n: number): LegalDay {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const dayNumbers = new Map<LegalDay, number>();
/** Days since 1970-01-01 of a legal day (memoised: series arithmetic calls this millions of times). */
export function dayNumber(day: LegalDay): number {
  let n = dayNumbers.get(day);
  if (n === undefined) {
    n = Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
    if (dayNumbers.size < 100_000) dayNumbers.set(day, n);
  }
  return n;
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: LegalDay, b: LegalDay): number {
  return dayNumber(b) - dayNumber(a);
}

/** Half-open window [from, to); `to` undefined means open-ended. */
export interface LegalWindow {
  from: LegalDay;
  to?: LegalDay | undefined;
}

export function inWindow(day: LegalDay, w: LegalWindow): boolean {
  return day >= w.from && (w.to === undefined || day < w.to);
}
