import { join } from "node:path";
import { createHash } from "node:crypto";
import { DataFileError } from "../common/errors.js";
import { readValidatedYaml } from "../common/yamlSource.js";
import { sourcePath } from "../data/locate.js";
import { cachedChecksums } from "../data/verify.js";
import { compiled } from "../store/compiledCache.js";
import { cnCatalogFrom, type CnCatalog } from "../schedule/cnCatalog.js";
import { readPiieChinaWorkbook, type PiieWorkbook } from "../sources/piieChinaWorkbook.js";
import type { Hs6RateRow } from "../sources/hs6RateTables.js";
import { LEDGER_ROOT, ledgerFilesHash } from "./compileLedger.js";
import { coverageSchema, type Coverage } from "./coverageSchema.js";
import { loadLedgerFiles, loadProductListRegistry, type ProductListEntry } from "./eventFiles.js";
import type { IssuerRegistry } from "./issuerRegistry.js";
import type { Instrument, IssuerMeasure } from "./measureSchema.js";
import { CnCodeIndex, LINE_VALUE_READERS, resolveCnList, type CnListInputs, type CnListReader } from "./cnListReaders.js";

/**
 * The compiler of a ledger whose catalog is the tariff lines of a PIIE workbook (issuer.yaml `catalog: { reader:
 * piie-china-workbook }`; China's ledger): the files are read by the shared reader (one measure schema, the issuer's
 * own registries), each product list is read by its reader of the shared registry into a value per catalog line, and
 * each measure gets the lines (and per-line rates) of its list. Cached as `<issuer>-ledger` by ledger-file and source
 * checksums.
 */

/** Bumped when the compiled China ledger's shape or its compiler changes. */
export const CN_LEDGER_FORMAT = "cn-ledger/3";
export const CN_LEDGER_DIR = join(LEDGER_ROOT, "cn");

/** A measure of the compiled ledger: its instrument by key, and what its list gives per catalog line. */
export interface CnCompiledMeasure extends Omit<IssuerMeasure, "instrument" | "sources"> {
  /** The instrument's key in the issuer's instruments.yaml. */
  instrument: string;
  /** The files (and where in them) the measure was read from. */
  sources: { file: string; where: string }[];
  /** Per catalog line, the rate (fromList measures, factor applied) or the exemption's reach. */
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
  issuer: IssuerRegistry;
  coverage: Coverage;
  instruments: Map<string, Instrument & { key: string }>;
  measures: CnCompiledMeasure[];
  catalog: CnCatalog;
  lists: CnListSummary[];
  /** The workbook's data other than rates: China's 2017 imports from the US by HS-8 (USD) and its Figure 1. */
  workbook: Pick<PiieWorkbook, "imports2017" | "figure1" | "columns">;
  /** Compiled-cache key: ledger files and source checksums. */
  version: string;
}

function ledgerError(file: string, message: string): DataFileError {
  return new DataFileError(file, message, { code: "BAD_LEDGER_FILE" });
}

/** The registry's lists, each with a reader of values per line (else an error naming the list). */
function lineValueLists(registry: Map<string, ProductListEntry>, file: string): { id: string; file: string; reader: CnListReader }[] {
  return [...registry.values()].map((e) => {
    if (!e.reader || !LINE_VALUE_READERS.has(e.reader.name)) {
      throw ledgerError(file, `list "${e.id}": this ledger's catalog takes values per line; ${e.reader ? `reader "${e.reader.name}" yields printed codes` : `a list of kind "${e.kind}" has no reader`}`);
    }
    return { id: e.id, file: e.source.file, reader: e.reader as CnListReader };
  });
}

/** Compile a ledger folder whose issuer.yaml names a `piie-china-workbook` catalog (the caller has read it). */
export async function compileCnLedger(ledgerDir: string, cacheDir: string, issuer: IssuerRegistry): Promise<{ ledger: CnLedger; fromCache: boolean }> {
  if (issuer.catalog.reader !== "piie-china-workbook") throw ledgerError(join(ledgerDir, "issuer.yaml"), `catalog reader "${issuer.catalog.reader}" is not a PIIE workbook`);
  const catalogFile = issuer.catalog.file;
  const listsFile = join(ledgerDir, "product-lists.yaml");
  const registry = await loadProductListRegistry(listsFile);
  const lists = lineValueLists(registry, listsFile);
  const files = [...new Set([catalogFile, ...lists.map((l) => l.file)])].sort();
  for (const f of files) sourcePath(f, { cacheDir });
  const sums = await cachedChecksums(cacheDir, files);
  const version = createHash("sha256")
    .update(CN_LEDGER_FORMAT)
    .update(await ledgerFilesHash(ledgerDir))
    .update(sums.join(","))
    .digest("hex")
    .slice(0, 24);
  const cacheName = `${issuer.issuer.toLowerCase()}-ledger`;
  const result = await compiled(cacheDir, cacheName, version, () => build(ledgerDir, cacheDir, issuer, catalogFile, registry, lists, version));
  return { ledger: result.value, fromCache: result.hit };
}

