import { DataFileError } from "../common/errors.js";
import { openDuckDb } from "../store/duckdb.js";

/**
 * Product-level weights from HS-6 trade values (UN Comtrade) onto 2024 HTS-10 lines: an HS-6 code of an older HS
 * vintage is first carried to HS2022 codes through the curated concordance (`manifest/hs-concordance-2017-2022.csv`),
 * then each HS2022 HS-6 value is spread over the 2024 HTS-10 lines under it. See `docs/weights.md` ("comtrade-<year>").
 * Nothing is dropped: value that cannot be placed is reported with its code and amount.
 */

/** A 2024 HTS-10 line with its import value and calculated duty (USD); same shape as `WeightRow`. */
export interface LineValue {
  hts10: string;
  value: number;
  duty: number;
}

export interface Hs6Value {
  hs6: string;
  value: number;
  description?: string;
  /** Where the value comes from (e.g. the CSV line). */
  line?: number;
}

/** One old-code → new-code pair of the concordance, with its citation. */
export interface ConcordancePair {
  fromNomenclature: string;
  from: string;
  to: string;
  source: string;
  justification: string;
  /** Line of the concordance file. */
  line: number;
}

export interface HsConcordance {
  file: string;
  pairs: ConcordancePair[];
  /** Old HS-6 → its new HS-6 codes. */
  targets: ReadonlyMap<string, readonly string[]>;
}

const CONCORDANCE_COLUMNS = ["from_nomenclature", "from_hs6", "to_hs6", "source", "justification"] as const;

/**
 * Read the concordance CSV (columns `from_nomenclature, from_hs6, to_hs6, source, justification`) with DuckDB.
 * Every row needs two 6-digit codes, a source and a justification; a pair appears once; a code that maps to itself
 * is refused (it needs no row); with `nomenclature`, every row's `from_nomenclature` must be it. Errors are `DataFileError`s naming the file and the line.
 */
export async function loadHsConcordance(file: string, nomenclature?: string): Promise<HsConcordance> {
  const db = await openDuckDb();
  try {
    let rows: Record<string, string | null>[];
    try {
      rows = await db.query<Record<string, string | null>>(
        `SELECT * FROM read_csv($f, header = true, all_varchar = true, auto_detect = true)`,
        { f: file },
      );
    } catch (e) {
      throw new DataFileError(file, `cannot read as CSV: ${e instanceof Error ? e.message : String(e)}`, {
        code: "CORRUPT_FILE",
        cause: e,
      });
    }
    const first = rows[0];
    for (const c of CONCORDANCE_COLUMNS) {
      if (first && !(c in first)) {
        throw new DataFileError(file, `missing column ${c} (columns: ${Object.keys(first).join(", ")})`, {
          code: "BAD_SCHEMA",
          position: `column ${c}`,
        });
      }
    }
    const pairs: ConcordancePair[] = [];
    const seen = new Set<string>();
    const targets = new Map<string, string[]>();
    rows.forEach((r, i) => {
      const line = i + 2;
      const fail = (msg: string): never => {
        throw new DataFileError(file, msg, { code: "BAD_VALUE", position: `line ${line}` });
      };
      const from = (r.from_hs6 ?? "").trim();
      const to = (r.to_hs6 ?? "").trim();
      if (!/^[0-9]{6}$/.test(from))
        fail(`column from_hs6: not a 6-digit HS code (found ${JSON.stringify(r.from_hs6)})`);
      if (!/^[0-9]{6}$/.test(to)) fail(`column to_hs6: not a 6-digit HS code (found ${JSON.stringify(r.to_hs6)})`);
      if (from === to) fail(`${from} maps to itself: an unchanged code needs no row`);
      const fromNomenclature = (r.from_nomenclature ?? "").trim();
      if (nomenclature !== undefined && fromNomenclature !== nomenclature) {
        fail(`column from_nomenclature: ${JSON.stringify(fromNomenclature)}, this table is for ${nomenclature}`);
      }
      const source = (r.source ?? "").trim();
      const justification = (r.justification ?? "").trim();
      if (source === "") fail("column source: every pair needs the source it is taken from");
      if (justification === "") fail("column justification: every pair needs the description that justifies it");
      const key = `${from}>${to}`;
      if (seen.has(key)) fail(`the pair ${from} → ${to} appears twice`);
      seen.add(key);
      pairs.push({ fromNomenclature, from, to, source, justification, line });
      const list = targets.get(from);
      if (list) list.push(to);
      else targets.set(from, [to]);
    });
    return { file, pairs, targets };
  } finally {
    db.close();
  }
}

