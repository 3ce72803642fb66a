import { join } from "node:path";
import { DataFileError } from "../common/errors.js";
import type { HtsCatalog } from "../schedule/htsCatalog.js";
import { compileCnLedger, type CnLedger } from "./compileCnLedger.js";
import { compileHtsEditionsLedger } from "./compileHtsEditionsLedger.js";
import { loadIssuerRegistry, type CatalogSource, type IssuerRegistry } from "./issuerRegistry.js";
import type { Ledger } from "./ledgerTypes.js";

/**
 * The one compile entry of every issuer's ledger: read `ledger/<issuer>/issuer.yaml`, and compile the folder through
 * the shared schema (src/ledger/measureSchema.ts, read by src/ledger/eventFiles.ts) and reader registry
 * (src/ledger/listReaderRegistry.ts) with the compiler its catalog needs. The issuer's data chooses the compiler
 * (`catalog.reader`), never its code: a third issuer whose catalog is of a known kind is a ledger folder, nothing more.
 */
export type CompiledIssuerLedger =
  | { catalog: "hts-editions"; issuer: IssuerRegistry; ledger: Ledger; fromCache: boolean; catalogKey: string }
  | { catalog: "piie-china-workbook"; issuer: IssuerRegistry; ledger: CnLedger; fromCache: boolean };

export interface CompileIssuerOptions {
  cacheDir: string;
  /** An HTS catalog already being loaded by the caller (shared by a process's sessions). */
  htsCatalog?: Promise<{ catalog: HtsCatalog; key: string }> | undefined;
}

type Compiler = (ledgerDir: string, issuer: IssuerRegistry, options: CompileIssuerOptions) => Promise<CompiledIssuerLedger>;

const COMPILERS: Record<CatalogSource["reader"], Compiler> = {
  "hts-editions": async (dir, issuer, o) => ({ catalog: "hts-editions", issuer, ...(await compileHtsEditionsLedger(dir, o.cacheDir, issuer, o.htsCatalog)) }),
  "piie-china-workbook": async (dir, issuer, o) => ({ catalog: "piie-china-workbook", issuer, ...(await compileCnLedger(dir, o.cacheDir, issuer)) }),
};

export async function compileIssuerLedger(ledgerDir: string, options: CompileIssuerOptions): Promise<CompiledIssuerLedger> {
  const issuer = await loadIssuerRegistry(ledgerDir);
  return COMPILERS[issuer.catalog.reader](ledgerDir, issuer, options);
}

/** The compiled ledger of a folder, which must have the catalog the caller's resolver needs (else an error naming the folder). */
export async function compileIssuerLedgerOf<C extends CompiledIssuerLedger["catalog"]>(
  ledgerDir: string,
  catalog: C,
  options: CompileIssuerOptions,
): Promise<Extract<CompiledIssuerLedger, { catalog: C }>> {
  const issuer = await loadIssuerRegistry(ledgerDir);
  if (issuer.catalog.reader !== catalog) {
    throw new DataFileError(join(ledgerDir, "issuer.yaml"), `issuer ${issuer.issuer}'s catalog is "${issuer.catalog.reader}", not "${catalog}": this ledger is answered by the other resolver`, {
      code: "BAD_LEDGER_FILE",
    });
  }
  return (await COMPILERS[issuer.catalog.reader](ledgerDir, issuer, options)) as Extract<CompiledIssuerLedger, { catalog: C }>;
}
