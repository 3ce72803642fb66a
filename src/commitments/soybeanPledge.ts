import { ensureData, sourcePath } from "../data/locate.js";
import { ESR_CHINA, SOY_ANNUAL, SOY_ESR_WEEKLY, readAnnualExports, readEsrWeekly } from "../sources/soybeanExports.js";
import { loadCommitments, type Commitments } from "./phaseOne.js";

/**
 * The 2025 soybean pledge (`ledger/relations/commitments.yaml`) against the data the mirror has: US exports to China of
 * soybeans by calendar year to 2025 (Comtrade) and USDA weekly export sales to China to March 2022. A pledge item is
 * measured only when a series covers its whole period; otherwise the answer says what is missing.
 */

export interface PledgeItemStatus {
  id: string;
  period: { from: string; to: string };
  metricTons: number;
  what: string;
  measurable: boolean;
  measuredTons: number | null;
  why: string;
}

export interface SoybeanReport {
  announced: string;
  by: string;
  items: PledgeItemStatus[];
  /** Calendar-year US exports to China of the pledge's HS-6 (metric tons, USD). */
  annual: { year: number; tons: number; usd: number; line: number }[];
  /** Calendar-year sums of USDA weekly exports to China (metric tons), for the years the weekly file covers in full. */
  weeklyByYear: { year: number; tons: number; weeks: number }[];
  coverage: { annualTo: number | null; weeklyTo: string | null };
  files: string[];
  uncertain: string | null;
}

export async function soybeanReport(options: { cacheDir?: string | undefined; commitments?: Commitments } = {}): Promise<SoybeanReport> {
  const pledge = (options.commitments ?? loadCommitments()).soybeanPledge;
  await ensureData("commitments", { cacheDir: options.cacheDir });
  const annualRows = readAnnualExports(sourcePath(SOY_ANNUAL, { cacheDir: options.cacheDir })).filter((r) => r.hs6 === pledge.product.hs6);
  const annual = annualRows
    .filter((r) => r.netKg !== null)
    .map((r) => ({ year: r.year, tons: Math.round(r.netKg! / 1000), usd: r.usd, line: r.line }))
    .sort((a, b) => a.year - b.year);
  const weeks = readEsrWeekly(sourcePath(SOY_ESR_WEEKLY, { cacheDir: options.cacheDir })).filter((w) => w.country === ESR_CHINA);
  const weeklyTo = weeks.reduce<string | null>((m, w) => (m === null || w.weekEnding > m ? w.weekEnding : m), null);
  const byYear = new Map<number, { tons: number; weeks: number }>();
  for (const w of weeks) {
    const y = Number(w.weekEnding.slice(0, 4));
    const e = byYear.get(y) ?? { tons: 0, weeks: 0 };
    e.tons += w.weeklyExports;
    e.weeks += 1;
    byYear.set(y, e);
  }
  // A year is complete when the weekly file runs past its last week.
  const weeklyByYear = [...byYear]
    .filter(([y]) => weeklyTo !== null && weeklyTo >= `${y}-12-25`)
    .map(([year, e]) => ({ year, tons: Math.round(e.tons), weeks: e.weeks }))
    .sort((a, b) => a.year - b.year);
  const annualTo = annual.length > 0 ? annual[annual.length - 1]!.year : null;
  const items = pledge.items.map((it): PledgeItemStatus => {
    const fromYear = Number(it.period.from.slice(0, 4));
    const wholeYear = it.period.from.endsWith("-01-01") && it.period.to.endsWith("-12-31") && fromYear === Number(it.period.to.slice(0, 4));
    const year = annual.find((a) => a.year === fromYear);
    if (wholeYear && year) {
      return { ...it, measurable: true, measuredTons: year.tons, why: `calendar-year exports ${fromYear} (${SOY_ANNUAL}, line ${year.line})` };
    }
    const missing: string[] = [];
    if (!wholeYear) missing.push(`the period ${it.period.from} → ${it.period.to} is part of a year: it needs weekly or monthly data, and the weekly export sales in the mirror end on ${weeklyTo ?? "—"}`);
    if (annualTo === null || fromYear > annualTo) missing.push(`annual exports in the mirror end in ${annualTo ?? "—"}`);
    return { ...it, measurable: false, measuredTons: null, why: `cannot be measured yet: ${missing.join("; ")}` };
  });
  return {
    announced: pledge.announced,
    by: pledge.by,
    items,
    annual,
    weeklyByYear,
    coverage: { annualTo, weeklyTo },
    files: [SOY_ANNUAL, SOY_ESR_WEEKLY],
    uncertain: pledge.uncertain ?? null,
  };
}
