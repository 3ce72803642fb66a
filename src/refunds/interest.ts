import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { DataFileError, InputError } from "../common/errors.js";
import { dayNumber, type LegalDay } from "../common/legalDate.js";
import { LEDGER_DIR } from "../ledger/compileLedger.js";

/**
 * Interest on refunds of excess duty deposits: 19 U.S.C. 1505(c), 19 CFR 24.36, at the 26 U.S.C. 6621 overpayment
 * rates, compounded daily (26 U.S.C. 6622). Rates per quarter are ledger data (`ledger/us/interest-rates.yaml`).
 *
 * Convention (stated, tested): interest accrues on each day d with start ≤ d < end (the deposit day counts, the end
 * day does not: end − start days); day d's factor is 1 + r/N with r the rate of d's quarter and N the days of d's year
 * (365; 366 in a leap year). Interest = principal × (∏ factors − 1), rounded half up to the cent.
 */

import type { ImporterKind } from "./refundSummaryTypes.js";

export type { ImporterKind };

export interface QuarterRate {
  quarter: string;
  nonCorporate: number;
  corporate: number;
  source?: { id: string; inMirror: boolean };
  uncertain?: string;
}

const RateFile = z.object({
  rates: z
    .array(
      z
        .object({
          quarter: z.string().regex(/^\d{4}Q[1-4]$/),
          nonCorporate: z.number().min(0).max(30),
          corporate: z.number().min(0).max(30),
          source: z.object({ id: z.string(), inMirror: z.boolean() }).optional(),
          uncertain: z.string().optional(),
        })
        .refine((r) => r.source !== undefined || r.uncertain !== undefined, {
          message: "a quarter needs a source or an uncertain reason",
        }),
    )
    .min(1),
});

export const INTEREST_RATES_FILE = join(LEDGER_DIR, "interest-rates.yaml");

/** The quarterly rates, checked: consecutive quarters, each sourced or flagged uncertain. */
export function loadInterestRates(file = INTEREST_RATES_FILE): QuarterRate[] {
  const parsed = RateFile.safeParse(parseYaml(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new DataFileError(file, `${i.path.join(".")}: ${i.message}`);
  }
  const rates = parsed.data.rates as QuarterRate[];
  for (let i = 1; i < rates.length; i++) {
    if (nextQuarter(rates[i - 1]!.quarter) !== rates[i]!.quarter)
      throw new DataFileError(file, `rates.${i}: ${rates[i]!.quarter} does not follow ${rates[i - 1]!.quarter}`);
  }
  return rates;
}

export function quarterOf(day: LegalDay): string {
  return `${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

function nextQuarter(q: string): string {
  const y = Number(q.slice(0, 4));
  const n = Number(q.slice(5));
  return n === 4 ? `${y + 1}Q1` : `${y}Q${n + 1}`;
}

function quarterStart(q: string): LegalDay {
  return `${q.slice(0, 4)}-${String((Number(q.slice(5)) - 1) * 3 + 1).padStart(2, "0")}-01`;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export interface InterestFactor {
  /** ∏ (1 + r/N) over the days; interest = principal × (factor − 1). */
  factor: number;
  days: number;
  /** Quarters of the span whose rate is not sourced (uncertain or beyond the table: the last rate carried). */
  uncertain: string[];
  /** Days per quarter and the rate used, for the record. */
  periods: { quarter: string; days: number; ratePercent: number; yearDays: number }[];
}

/** The daily-compounding factor from `start` (deposit) to `end` (liquidation/refund date). */
export function interestFactor(
  rates: QuarterRate[],
  start: LegalDay,
  end: LegalDay,
  kind: ImporterKind,
): InterestFactor {
  const periods: InterestFactor["periods"] = [];
  const uncertain: string[] = [];
  if (end <= start) return { factor: 1, days: 0, uncertain, periods };
  if (quarterOf(start) < rates[0]!.quarter)
    throw new InputError(
      "RATE_NOT_KNOWN",
      "deposit_date",
      `${start} is before the first quarter with an interest rate (${rates[0]!.quarter})`,
    );
  let factor = 1;
  let day = start;
  const last = rates[rates.length - 1]!;
  while (day < end) {
    const q = quarterOf(day);
    const nq = quarterStart(nextQuarter(q));
    const stop = nq < end ? nq : end;
    const y = Number(day.slice(0, 4));
    // A quarter never spans two years, so one year length applies to the whole piece.
    const yearDays = isLeap(y) ? 366 : 365;
    const row = rates.find((r) => r.quarter === q);
    const r = row ?? last;
    if (!row) uncertain.push(`${q}: no rate in ledger/us/interest-rates.yaml; the ${last.quarter} rate is carried`);
    else if (row.uncertain) uncertain.push(`${q}: ${row.uncertain}`);
    const ratePercent = kind === "corporate" ? r.corporate : r.nonCorporate;
    const days = dayNumber(stop) - dayNumber(day);
    factor *= Math.pow(1 + ratePercent / 100 / yearDays, days);
    periods.push({ quarter: q, days, ratePercent, yearDays });
    day = stop;
  }
  return { factor, days: dayNumber(end) - dayNumber(start), uncertain, periods };
}

/** Interest in cents on a principal in cents: half up to the cent. */
export function interestCents(principalCents: number, f: InterestFactor): number {
  return Math.round(principalCents * (f.factor - 1) + 1e-9);
}