/** How an HS-6 value reached HS2022 codes. */
export type Hs6Route = "direct" | "concordance";
/** What a HS2022 HS-6 value was spread by over its HTS-10 lines. */
export type SpreadRule = "china-2024" | "partners-2024" | "even";

export type UnplacedReason =
  /** Comtrade's 999999, commodities not specified according to kind: no product. */
  | "not-specified"
  /** The code is in no 2024 HTS line and the concordance has no row for it. */
  | "not-in-hs2022"
  /** The concordance names new codes, but none of them has a 2024 HTS-10 line. */
  | "no-2024-line";

export interface UnplacedHs6 {
  hs6: string;
  value: number;
  reason: UnplacedReason;
  description: string;
  /** Where the value came from (the input's `line`: the CSV line of the Comtrade file), when known. */
  line?: number;
}

export interface Hs6Placement {
  /** Sum of the input values. */
  totalValue: number;
  /** Value placed on HTS-10 lines (= totalValue − unplacedValue). */
  placedValue: number;
  unplaced: UnplacedHs6[];
  unplacedValue: number;
  unplacedByReason: Record<UnplacedReason, number>;
  byRoute: Record<Hs6Route, { codes: number; value: number }>;
  bySpread: Record<SpreadRule, number>;
  /** Value carried by each concordance pair (old code → new code). */
  concordanceSplits: { from: string; to: string; value: number }[];
}

/** The 2024 lines of one HS-6 with their values (lines of chapters 98/99 are never product lines). */
interface Pool {
  byHs6: Map<string, LineValue[]>;
}

function poolOf(rows: readonly LineValue[]): Pool {
  const byLine = new Map<string, LineValue>();
  for (const r of rows) {
    if (r.hts10.startsWith("98") || r.hts10.startsWith("99")) continue;
    const l = byLine.get(r.hts10);
    if (l) {
      l.value += r.value;
      l.duty += r.duty;
    } else byLine.set(r.hts10, { hts10: r.hts10, value: r.value, duty: r.duty });
  }
  const byHs6 = new Map<string, LineValue[]>();
  for (const l of [...byLine.values()].sort((a, b) => (a.hts10 < b.hts10 ? -1 : a.hts10 > b.hts10 ? 1 : 0))) {
    const k = l.hts10.slice(0, 6);
    const list = byHs6.get(k);
    if (list) list.push(l);
    else byHs6.set(k, [l]);
  }
  return { byHs6 };
}

const total = (ls: readonly LineValue[] | undefined): number => (ls ?? []).reduce((s, l) => s + l.value, 0);

/**
 * Spread HS-6 values over 2024 HTS-10 lines.
 *
 * Route: a code with concordance targets (`concordance`, for vintages before HS2022) goes to its new codes, split by
 * the new codes' 2024 values (the partner's, else all partners', else evenly among the new codes that have a 2024
 * line); any other code goes directly. "999999" is never a product.
 *
 * Spread of a HS2022 HS-6 value over its HTS-10 lines: in proportion to the partner's 2024 values of the lines
 * (`china-2024`); if the partner had none there, to all partners' 2024 values (`partners-2024`); if no line had value,
 * evenly over the lines (`even`). Duty is the value times the line's 2024 duty rate in the pool used (0 for `even`).
 * A code with no 2024 line at all is unplaced.
 */
