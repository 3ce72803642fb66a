import { mkdir, rename, rm, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { DuckDb } from "../store/duckdb.js";

/**
 * CAPE declaration files (CSMS # 68340863, "Guidance 1"): a CSV listing entry numbers only — no other entry
 * information —, at most 9,999 per declaration; more entries take further declarations. Written one entry number per
 * line (11 characters, no dashes, no header), the accepted entry summaries in entry-number order.
 */
export const CAPE_MAX_ENTRIES = 9999;

export async function writeCapeDeclarations(db: DuckDb, dir: string, max = CAPE_MAX_ENTRIES): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  for (const f of await readdir(dir)) if (/^cape-declaration-\d+\.csv$/.test(f)) await rm(join(dir, f));
  // Each entry's declaration, numbered once in entry-number order: every file is then a filter, not a sort of all.
  await db.exec(`CREATE OR REPLACE TEMP TABLE cape_declared AS
    SELECT entry_number, (row_number() OVER (ORDER BY entry_number) - 1) // ${max} AS part
    FROM refund_entries WHERE cape_status = 'accepted' AND refund > 0`);
  const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM cape_declared`)) as [{ n: number }];
  const files: string[] = [];
  const parts = Math.ceil(n / max);
  for (let i = 0; i < parts; i++) {
    const name = `cape-declaration-${String(i + 1).padStart(3, "0")}.csv`;
    const file = join(dir, name);
    await db.exec(
      `COPY (SELECT entry_number FROM cape_declared WHERE part = ${i} ORDER BY entry_number)
       TO '${file.replace(/'/g, "''")}.part' (HEADER false, DELIMITER ',')`,
    );
    await rename(`${file}.part`, file);
    files.push(name);
  }
  await db.exec(`DROP TABLE cape_declared`);
  return files;
}
