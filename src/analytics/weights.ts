import { DataFileError, InputError } from "../common/errors.js";
import { KNOWN_ORIGINS } from "../common/country.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { sourcePath } from "../data/locate.js";
import { loadManifest } from "../data/manifest.js";
import { readHs10Imports, readHs2Monthly, type CensusImportFile } from "../sources/censusImports.js";
import { versionAt, type HtsCatalog } from "../schedule/htsCatalog.js";
import { openDuckDb } from "../store/duckdb.js";
import { join } from "node:path";
import { packageRoot } from "../data/manifest.js";
import { readComtradeHs6, HS_VINTAGES } from "../sources/comtradeHs6.js";
import { loadHsConcordance, placeHs6Values, type Hs6Placement } from "./hs6Weights.js";

/**
 * Trade weights for averages: import value (and the duty Census calculated on it) by HTS-10 line for one partner,
 * as named weight sets, plus the concordance of a weight set to the lines of an HTS edition and the collected duty
 * rate. See `docs/weights.md`.
 *
 * Weight sets are data: `WEIGHT_SETS` lists them (name, years, partners, sources); `loadWeightSet(name, …)` builds
 * one. Loaded files and built sets are cached in memory per process (keyed by cache folder).
 */

/** One weight line: an HTS-10 code (2024 Census vintage) with its import value and calculated duty, USD. */
export interface WeightRow {
  hts10: string;
  value: number;
  duty: number;
}

/** For `approx-2017`: how each HS-2 chapter of the 2024 values was rescaled to its 2017 total. */
export interface ChapterRescale {
  chapter: string;
  /** Sum of the partner's 2024 HTS-10 values in the chapter. */
  value2024: number;
  /** The chapter's 2017 imports from the partner (HS-2 monthly file, January–December 2017). */
  value2017: number;
  /** value2017 / value2024 (0 when value2024 is 0: the 2017 value is then unallocated). */
  factor: number;
}

export interface WeightSet {
  /** Weight-set name, e.g. "census-2024". */
  name: string;
  /** Census partner code, e.g. "5700". */
  partner: string;
  /** ISO code of the partner when the project knows it ("CN"), else null (e.g. "0003", the EU aggregate). */
  partnerIso: string | null;
  /** Partner name as Census spells it ("CHINA"). */
  partnerName: string;
  /** One row per HTS-10 line (2024 codes), in file order. Shared and frozen: do not mutate. */
  rows: readonly WeightRow[];
  totalValue: number;
  totalDuty: number;
  source: { files: string[]; description: string };
  /** `approx-2017` only: the chapter factors and the 2017 value that no 2024 line could carry. */
  rescale?: {
    chapters: ChapterRescale[];
    unallocated: { chapter: string; value2017: number }[];
    unallocatedValue: number;
  };
  /** `comtrade-<year>` only: how the HS-6 values were placed on 2024 lines, and what could not be placed. */
  hs6?: Hs6Placement & {
    year: number;
    /** Nomenclature of the year's HS-6 codes as the file states it (HS2012, HS2017, HS2022). */
    nomenclature: string;
    /** The concordance files applied, first wins (null for HS2022 years, which need none). */
    concordance: string[] | null;
  };
}

/** A weight set as data: what it is, which partners it exists for, where it comes from. */
export interface WeightSetInfo {
  name: string;
  /** A short name for menus (the dashboard's weight choice); the name when absent. */
  label?: string;
  /** Year whose trade pattern the weights represent. */
  year: number;
  /** Census partner codes it can be built for; "all" = every partner with a 2024 HS-10 file. */
  partners: "all" | readonly string[];
  description: string;
  /** Dataset paths (manifest paths) it reads; `<CTY>` stands for the partner code. */
  sources: readonly string[];
}

