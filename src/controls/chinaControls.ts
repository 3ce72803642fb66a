import { ensureData, sourcePath } from "../data/locate.js";
import {
  CN_EXPORTS_CONTROLLED,
  US_IMPORTS_CONTROLLED,
  readChinaExportsControlled,
  readUsImportsControlled,
  type ControlledTradeRow,
} from "../sources/controlledMineralsTrade.js";
import { checkDay, inWindow, loadControlLedger, type ControlLedger, type ControlMeasure } from "./controlLedger.js";

/**
 * Export controls both ways on a date — each measure's state (in force, suspended by a later measure, not yet in
 * force, ended) — and, for controls naming goods, the US imports from China of their HS-6 codes by year (and China's
 * reported exports to the US where the extract has the code). HS-6 codes are wider than the controlled goods, so the
 * exposure is an upper bound (the ledger's `goods.mapping` says how wide).
 */

export type StateOnDate = "in force" | "suspended" | "not yet" | "ended" | "announced" | "suspension";

export interface ControlRow {
  id: string;
  issuer: "US" | "CN";
  title: string;
  kind: ControlMeasure["kind"];
  instrument: string;
  announced: string;
  window: ControlMeasure["window"];
  status: ControlMeasure["status"];
  stateOnDate: StateOnDate;
  /** The measure suspending it on the date. */
  suspendedBy: string | null;
  suspends: string[];
  goods: string | null;
  hts10: string[];
  hs6: string[];
  /** US imports from China of the HS-6 codes, by year (USD, CIF) — file and lines in `sources`. */
  exposure: { year: number; usd: number }[];
  /** China's reported exports to the US of those codes it covers, by year (USD). */
  chinaReportedExports: { year: number; usd: number; hs6: string[] }[];
  sources: ControlMeasure["sources"];
  uncertain: string | null;
  file: string;
}

export interface ControlsReport {
  date: string;
  controls: ControlRow[];
  exposureFiles: string[];
  note: string;
}

export function stateOn(m: ControlMeasure, all: readonly ControlMeasure[], date: string): { state: StateOnDate; by: string | null } {
  if (m.suspends) return { state: inWindow(m, date) ? "suspension" : date < m.window.from ? "not yet" : "ended", by: null };
  if (date < m.window.from) return { state: "not yet", by: null };
  // A suspension measure open on the date decides, whether or not the suspended state's own window has closed.
  const sus = all.find((s) => s.suspends?.includes(m.id) && inWindow(s, date));
  if (sus) return { state: "suspended", by: sus.id };
  if (!inWindow(m, date)) return { state: "ended", by: null };
  return { state: m.status === "announced" ? "announced" : m.status === "suspended" ? "suspended" : "in force", by: null };
}

function byYear(rows: readonly ControlledTradeRow[], codes: readonly string[]): { year: number; usd: number }[] {
  const set = new Set(codes);
  const sums = new Map<number, number>();
  for (const r of rows) if (set.has(r.hs6)) sums.set(r.year, (sums.get(r.year) ?? 0) + r.usd);
  return [...sums].sort((a, b) => a[0] - b[0]).map(([year, usd]) => ({ year, usd: Math.round(usd) }));
}

/** The controls report (reads the exposure files through the data cache). */
export async function controlsReport(
  options: { cacheDir?: string | undefined; date?: string | undefined; issuer?: "US" | "CN" | undefined; ledger?: ControlLedger } = {},
): Promise<ControlsReport> {
  const date = checkDay(options.date ?? new Date().toISOString().slice(0, 10), "date");
  const ledger = options.ledger ?? loadControlLedger();
  await ensureData("controls", { cacheDir: options.cacheDir });
  const imports = readUsImportsControlled(sourcePath(US_IMPORTS_CONTROLLED, { cacheDir: options.cacheDir }));
  const exports = readChinaExportsControlled(sourcePath(CN_EXPORTS_CONTROLLED, { cacheDir: options.cacheDir }));
  const exportCodes = new Set(exports.map((r) => r.hs6));
  const controls = ledger.measures
    .filter((m) => !options.issuer || m.issuer === options.issuer)
    .sort((a, b) => a.window.from.localeCompare(b.window.from) || a.id.localeCompare(b.id))
    .map((m): ControlRow => {
      const s = stateOn(m, ledger.measures, date);
      const hs6 = m.goods?.hs6 ?? [];
      const covered = hs6.filter((c) => exportCodes.has(c));
      return {
        id: m.id,
        issuer: m.issuer,
        title: m.title,
        kind: m.kind,
        instrument: m.instrument,
        announced: m.announced,
        window: m.window,
        status: m.status,
        stateOnDate: s.state,
        suspendedBy: s.by,
        suspends: m.suspends ?? [],
        goods: m.goods?.description ?? null,
        hts10: m.goods?.hts10 ?? [],
        hs6,
        exposure: byYear(imports, hs6),
        chinaReportedExports: covered.length > 0 ? byYear(exports, covered).map((e) => ({ ...e, hs6: covered })) : [],
        sources: m.sources,
        uncertain: m.uncertain ?? null,
        file: m.file,
      };
    });
  return {
    date,
    controls,
    exposureFiles: [US_IMPORTS_CONTROLLED, CN_EXPORTS_CONTROLLED],
    note: "exposure: US imports from China (UN Comtrade, US as reporter, CIF) of the control's HS-6 codes, an upper bound: HS-6 codes are wider than the controlled goods",
  };
}
