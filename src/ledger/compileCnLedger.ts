import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { TariffscopeError } from "../common/errors.js";
import { readValidatedYaml } from "../common/yamlSource.js";
import { sourcePath } from "../data/locate.js";
import { cachedChecksums } from "../data/verify.js";
import { compiled } from "../store/compiledCache.js";
import { cnCatalogFrom, type CnCatalog } from "../schedule/cnCatalog.js";
import { readPiieChinaWorkbook, type PiieWorkbook } from "../sources/piieChinaWorkbook.js";
import type { Hs6RateRow } from "../sources/hs6RateTables.js";
import { LEDGER_ROOT, ledgerFilesHash } from "./compileLedger.js";
import {
  cnCoverageSchema,
  cnEventsFileSchema,
  cnInstrumentsFileSchema,
  cnIssuerSchema,
  cnProductListsFileSchema,
  type CnCoverage,
  type CnInstrument,
  type CnIssuer,
  type CnMeasure,
} from "./cnLedgerSchema.js";
import { CnCodeIndex, resolveCnList, type CnListInputs } from "./cnListReaders.js";

/** Bumped when the compiled China ledger's shape or its compiler changes. */
export const CN_LEDGER_FORMAT = "cn-ledger/1";
export const CN_LEDGER_DIR = join(LEDGER_ROOT, "cn");
/** The workbook that gives the catalog (lines, descriptions) and the 2017 import weights. */
export const CN_CATALOG_FILE = "cn/piie-bown-jung-zhang-2019-06-12.xlsx";

export interface CnCompiledMeasure extends CnMeasure {
  /** Per catalog line, the rate (fromList measures, factor applied) or the suspension's reach. */
  rates?: Map<number, number>;
  /** Lines reached through a mapped code (flagged uncertain in answers). */
  mapped?: Set<number>;
}

export interface CnListSummary {
  id: string;
  printed: number;
  lines: number;
  mappedLines: number;
  unplaced: string[];
}

export interface CnLedger {
  issuer: CnIssuer;
  coverage: CnCoverage;
  instruments: Map<string, CnInstrument>;
  measures: CnCompiledMeasure[];
  catalog: CnCatalog;
  lists: CnListSummary[];
  /** The workbook's data other than rates: China's 2017 imports from the US by HS-8 (USD) and its Figure 1. */
  workbook: Pick<PiieWorkbook, "imports2017" | "figure1" | "columns">;
  /** Compiled-cache key: ledger files and source checksums. */
  version: string;
}

function ledgerError(file: string, message: string): TariffscopeError {
  return new TariffscopeError("BAD_LEDGER_FILE", `${file}: ${message}`, { input: file });
}

/** Every manifest path the China ledger reads (catalog + lists). */
function sourceFiles(lists: { reader: { file: string } }[]): string[] {
  return [...new Set([CN_CATALOG_FILE, ...lists.map((l) => l.reader.file)])].sort();
}

export async function compileCnLedger(ledgerDir: string, cacheDir: string): Promise<{ ledger: CnLedger; fromCache: boolean }> {
  const listsFile = await readValidatedYaml(join(ledgerDir, "product-lists.yaml"), cnProductListsFileSchema, "BAD_LEDGER_FILE");
  const files = sourceFiles(listsFile.lists);
  for (const f of files) sourcePath(f, { cacheDir });
  const sums = await cachedChecksums(cacheDir, files);
  const version = createHash("sha256")
    .update(CN_LEDGER_FORMAT)
    .update(await ledgerFilesHash(ledgerDir))
    .update(sums.join(","))
    .digest("hex")
    .slice(0, 24);
  const result = await compiled(cacheDir, "cn-ledger", version, () => build(ledgerDir, cacheDir, listsFile.lists, version));
  return { ledger: result.value, fromCache: result.hit };
}