const IMPORTS_2024_GROUP = "imports-2024";
const IMPORTS_2024_PATH = (code: string): string => `us/imports-2024/2024-hs10-imports${code}.parquet`;
const HS2_CHINA_PATH = "us/imports-hs2-monthly/imports-5700data.parquet";
const CHINA = "5700";
const COMTRADE_PATH = "trade/comtrade-usa-chn-hs6-annual-2015-2025.csv.gz";
/** The curated HS2017 → HS2022 concordance (code pairs, each with its citation). */
export const HS_CONCORDANCE_FILE = join(packageRoot, "manifest", "hs-concordance-2017-2022.csv");
/** The curated HS2012 → HS2022 pairs for codes HS2017 changed (used before the HS2017 table for HS2012 years). */
export const HS2012_CONCORDANCE_FILE = join(packageRoot, "manifest", "hs-concordance-2012-2022.csv");
/** Years of the Comtrade file; each is a weight set `comtrade-<year>`. */
export const COMTRADE_YEARS: readonly number[] = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];

/** The weight sets, as data. */
export const WEIGHT_SETS: readonly WeightSetInfo[] = [
  {
    name: "census-2024",
    label: "2024 imports (Census)",
    year: 2024,
    partners: "all",
    description:
      "US imports for consumption (customs value, CON_VAL_YR) and calculated duty (CAL_DUT_YR) by HTS-10 line and partner, calendar 2024 (Census).",
    sources: [IMPORTS_2024_PATH("<CTY>")],
  },
  {
    name: "approx-2017",
    label: "2017 pattern (approx.)",
    year: 2017,
    partners: [CHINA],
    description:
      "2017 chapter mix, 2024 line mix: the partner's 2024 HTS-10 values rescaled so that each HS-2 chapter totals its 2017 " +
      "imports from China (Census HS-2 monthly series). Captures the 2017 chapter mix; not within-chapter shifts since 2017, " +
      "lines traded in 2017 but not in 2024, or 2017 nomenclature. China only.",
    sources: [IMPORTS_2024_PATH("5700"), HS2_CHINA_PATH],
  },
  ...COMTRADE_YEARS.map((year) => ({
    name: `comtrade-${year}`,
    label: `${year} products (Comtrade)`,
    year,
    partners: [CHINA],
    description:
      `${year} product mix: US general imports from China by HS-6 in ${year} (UN Comtrade, US as reporter, CIF value), ` +
      "carried to HS2022 codes through the HS2017→HS2022 concordance where the code changed, and spread over the 2024 " +
      "HTS-10 lines of each HS-6 by their 2024 Census values. China only.",
    sources: [COMTRADE_PATH, IMPORTS_2024_PATH("<CTY>")],
  })),
];

/** The weight sets that can be loaded (a copy of `WEIGHT_SETS`). */
export function listWeightSets(): WeightSetInfo[] {
  return WEIGHT_SETS.map((w) => ({ ...w }));
}

/** A partner with a 2024 HS-10 import file. */
export interface ImportPartner {
  /** Census code, e.g. "5700". */
  code: string;
  /** ISO code when `KNOWN_ORIGINS` has the partner, else null. */
  iso: string | null;
  /** Name from `KNOWN_ORIGINS`, null when unknown there (the file's `CTY_NAME` is in the loaded data). */
  name: string | null;
  /** Manifest path of the file. */
  path: string;
  /** True for the EU aggregate (0003), which overlaps its member states. */
  aggregate: boolean;
}

function isoOfCensus(code: string): string | null {
  for (const [iso, o] of Object.entries(KNOWN_ORIGINS)) if (o.census === code) return iso;
  return null;
}

let partnersMemo: ImportPartner[] | undefined;

/** The partners with a 2024 HS-10 file (51, from the source manifest), in code order. */
export function listImportPartners(): ImportPartner[] {
  if (!partnersMemo) {
    const re = /^us\/imports-2024\/2024-hs10-imports([0-9A-Z]{4})\.parquet$/;
    partnersMemo = loadManifest()
      .entries.filter((e) => e.group === IMPORTS_2024_GROUP)
      .map((e) => re.exec(e.path)?.[1])
      .filter((c): c is string => c !== undefined)
      .sort()
      .map((code) => {
        const iso = isoOfCensus(code);
        return {
          code,
          iso,
          name: iso ? KNOWN_ORIGINS[iso]!.name : code === "0003" ? "European Union" : null,
          path: IMPORTS_2024_PATH(code),
          aggregate: code === "0003",
        };
      });
  }
  return partnersMemo.map((p) => ({ ...p }));
}

