import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { rename } from "node:fs/promises";
import { addDays, dayNumber, type LegalDay } from "../common/legalDate.js";
import { formatHts } from "../common/htsCode.js";
import { listImportPartners, loadWeightSet } from "../analytics/weights.js";

/**
 * A realistic synthetic entry file for demos, tests and benchmarks: origins and products drawn from the Census 2024
 * imports (origin by its total, product by its HTS-10 value from that origin), entry dates 2025-02-01 → 2026-02-28,
 * a mix of entry types and liquidation states. Deterministic for a seed. Written streamed (any size, bounded memory).
 * Only the file's columns are synthetic: duties are computed by `entries price` / `refunds`, never written here.
 */

export interface SynthOptions {
  lines: number;
  out: string;
  seed?: number;
  cacheDir?: string | undefined;
  /** Products per origin: the top N HTS-10 lines by 2024 value (default 1500), so a panel stays a few thousand profiles. */
  productsPerOrigin?: number;
  /** Origins: the top N partners by 2024 value (default 12; China, Hong Kong and Macau included when they have a 2024 file). */
  origins?: number;
  /** Keep only lines the ledger's catalog holds (pass `ledger.catalog.lines.has`). */
  knownLine?: (hts10: string) => boolean;
  onProgress?: (done: number, total: number) => void;
}

/** mulberry32: a small seeded PRNG (uniform in [0, 1)). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Picker<T> {
  private readonly cum: Float64Array;
  constructor(private readonly items: T[], weights: number[]) {
    this.cum = new Float64Array(weights.length);
    let s = 0;
    weights.forEach((w, i) => (this.cum[i] = s += w));
  }
  pick(u: number): T {
    const x = u * this.cum[this.cum.length - 1]!;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/** Entry types and their shares (a consumption-heavy mix with the types CAPE rejects present). */
const ENTRY_TYPES = new Picker(["01", "03", "11", "21", "06", "23", "09", "08", "47"], [86, 4, 3, 2, 2, 1, 1, 0.5, 0.5]);

const FIRST: LegalDay = "2025-02-01";
const LAST: LegalDay = "2026-02-28";

export async function synthEntries(options: SynthOptions): Promise<{ lines: number; entries: number; origins: string[] }> {
  const r = rng(options.seed ?? 20260220);
  const partners = listImportPartners().filter((p) => p.iso && !p.aggregate);
  const sets = await Promise.all(partners.map((p) => loadWeightSet("census-2024", { partner: p.code, cacheDir: options.cacheDir })));
  const byValue = partners.map((p, i) => ({ iso: p.iso!, set: sets[i]! })).sort((a, b) => b.set.totalValue - a.set.totalValue);
  const keep = byValue.slice(0, options.origins ?? 12);
  for (const must of ["CN", "HK", "MO"]) {
    const found = byValue.find((b) => b.iso === must);
    if (found && !keep.includes(found)) keep.push(found);
  }
  const perOrigin = options.productsPerOrigin ?? 1500;
  const origins = new Picker(keep, keep.map((k) => k.set.totalValue));
  const products = new Map(
    keep.map((k) => {
      const rows = [...k.set.rows].filter((x) => x.value > 0 && !/^9[89]/.test(x.hts10) && (options.knownLine?.(x.hts10) ?? true)).sort((a, b) => b.value - a.value).slice(0, perOrigin);
      return [k.iso, new Picker(rows, rows.map((x) => x.value))];
    }),
  );
  const span = dayNumber(LAST) - dayNumber(FIRST) + 1;
  const part = `${options.out}.part`;
  const out = createWriteStream(part);
  const put = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, "drain");
  };
  await put("entry_number,entry_type,entry_date,entry_summary_date,line_number,hts10,country_of_origin,entered_value,liquidation_status,liquidation_date,protest_status,adcvd,surety_paid,reconciliation_flag,drawback_flag\n");
  let written = 0;
  let entries = 0;
  while (written < options.lines) {
    entries++;
    const origin = origins.pick(r());
    const pick = products.get(origin.iso)!;
    const type = ENTRY_TYPES.pick(r());
    const entryDate = addDays(FIRST, Math.floor(r() * span));
    const summaryDate = addDays(entryDate, 5 + Math.floor(r() * 10));
    // Liquidation about 314 days after entry; some extended/suspended; TIB (23) entries stay "open".
    const age = dayNumber("2026-04-20") - dayNumber(entryDate);
    const u = r();
    let status = "unliquidated";
    let liqDate = "";
    if (type === "23") status = "open";
    else if (u < 0.03) status = "extended";
    else if (u < 0.05) status = "suspended";
    else if (age > 314 && u < 0.9) {
      status = "liquidated";
      liqDate = addDays(entryDate, 314 + Math.floor(r() * 30));
    }
    const protest = status === "liquidated" && r() < 0.05 ? "open" : "";
    const flags = [type === "03" ? "Y" : "", r() < 0.005 ? "Y" : "", r() < 0.01 ? "Y" : "", r() < 0.01 ? "Y" : ""];
    const n = Math.min(options.lines - written, 1 + Math.floor(-Math.log(1 - r()) * 4));
    const filer = String.fromCharCode(65 + Math.floor(r() * 26), 65 + Math.floor(r() * 26), 48 + Math.floor(r() * 10));
    const number = `${filer}-${String(entries % 10_000_000).padStart(7, "0")}-${entries % 10}`;
    for (let line = 1; line <= n; line++) {
      const p = pick.pick(r());
      // Lognormal line values around $8,000 (median), cents included.
      const value = Math.min(5e7, Math.exp(Math.log(8000) + 1.6 * gauss(r))).toFixed(2);
      await put(`${number},${type},${entryDate},${summaryDate},${line},${formatHts(p.hts10)},${origin.iso},${value},${status},${liqDate},${protest},${flags.join(",")}\n`);
      written++;
    }
    if (options.onProgress && entries % 5000 === 0) options.onProgress(written, options.lines);
  }
  out.end();
  await once(out, "close");
  await rename(part, options.out);
  options.onProgress?.(written, options.lines);
  return { lines: written, entries, origins: keep.map((k) => k.iso) };
}

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}
