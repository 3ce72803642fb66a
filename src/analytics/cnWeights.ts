import { InputError } from "../common/errors.js";
import { sourcePath } from "../data/locate.js";
import type { CnLedger } from "../ledger/compileCnLedger.js";
import { readComtradeHs6 } from "../sources/comtradeHs6.js";

/**
 * Weight sets for China's average tariff on US goods, per catalog line:
 * - `piie-2017`: China's 2017 imports from the US by HS-8 (the PIIE workbook's sheet "Imports Value"), each HS-8's
 *   value shared equally by its statistical lines (so an HS-8's weight multiplies the simple average of its lines).
 * - `comtrade-<year>` (2015-2025): US exports to China by HS-6 as the US reports them (UN Comtrade, FOB), each HS-6's
 *   value shared equally by the catalog lines of that HS-6. The HS vintage of the year (HS2012 / 2017 / 2022) is not
 *   China's 2018 nomenclature: an HS-6 with no catalog line is counted as unplaced (value and count reported).
 */

export const CN_WEIGHT_SETS = ["piie-2017", "comtrade-<year>"] as const;
export const COMTRADE_FILE = "trade/comtrade-usa-chn-hs6-annual-2015-2025.csv.gz";

export interface CnWeights {
  id: string;
  description: string;
  source: string;
  /** Per catalog line. */
  perLine: Float64Array;
  totalValue: number;
  placedValue: number;
  unplaced: { code: string; value: number }[];
}

function spread(ledger: CnLedger, values: Map<string, number>, digits: number): Pick<CnWeights, "perLine" | "placedValue" | "unplaced" | "totalValue"> {
  const groups = new Map<string, number[]>();
  ledger.catalog.lines.forEach((l, i) => {
    const k = l.code.slice(0, digits);
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  const perLine = new Float64Array(ledger.catalog.lines.length);
  let placed = 0;
  let total = 0;
  const unplaced: { code: string; value: number }[] = [];
  for (const [code, value] of values) {
    total += value;
    const g = groups.get(code);
    if (!g) {
      if (value > 0) unplaced.push({ code, value });
      continue;
    }
    placed += value;
    for (const i of g) perLine[i]! += value / g.length;
  }
  unplaced.sort((a, b) => b.value - a.value);
  return { perLine, placedValue: placed, totalValue: total, unplaced };
}

export async function loadCnWeights(ledger: CnLedger, id: string, cacheDir?: string): Promise<CnWeights> {
  if (id === "piie-2017") {
    return {
      id,
      description: "China's imports from the US in 2017 by HS-8 (PIIE workbook, sheet \"Imports Value\")",
      source: "cn/piie-bown-jung-zhang-2019-06-12.xlsx",
      ...spread(ledger, ledger.workbook.imports2017, 8),
    };
  }
  const m = /^comtrade-(\d{4})$/.exec(id);
  if (m) {
    const year = Number(m[1]);
    if (year < 2015 || year > 2025) throw new InputError("UNKNOWN_WEIGHTS", "weights", `no Comtrade year ${year} (2015-2025)`, ["comtrade-2017", "comtrade-2024"]);
    const file = await readComtradeHs6(sourcePath(COMTRADE_FILE, { cacheDir }), { flow: "export", year });
    const values = new Map<string, number>();
    for (const r of file.rows) if (r.reporter === "USA" && r.partner === "CHN") values.set(r.hs6, (values.get(r.hs6) ?? 0) + r.value);
    return { id, description: `US exports to China in ${year} by HS-6 (UN Comtrade, US as reporter, FOB)`, source: COMTRADE_FILE, ...spread(ledger, values, 6) };
  }
  throw new InputError("UNKNOWN_WEIGHTS", "weights", `"${id}" is not a China-side weight set (piie-2017, comtrade-2015 ... comtrade-2025)`, ["piie-2017", "comtrade-2017"]);
}