/**
 * The Census code of `partner`: an ISO code the project knows ("CN") or a Census code ("5700") that has a 2024 file.
 * Otherwise an `InputError` (`UNKNOWN_PARTNER`) listing close candidates.
 */
export function resolveImportPartner(partner: string, field = "partner"): string {
  const v = partner.trim().toUpperCase();
  const partners = listImportPartners();
  const byCode = partners.find((p) => p.code === v);
  if (byCode) return byCode.code;
  const iso = KNOWN_ORIGINS[v];
  if (iso?.census && partners.some((p) => p.code === iso.census)) return iso.census;
  const suggestions = partners
    .filter((p) => (p.iso ?? "").startsWith(v.slice(0, 1)) || p.code.startsWith(v.slice(0, 2)))
    .slice(0, 6)
    .map((p) => `${p.iso ?? p.code} (${p.name ?? p.code})`);
  const why = iso
    ? `${v} (${iso.name}, Census ${iso.census ?? "?"}) has no 2024 HS-10 import file`
    : `"${partner}" is neither a known ISO origin nor the Census code of a 2024 import file`;
  throw new InputError("UNKNOWN_PARTNER", field, why, suggestions);
}

// ---------------------------------------------------------------------------------------------------------------
// Loading (cached per process and cache folder)

interface CacheSlot {
  files: Map<string, Promise<CensusImportFile>>;
  all?: Promise<void>;
  china2017?: Promise<{ file: string; totals: Map<string, number> }>;
  sets: Map<string, Promise<WeightSet>>;
}

const slots = new Map<string, CacheSlot>();

function slotFor(cacheDir: string | undefined): { dir: string; slot: CacheSlot } {
  const dir = resolveCacheDir({ dir: cacheDir });
  let slot = slots.get(dir);
  if (!slot) {
    slot = { files: new Map(), sets: new Map() };
    slots.set(dir, slot);
  }
  return { dir, slot };
}

/** Forget every loaded file and weight set (tests, or after a data sync). */
export function clearWeightCache(): void {
  slots.clear();
}

function checkImportFile(code: string, f: CensusImportFile): CensusImportFile {
  if (f.rows.length > 0 && f.partnerCode !== code) {
    throw new DataFileError(f.file, `column CTY_CODE: the file holds partner ${f.partnerCode}, its name says ${code}`, {
      code: "BAD_VALUE",
    });
  }
  if (f.rows.length > 0 && f.period !== "2024-12") {
    throw new DataFileError(f.file, `column time: period ${f.period}, expected 2024-12 (the full calendar year 2024)`, {
      code: "BAD_VALUE",
    });
  }
  const seen = new Set<string>();
  for (const r of f.rows) {
    if (seen.has(r.hts10)) {
      throw new DataFileError(f.file, `column I_COMMODITY: ${r.hts10} appears twice`, {
        code: "BAD_VALUE",
        position: `row ${r.row}`,
      });
    }
    seen.add(r.hts10);
  }
  return f;
}

async function readImportFiles(codes: string[], cacheDir: string): Promise<Map<string, CensusImportFile>> {
  const paths = codes.map((c) => sourcePath(IMPORTS_2024_PATH(c), { cacheDir }));
  const db = await openDuckDb();
  try {
    const files = await readHs10Imports(paths, { db });
    return new Map(files.map((f, i) => [codes[i]!, checkImportFile(codes[i]!, f)]));
  } finally {
    db.close();
  }
}

/** The 2024 HS-10 file of one partner (Census code), read once per process. */
async function importFile(code: string, cacheDir: string | undefined): Promise<CensusImportFile> {
  const { dir, slot } = slotFor(cacheDir);
  let p = slot.files.get(code);
  if (!p) {
    p = readImportFiles([code], dir).then((m) => m.get(code)!);
    slot.files.set(code, p);
    p.catch(() => slot.files.delete(code));
  }
  return p;
}