export function placeHs6Values(
  values: readonly Hs6Value[],
  pools: { partner2024: readonly LineValue[]; all2024: readonly LineValue[] },
  concordance?: ReadonlyMap<string, readonly string[]>,
): { rows: LineValue[]; placement: Hs6Placement } {
  const partner = poolOf(pools.partner2024);
  const all = poolOf(pools.all2024);
  const hasLine = (hs6: string): boolean => partner.byHs6.has(hs6) || all.byHs6.has(hs6);
  const out = new Map<string, LineValue>();
  const bySpread: Record<SpreadRule, number> = { "china-2024": 0, "partners-2024": 0, even: 0 };
  const byRoute: Record<Hs6Route, { codes: number; value: number }> = {
    direct: { codes: 0, value: 0 },
    concordance: { codes: 0, value: 0 },
  };
  const unplaced: UnplacedHs6[] = [];
  const splits = new Map<string, { from: string; to: string; value: number }>();
  let totalValue = 0;

  const add = (hts10: string, value: number, duty: number): void => {
    const l = out.get(hts10);
    if (l) {
      l.value += value;
      l.duty += duty;
    } else out.set(hts10, { hts10, value, duty });
  };

  /** Spread `amount` over the lines of HS2022 code `hs6` (which has at least one 2024 line). */
  const spread = (hs6: string, amount: number): void => {
    const own = partner.byHs6.get(hs6);
    const ownTotal = total(own);
    const allLines = all.byHs6.get(hs6);
    const allTotal = total(allLines);
    const [lines, sum, rule]: [LineValue[], number, SpreadRule] =
      ownTotal > 0
        ? [own!, ownTotal, "china-2024"]
        : allTotal > 0
          ? [allLines!, allTotal, "partners-2024"]
          : [(own ?? allLines)!, 0, "even"];
    bySpread[rule] += amount;
    for (const l of lines) {
      if (sum > 0) {
        if (l.value <= 0) continue;
        const v = (amount * l.value) / sum;
        add(l.hts10, v, (v * l.duty) / l.value);
      } else add(l.hts10, amount / lines.length, 0);
    }
  };

  for (const v of values) {
    totalValue += v.value;
    const description = v.description ?? "";
    const at = v.line !== undefined ? { line: v.line } : {};
    if (v.hs6 === "999999") {
      unplaced.push({ hs6: v.hs6, value: v.value, reason: "not-specified", description, ...at });
      continue;
    }
    const targets = concordance?.get(v.hs6);
    if (targets && targets.length > 0) {
      const live = targets.filter(hasLine);
      if (live.length === 0) {
        unplaced.push({ hs6: v.hs6, value: v.value, reason: "no-2024-line", description, ...at });
        continue;
      }
      const own = live.map((t) => total(partner.byHs6.get(t)));
      const allV = live.map((t) => total(all.byHs6.get(t)));
      const ownSum = own.reduce((s, x) => s + x, 0);
      const allSum = allV.reduce((s, x) => s + x, 0);
      const shares =
        ownSum > 0
          ? own.map((x) => x / ownSum)
          : allSum > 0
            ? allV.map((x) => x / allSum)
            : live.map(() => 1 / live.length);
      byRoute.concordance.codes++;
      byRoute.concordance.value += v.value;
      live.forEach((t, i) => {
        const amount = v.value * shares[i]!;
        if (amount <= 0) return;
        const key = `${v.hs6}>${t}`;
        const s = splits.get(key);
        if (s) s.value += amount;
        else splits.set(key, { from: v.hs6, to: t, value: amount });
        spread(t, amount);
      });
      continue;
    }
    if (hasLine(v.hs6)) {
      byRoute.direct.codes++;
      byRoute.direct.value += v.value;
      spread(v.hs6, v.value);
      continue;
    }
    unplaced.push({ hs6: v.hs6, value: v.value, reason: "not-in-hs2022", description, ...at });
  }
  unplaced.sort((a, b) => b.value - a.value || (a.hs6 < b.hs6 ? -1 : 1));
  const unplacedByReason: Record<UnplacedReason, number> = {
    "not-specified": 0,
    "not-in-hs2022": 0,
    "no-2024-line": 0,
  };
  for (const u of unplaced) unplacedByReason[u.reason] += u.value;
  const unplacedValue = unplaced.reduce((s, u) => s + u.value, 0);
  const rows = [...out.values()].sort((a, b) => (a.hts10 < b.hts10 ? -1 : a.hts10 > b.hts10 ? 1 : 0));
  return {
    rows,
    placement: {
      totalValue,
      placedValue: totalValue - unplacedValue,
      unplaced,
      unplacedValue,
      unplacedByReason,
      byRoute,
      bySpread,
      concordanceSplits: [...splits.values()],
    },
  };
}
