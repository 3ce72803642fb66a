import { ensureData, sourcePath } from "../data/locate.js";
import { readComtradeHs6 } from "../sources/comtradeHs6.js";
import { HS_SECTIONS, sectionOf } from "./hsSections.js";

/**
 * US–China goods trade by year from the Comtrade HS-6 file (US as reporter): imports (general imports, CIF), exports
 * (FOB), balance, by HS section, with each section's share of US imports from China, and the year-on-year change so
 * the breaks (2018–19 tariff war, 2025) show. China's share of total US imports is not computed: the mirror's world
 * totals (Census HS-2) stop in 2020.
 */

export const COMTRADE_FILE = "trade/comtrade-usa-chn-hs6-annual-2015-2025.csv.gz";

export interface YearFlows {
  year: number;
  imports: number;
  exports: number;
  balance: number;
  importsChangePct: number | null;
  exportsChangePct: number | null;
  sections: { id: string; label: string; imports: number; exports: number; importShare: number }[];
}

export interface TradeReport {
  file: string;
  valuation: string;
  years: YearFlows[];
  /** Years whose imports fell by more than 10% from the year before. */
  breaks: { year: number; importsChangePct: number }[];
  missing: string[];
}

const pct1 = (a: number, b: number): number => Math.round((a / b) * 1000) / 10;

export async function tradeReport(options: { cacheDir?: string | undefined; from?: number; to?: number } = {}): Promise<TradeReport> {
  await ensureData("trade", { cacheDir: options.cacheDir });
  const { rows } = await readComtradeHs6(sourcePath(COMTRADE_FILE, { cacheDir: options.cacheDir }));
  const byYear = new Map<number, { imports: number; exports: number; sec: Map<string, { imports: number; exports: number }> }>();
  for (const r of rows) {
    if ((options.from !== undefined && r.year < options.from) || (options.to !== undefined && r.year > options.to)) continue;
    const y = byYear.get(r.year) ?? { imports: 0, exports: 0, sec: new Map() };
    const s = sectionOf(r.hs6).id;
    const e = y.sec.get(s) ?? { imports: 0, exports: 0 };
    if (r.flow === "import") {
      y.imports += r.value;
      e.imports += r.value;
    } else {
      y.exports += r.value;
      e.exports += r.value;
    }
    y.sec.set(s, e);
    byYear.set(r.year, y);
  }
  const years: YearFlows[] = [];
  for (const year of [...byYear.keys()].sort()) {
    const y = byYear.get(year)!;
    const prev = years[years.length - 1];
    years.push({
      year,
      imports: Math.round(y.imports),
      exports: Math.round(y.exports),
      balance: Math.round(y.exports - y.imports),
      importsChangePct: prev && prev.year === year - 1 ? pct1(y.imports - prev.imports, prev.imports) : null,
      exportsChangePct: prev && prev.year === year - 1 ? pct1(y.exports - prev.exports, prev.exports) : null,
      sections: HS_SECTIONS.filter((s) => y.sec.has(s.id)).map((s) => {
        const e = y.sec.get(s.id)!;
        return { id: s.id, label: s.label, imports: Math.round(e.imports), exports: Math.round(e.exports), importShare: y.imports > 0 ? pct1(e.imports, y.imports) : 0 };
      }),
    });
  }
  return {
    file: COMTRADE_FILE,
    valuation: "imports: general imports at CIF value (4–5% above Census customs value); exports: FOB; USD; UN Comtrade, US as reporter",
    years,
    breaks: years.filter((y) => y.importsChangePct !== null && y.importsChangePct < -10).map((y) => ({ year: y.year, importsChangePct: y.importsChangePct! })),
    missing: ["China's share of total US imports: the mirror's world totals (us/imports-hs2-monthly, Census HS-2) end in 2020, so the share is not computed here"],
  };
}