/**
 * Read the 2024 HS-10 files of every partner (51) in one DuckDB query and keep them in memory, so later weight sets
 * of any partner load without reading. Returns the partner codes loaded.
 */
export async function preloadImports2024(options: { cacheDir?: string | undefined } = {}): Promise<string[]> {
  const { dir, slot } = slotFor(options.cacheDir);
  const codes = listImportPartners().map((p) => p.code);
  if (!slot.all) {
    const missing = codes.filter((c) => !slot.files.has(c));
    const all =
      missing.length > 0 ? readImportFiles(missing, dir) : Promise.resolve(new Map<string, CensusImportFile>());
    for (const c of missing)
      slot.files.set(
        c,
        all.then((m) => m.get(c)!),
      );
    slot.all = all.then(() => undefined);
    slot.all.catch(() => {
      slot.all = undefined;
      for (const c of missing) slot.files.delete(c);
    });
  }
  await slot.all;
  return codes;
}

/** 2017 imports from China by HS-2 chapter (January–December), from the HS-2 monthly file. */
export async function chinaChapterTotals2017(
  options: { cacheDir?: string | undefined } = {},
): Promise<Map<string, number>> {
  return (await china2017(options.cacheDir)).totals;
}

async function china2017(cacheDir: string | undefined): Promise<{ file: string; totals: Map<string, number> }> {
  const { dir, slot } = slotFor(cacheDir);
  if (!slot.china2017) {
    slot.china2017 = (async () => {
      const file = sourcePath(HS2_CHINA_PATH, { cacheDir: dir });
      const [data] = await readHs2Monthly([file]);
      if (!data) throw new DataFileError(file, "no data", { code: "BAD_VALUE" });
      if (data.partnerCode !== CHINA) {
        throw new DataFileError(file, `column CTY_CODE: partner ${String(data.partnerCode)}, expected ${CHINA}`, {
          code: "BAD_VALUE",
        });
      }
      const totals = new Map<string, number>();
      const months = new Set<number>();
      for (const r of data.rows) {
        if (r.year !== 2017) continue;
        months.add(r.month);
        totals.set(r.chapter, (totals.get(r.chapter) ?? 0) + r.value);
      }
      if (months.size !== 12) {
        throw new DataFileError(file, `column time: 2017 has ${months.size} months, expected 12`, {
          code: "BAD_VALUE",
        });
      }
      return { file, totals };
    })();
    slot.china2017.catch(() => {
      slot.china2017 = undefined;
    });
  }
  return slot.china2017;
}

function freezeRows(rows: WeightRow[]): readonly WeightRow[] {
  for (const r of rows) Object.freeze(r);
  return Object.freeze(rows);
}

function sum(rows: readonly WeightRow[], key: "value" | "duty"): number {
  let s = 0;
  for (const r of rows) s += r[key];
  return s;
}

/** A weight set's common part: the rows (frozen) and their totals, for a partner, with its sources. */
function weightSetOf(
  name: string,
  partner: Pick<WeightSet, "partner" | "partnerIso" | "partnerName">,
  rows: WeightRow[],
  source: WeightSet["source"],
): WeightSet {
  const frozen = freezeRows(rows);
  return { name, ...partner, rows: frozen, totalValue: sum(frozen, "value"), totalDuty: sum(frozen, "duty"), source };
}

async function buildCensus2024(code: string, cacheDir: string | undefined): Promise<WeightSet> {
  const f = await importFile(code, cacheDir);
  return weightSetOf(
    "census-2024",
    { partner: code, partnerIso: isoOfCensus(code), partnerName: f.partnerName },
    f.rows.map((r) => ({ hts10: r.hts10, value: r.value, duty: r.calculatedDuty })),
    {
      files: [f.file],
      description: `Census imports for consumption (CON_VAL_YR) and calculated duty (CAL_DUT_YR), calendar 2024, partner ${code} (${f.partnerName}), by HTS-10.`,
    },
  );
}