async function build(
  ledgerDir: string,
  cacheDir: string,
  issuer: IssuerRegistry,
  catalogFile: string,
  registry: Map<string, ProductListEntry>,
  lists: { id: string; file: string; reader: CnListReader }[],
  version: string,
): Promise<CnLedger> {
  const coverage = await readValidatedYaml(join(ledgerDir, "coverage.yaml"), coverageSchema, "BAD_LEDGER_FILE");
  const loaded = await loadLedgerFiles(join(ledgerDir, "events"), { registry, productListsFile: join(ledgerDir, "product-lists.yaml"), issuerDir: ledgerDir });
  const instruments = new Map([...loaded.instruments].map(([key, i]) => [key, { key, ...i }]));
  const keyOf = new Map([...loaded.instruments].map(([key, i]) => [i, key]));
  const workbook = await readPiieChinaWorkbook(sourcePath(catalogFile, { cacheDir }), catalogFile);
  const catalog = cnCatalogFrom(
    workbook.lines.map((l) => ({ code: l.hs10, description: l.description })),
    `${catalogFile} (sheet "China Tariff Rates")`,
  );
  const index = new CnCodeIndex(catalog);
  const inputs: CnListInputs = { catalog, workbook, locate: (p) => sourcePath(p, { cacheDir }) };
  const tables = new Map<string, Hs6RateRow[]>();
  const resolved = new Map<string, Awaited<ReturnType<typeof resolveCnList>>>();
  const summaries: CnListSummary[] = [];
  for (const l of lists) {
    const r = await resolveCnList(l.reader, l.file, inputs, index, tables);
    resolved.set(l.id, r);
    summaries.push({ id: l.id, printed: r.printed, lines: r.values.size, mappedLines: r.mapped.size, unplaced: r.unplaced });
  }
  const out: CnCompiledMeasure[] = [];
  for (const m of loaded.measures) {
    const where = `${loaded.fileOf.get(m.id) ?? "events"} (measure ${m.id})`;
    if (m.window.from < coverage.from) throw ledgerError(where, `starts ${m.window.from}, before the coverage (${coverage.from})`);
    // The line-layer resolver applies each measure to every origin the ledger answers for.
    const uncovered = coverage.origins.full.filter((o) => !m.origins.includes(o) && !m.origins.includes("*"));
    if (uncovered.length > 0 || m.exceptOrigins?.length) {
      throw ledgerError(where, `origins ${m.origins.join(", ")}: this ledger's measures apply to every origin it answers for (${coverage.origins.full.join(", ")})`);
    }
    if (m.products.lists || m.products.codes || m.products.footnote || m.products.except) {
      throw ledgerError(where, "this ledger's measures name their lines by one list (`products.list`), `all` or `none`");
    }
    const sources = m.sources.map((ref) => {
      if (!("file" in ref)) throw ledgerError(where, `source "${ref.changeRecord}" is a change record: this ledger's sources are files`);
      return ref;
    });
    if (m.role === "exemption" && m.products.list === undefined) throw ledgerError(where, "an exemption of this ledger names its lines by `products.list`");
    for (const t of m.exempts ?? []) {
      if (!loaded.measures.some((x) => x.id === t)) throw ledgerError(where, `exempts "${t}", which is not a measure (this ledger's exemptions name measures)`);
    }
    const c: CnCompiledMeasure = { ...m, sources, instrument: keyOf.get(m.instrument)! };
    if (m.products.list !== undefined) {
      const list = resolved.get(m.products.list)!;
      const factor = "fromList" in m.rate ? (m.rate.factor ?? 1) : 1;
      c.rates = new Map([...list.values].map(([i, v]) => [i, Math.round(v * factor * 1e6) / 1e6]));
      c.mapped = list.mapped;
    }
    out.push(c);
  }
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