async function build(
  ledgerDir: string,
  cacheDir: string,
  lists: { id: string; reader: import("./cnLedgerSchema.js").CnListReader }[],
  version: string,
): Promise<CnLedger> {
  const issuer = await readValidatedYaml(join(ledgerDir, "issuer.yaml"), cnIssuerSchema, "BAD_LEDGER_FILE");
  const coverage = await readValidatedYaml(join(ledgerDir, "coverage.yaml"), cnCoverageSchema, "BAD_LEDGER_FILE");
  const instrumentList = (await readValidatedYaml(join(ledgerDir, "instruments.yaml"), cnInstrumentsFileSchema, "BAD_LEDGER_FILE")).instruments;
  const instruments = new Map<string, CnInstrument>();
  for (const i of instrumentList) {
    if (instruments.has(i.key)) throw ledgerError("instruments.yaml", `instrument "${i.key}" is listed twice`);
    instruments.set(i.key, i);
  }
  const measures: CnMeasure[] = [];
  const eventsDir = join(ledgerDir, "events");
  for (const f of (await readdir(eventsDir)).filter((n) => n.endsWith(".yaml")).sort()) {
    measures.push(...(await readValidatedYaml(join(eventsDir, f), cnEventsFileSchema, "BAD_LEDGER_FILE")).measures);
  }
  const workbook = await readPiieChinaWorkbook(sourcePath(CN_CATALOG_FILE, { cacheDir }), CN_CATALOG_FILE);
  const catalog = cnCatalogFrom(
    workbook.lines.map((l) => ({ code: l.hs10, description: l.description })),
    `${CN_CATALOG_FILE} (sheet "China Tariff Rates")`,
  );
  const index = new CnCodeIndex(catalog);
  const inputs: CnListInputs = { catalog, workbook, locate: (p) => sourcePath(p, { cacheDir }) };
  const tables = new Map<string, Hs6RateRow[]>();
  const resolved = new Map<string, Awaited<ReturnType<typeof resolveCnList>>>();
  const summaries: CnListSummary[] = [];
  for (const l of lists) {
    if (resolved.has(l.id)) throw ledgerError("product-lists.yaml", `list "${l.id}" is listed twice`);
    const r = await resolveCnList(l.reader, inputs, index, tables);
    resolved.set(l.id, r);
    summaries.push({ id: l.id, printed: r.printed, lines: r.values.size, mappedLines: r.mapped.size, unplaced: r.unplaced });
  }
  const authorities = new Set(issuer.authorities.map((a) => a.id));
  const ids = new Set<string>();
  const out: CnCompiledMeasure[] = [];
  for (const m of measures) {
    const where = `events (measure ${m.id})`;
    if (ids.has(m.id)) throw ledgerError(where, "measure id used twice");
    ids.add(m.id);
    if (!authorities.has(m.authority)) throw ledgerError(where, `authority "${m.authority}" is not in issuer.yaml (${[...authorities].join(", ")})`);
    if (!instruments.has(m.instrument)) throw ledgerError(where, `instrument "${m.instrument}" is not in instruments.yaml`);
    if (m.window.from < coverage.from) throw ledgerError(where, `starts ${m.window.from}, before the coverage (${coverage.from})`);
    const c: CnCompiledMeasure = { ...m };
    if ("list" in m.products) {
      const list = resolved.get(m.products.list);
      if (!list) throw ledgerError(where, `product list "${m.products.list}" is not in product-lists.yaml`);
      const factor = m.rate && "fromList" in m.rate ? (m.rate.factor ?? 1) : 1;
      c.rates = new Map([...list.values].map(([i, v]) => [i, Math.round(v * factor * 1e6) / 1e6]));
      c.mapped = list.mapped;
    } else if (m.rate && "fromList" in m.rate) {
      throw ledgerError(where, "a fromList rate needs a product list");
    }
    out.push(c);
  }
  for (const m of out) for (const s of m.suspends ?? []) if (!ids.has(s)) throw ledgerError(`events (measure ${m.id})`, `suspends "${s}", which is not a measure`);
  out.sort((a, b) => a.window.from.localeCompare(b.window.from) || a.id.localeCompare(b.id));
  return {
    issuer,
    coverage,
    instruments,
    measures: out,
    catalog,
    lists: summaries,
    workbook: { imports2017: workbook.imports2017, figure1: workbook.figure1, columns: workbook.columns },
    version,
  };
}