/**
 * Rescale `rows` so that each HS-2 chapter (first two digits) totals `chapterTotals[chapter]`, keeping every line's
 * share of its chapter. Duty is scaled with value, so each line keeps its duty/value rate. A chapter whose rows total
 * zero (or that has no rows) cannot carry its target: it is returned in `unallocated`, never dropped silently; rows of
 * chapters without a target get value 0.
 */
export function rescaleToChapterTotals(
  rows: readonly WeightRow[],
  chapterTotals: ReadonlyMap<string, number>,
): { rows: WeightRow[]; chapters: ChapterRescale[]; unallocated: { chapter: string; value2017: number }[] } {
  const base = new Map<string, number>();
  for (const r of rows) base.set(r.hts10.slice(0, 2), (base.get(r.hts10.slice(0, 2)) ?? 0) + r.value);
  const chapters: ChapterRescale[] = [];
  const factor = new Map<string, number>();
  for (const ch of [...new Set([...base.keys(), ...chapterTotals.keys()])].sort()) {
    const value2024 = base.get(ch) ?? 0;
    const value2017 = chapterTotals.get(ch) ?? 0;
    const f = value2024 > 0 ? value2017 / value2024 : 0;
    factor.set(ch, f);
    chapters.push({ chapter: ch, value2024, value2017, factor: f });
  }
  const unallocated = chapters
    .filter((c) => c.value2024 === 0 && c.value2017 > 0)
    .map((c) => ({ chapter: c.chapter, value2017: c.value2017 }));
  const out = rows.map((r) => {
    const f = factor.get(r.hts10.slice(0, 2)) ?? 0;
    return { hts10: r.hts10, value: r.value * f, duty: r.duty * f };
  });
  return { rows: out, chapters, unallocated };
}

async function buildApprox2017(code: string, cacheDir: string | undefined): Promise<WeightSet> {
  if (code !== CHINA) {
    throw new InputError(
      "WEIGHTS_UNAVAILABLE",
      "partner",
      `approx-2017 weights exist for China (5700) only: the HS-2 2017 series in the data is for China and the world; ${code} has none`,
      ["CN"],
    );
  }
  const base = await buildCensus2024(code, cacheDir);
  const { file, totals } = await china2017(cacheDir);
  const r = rescaleToChapterTotals(base.rows, totals);
  return {
    ...weightSetOf("approx-2017", base, r.rows, {
      files: [...base.source.files, file],
      description:
        "2024 HTS-10 values from China rescaled so that each HS-2 chapter totals its 2017 imports from China " +
        "(CON_VAL_MO, January–December 2017); within-chapter shares and line duty rates are those of 2024.",
    }),
    rescale: {
      chapters: r.chapters,
      unallocated: r.unallocated,
      unallocatedValue: r.unallocated.reduce((s, u) => s + u.value2017, 0),
    },
  };
}

async function allPartners2024(cacheDir: string | undefined): Promise<WeightRow[]> {
  const codes = await preloadImports2024({ cacheDir });
  const rows: WeightRow[] = [];
  // 0003 (EU aggregate) overlaps its member states: left out so nothing counts twice.
  for (const code of codes) {
    if (code === "0003") continue;
    for (const r of (await importFile(code, cacheDir)).rows)
      rows.push({ hts10: r.hts10, value: r.value, duty: r.calculatedDuty });
  }
  return rows;
}

async function buildComtrade(
  name: string,
  year: number,
  code: string,
  cacheDir: string | undefined,
): Promise<WeightSet> {
  if (code !== CHINA) {
    throw new InputError(
      "WEIGHTS_UNAVAILABLE",
      "partner",
      `${name} weights exist for China (5700) only: the Comtrade file holds US trade with China; ${code} has none`,
      ["CN"],
    );
  }
  const { dir } = slotFor(cacheDir);
  const file = sourcePath(COMTRADE_PATH, { cacheDir: dir });
  const data = await readComtradeHs6(file, { flow: "import", year });
  if (data.rows.length === 0) {
    throw new DataFileError(file, `no import rows for ${year}`, { code: "BAD_VALUE", position: `year ${year}` });
  }
  const vintages = new Set(data.rows.map((r) => r.hsVintage));
  if (vintages.size !== 1) {
    throw new DataFileError(file, `column hs_vintage: ${year} mixes ${[...vintages].join(", ")}`, {
      code: "BAD_VALUE",
      position: `year ${year}`,
    });
  }
  const vintage = data.rows[0]!.hsVintage;
  const nomenclature = HS_VINTAGES[vintage];
  // HS2017 years: the HS2017 → HS2022 table. HS2012 years: the HS2012 table for the codes HS2017 changed, then the
  // HS2017 table for the codes HS2017 kept and HS2022 changed. HS2022 years need none.
  const tables =
    vintage === "H6"
      ? []
      : vintage === "H5"
        ? [await loadHsConcordance(HS_CONCORDANCE_FILE, "HS2017")]
        : [
            await loadHsConcordance(HS2012_CONCORDANCE_FILE, "HS2012"),
            await loadHsConcordance(HS_CONCORDANCE_FILE, "HS2017"),
          ];
  const concordance =
    tables.length === 0
      ? null
      : {
          files: tables.map((t) => t.file),
          targets: new Map([...tables].reverse().flatMap((t) => [...t.targets])),
        };
  const base = await buildCensus2024(code, cacheDir);
  const placed = placeHs6Values(
    data.rows.map((r) => ({ hs6: r.hs6, value: r.value, description: r.description, line: r.line })),
    { partner2024: base.rows, all2024: await allPartners2024(cacheDir) },
    concordance?.targets,
  );
  return {
    ...weightSetOf(name, base, placed.rows, {
      files: [file, ...base.source.files, ...(concordance ? concordance.files : [])],
      description:
        `US general imports from China by HS-6, ${year} (UN Comtrade, ${nomenclature}, CIF value)` +
        (concordance ? ", carried to HS2022 codes through the curated concordance where the code changed" : "") +
        "; each HS-6 value spread over its 2024 HTS-10 lines by their 2024 Census values from China " +
        "(else all partners' 2024 values, else evenly). Duty: the value times the line's 2024 collected rate.",
    }),
    hs6: { ...placed.placement, year, nomenclature, concordance: concordance ? concordance.files : null },
  };
}

/**
 * Load a weight set by name for one partner (`"CN"` or a Census code such as `"5700"`). Unknown name or partner, or a
 * set that does not exist for the partner: `InputError`. Missing or malformed data file: `DataFileError`.
 * Results are cached per process; the rows are frozen and shared.
 */
export async function loadWeightSet(
  name: string,
  options: { partner: string; cacheDir?: string | undefined },
): Promise<WeightSet> {
  const info = WEIGHT_SETS.find((w) => w.name === name);
  if (!info) {
    throw new InputError(
      "UNKNOWN_WEIGHT_SET",
      "weights",
      `"${name}" is not a weight set`,
      WEIGHT_SETS.map((w) => w.name),
    );
  }
  const code = resolveImportPartner(options.partner);
  const { slot } = slotFor(options.cacheDir);
  const key = `${name}|${code}`;
  let p = slot.sets.get(key);
  if (!p) {
    p =
      name === "census-2024"
        ? buildCensus2024(code, options.cacheDir)
        : name === "approx-2017"
          ? buildApprox2017(code, options.cacheDir)
          : buildComtrade(name, info.year, code, options.cacheDir);
    slot.sets.set(key, p);
    p.catch(() => slot.sets.delete(key));
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------------------
// Concordance to an edition

/** How a weight row reached an edition line. */
export type JoinMethod =
  /** The same HTS-10 code is printed in the edition. */
  | "exact"
  /** The code was discontinued after 2024 (printed in an earlier edition of the catalog, not in this one): its value is
   * split evenly over the lines of the same HTS-8 established since it was last printed. */
  | "successors"
  /** No established successor is known (code not in any catalog edition, or no new line in its HTS-8): the value is split
   * evenly over all lines of the edition in the same HTS-8 (the 8-digit legal line's leaves). */
  | "hts8";

export interface MatchedWeight {
  /** HTS-10 code of the edition. */
  hts10: string;
  value: number;
  duty: number;
  /** The 2024 code the value comes from. */
  source: string;
  method: JoinMethod;
  /** Number of edition lines the source row was split over (1 for exact). Flag: >1 means an even split, not data. */
  splitAmong: number;
}

export type UnmatchedReason =
  /** Chapter 98 special classification provision (US goods returned, etc.): not a product line of the catalog. */
  | "chapter-98"
  /** A Census statistical code that is not an HTS line (9999.95.0000, estimated low-value transactions). */
  | "census-only"
  /** No line of the edition in the row's HTS-8. */
  | "no-line-in-hts8";

export interface UnmatchedWeight {
  hts10: string;
  value: number;
  duty: number;
  reason: UnmatchedReason;
}

export interface EditionJoin {
  edition: string;
  editionIndex: number;
  matched: MatchedWeight[];
  unmatched: UnmatchedWeight[];
  /** Value of `unmatched` (never dropped: reported here and row by row). */
  unmatchedValue: number;
  unmatchedByReason: Record<UnmatchedReason, number>;
  /** Value placed by an even split (methods "successors" and "hts8"): flagged as approximate. */
  splitValue: number;
  byMethod: Record<JoinMethod, { rows: number; value: number }>;
  /** Value of all weight rows (= matched + unmatched). */
  totalValue: number;
}

interface EditionIndex {
  /** HTS-8 → HTS-10 codes printed in the edition. */
  byHts8: Map<string, string[]>;
}

const editionIndexes = new WeakMap<HtsCatalog, Map<number, EditionIndex>>();

function indexEdition(catalog: HtsCatalog, idx: number): EditionIndex {
  let perCatalog = editionIndexes.get(catalog);
  if (!perCatalog) {
    perCatalog = new Map();
    editionIndexes.set(catalog, perCatalog);
  }
  let ix = perCatalog.get(idx);
  if (!ix) {
    const byHts8 = new Map<string, string[]>();
    for (const [code, versions] of catalog.lines) {
      if (!versionAt(versions, idx)) continue;
      const k = code.slice(0, 8);
      const list = byHts8.get(k);
      if (list) list.push(code);
      else byHts8.set(k, [code]);
    }
    for (const list of byHts8.values()) list.sort();
    ix = { byHts8 };
    perCatalog.set(idx, ix);
  }
  return ix;
}

/**
 * Map every weight row (2024 codes) to the HTS-10 lines of edition `editionIndex` of `catalog`:
 * 1. the same code when the edition prints it ("exact");
 * 2. a code discontinued after 2024 (printed in an earlier catalog edition, not in this one): the lines of the same
 *    HTS-8 established since it was last printed ("successors"), value split evenly and flagged;
 * 3. otherwise all lines of the edition in the same HTS-8 ("hts8"), value split evenly and flagged;
 * 4. else unmatched, with the reason (Chapter 98 provisions and the Census-only 9999.95 code are never product lines).
 * Duty follows value. Nothing is dropped: `matched` + `unmatched` add up to `totalValue`.
 */
export function joinWeightsToEdition(
  weights: WeightSet | readonly WeightRow[],
  catalog: HtsCatalog,
  editionIndex: number,
): EditionJoin {
  if (!Number.isInteger(editionIndex) || editionIndex < 0 || editionIndex >= catalog.editions.length) {
    throw new InputError(
      "UNKNOWN_EDITION",
      "editionIndex",
      `${editionIndex} is not an edition index (0…${catalog.editions.length - 1})`,
      catalog.editions.slice(-3),
    );
  }
  const rows = "rows" in weights ? weights.rows : weights;
  const { byHts8 } = indexEdition(catalog, editionIndex);
  const matched: MatchedWeight[] = [];
  const unmatched: UnmatchedWeight[] = [];
  const byMethod: Record<JoinMethod, { rows: number; value: number }> = {
    exact: { rows: 0, value: 0 },
    successors: { rows: 0, value: 0 },
    hts8: { rows: 0, value: 0 },
  };
  const unmatchedByReason: Record<UnmatchedReason, number> = {
    "chapter-98": 0,
    "census-only": 0,
    "no-line-in-hts8": 0,
  };
  let totalValue = 0;

  const place = (r: WeightRow, targets: readonly string[], method: JoinMethod): void => {
    const n = targets.length;
    for (const t of targets)
      matched.push({ hts10: t, value: r.value / n, duty: r.duty / n, source: r.hts10, method, splitAmong: n });
    byMethod[method].rows++;
    byMethod[method].value += r.value;
  };

  for (const r of rows) {
    totalValue += r.value;
    const versions = catalog.lines.get(r.hts10);
    if (versionAt(versions, editionIndex)) {
      place(r, [r.hts10], "exact");
      continue;
    }
    if (r.hts10.startsWith("98") || r.hts10.startsWith("99")) {
      const reason: UnmatchedReason = r.hts10.startsWith("98") ? "chapter-98" : "census-only";
      unmatched.push({ hts10: r.hts10, value: r.value, duty: r.duty, reason });
      unmatchedByReason[reason] += r.value;
      continue;
    }
    const siblings = byHts8.get(r.hts10.slice(0, 8)) ?? [];
    if (siblings.length === 0) {
      unmatched.push({ hts10: r.hts10, value: r.value, duty: r.duty, reason: "no-line-in-hts8" });
      unmatchedByReason["no-line-in-hts8"] += r.value;
      continue;
    }
    // Last edition before this one that printed the code (discontinued after 2024, within the catalog's range).
    let lastPrinted = -1;
    for (const v of versions ?? []) if (v.to < editionIndex && v.to > lastPrinted) lastPrinted = v.to;
    if (lastPrinted >= 0) {
      const established = siblings.filter((s) => !versionAt(catalog.lines.get(s), lastPrinted));
      if (established.length > 0) {
        place(r, established, "successors");
        continue;
      }
    }
    place(r, siblings, "hts8");
  }
  const unmatchedValue = unmatched.reduce((s, u) => s + u.value, 0);
  return {
    edition: catalog.editions[editionIndex]!,
    editionIndex,
    matched,
    unmatched,
    unmatchedValue,
    unmatchedByReason,
    splitValue: byMethod.successors.value + byMethod.hts8.value,
    byMethod,
    totalValue,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Collected duty

export interface CollectedRate {
  value: number;
  duty: number;
  /** duty / value; null when value is 0. */
  rate: number | null;
}

/**
 * Calculated duty ÷ import value ("duties collected", as Fitch and Penn Wharton measure it, against the statutory
 * averages), overall and by HS-2 chapter. On `census-2024` this is the 2024 collected rate; on `approx-2017` it is the
 * 2024 line rates under the 2017 chapter mix.
 */
export function collectedRate2024(
  weights: WeightSet | readonly WeightRow[],
): CollectedRate & { byChapter: ({ chapter: string } & CollectedRate)[] } {
  const rows = "rows" in weights ? weights.rows : weights;
  const by = new Map<string, { value: number; duty: number }>();
  let value = 0;
  let duty = 0;
  for (const r of rows) {
    value += r.value;
    duty += r.duty;
    const ch = r.hts10.slice(0, 2);
    const c = by.get(ch);
    if (c) {
      c.value += r.value;
      c.duty += r.duty;
    } else by.set(ch, { value: r.value, duty: r.duty });
  }
  const rate = (v: number, d: number): number | null => (v > 0 ? d / v : null);
  return {
    value,
    duty,
    rate: rate(value, duty),
    byChapter: [...by.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([chapter, c]) => ({ chapter, value: c.value, duty: c.duty, rate: rate(c.value, c.duty) })),
  };
}
