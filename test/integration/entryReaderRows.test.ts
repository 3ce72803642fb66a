import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { loadEntryFile } from "../../src/entries/entryReader.js";
import { openDuckDb } from "../../src/store/duckdb.js";

/**
 * The CSV is read on every thread: a large file (many reader buffers) keeps every row's number — accepted rows, rows
 * the CSV reader cannot take and rows a check rejects — exactly as the file's line − 1.
 */
let ts: Tariffscope;
let dir: string;
beforeAll(async () => {
  ts = await openTariffscope();
  dir = mkdtempSync(join(tmpdir(), "ts-entry-rows-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("entry reader row numbers", () => {
  async function readRows(name: string, n: number, badFields: Set<number>, badValue: Set<number>): Promise<void> {
    const lines = ["entry_number,entry_type,entry_date,entry_summary_date,line_number,hts10,country_of_origin,entered_value,declared_ch99"];
    for (let row = 1; row <= n; row++) {
      const value = badValue.has(row) ? "abc" : `${row}.00`;
      const extra = badFields.has(row) ? ",surplus" : "";
      lines.push(`ABC-${String(row).padStart(7, "0")}-8,01,2026-09-15,2026-09-25,1,7326908688,CN,${value},${extra}`);
    }
    const file = join(dir, name);
    writeFileSync(file, lines.join("\n") + "\n");
    const db = await openDuckDb({ config: { memory_limit: "1GB", threads: "2" } });
    try {
      const read = await loadEntryFile(db, file, dir, { coverage: ts.ledger.coverage, knownLines: ts.ledger.catalog.lines.keys() });
      expect(read.rows).toBe(n);
      const rejects = await db.query<{ row: number; column: string }>(`SELECT "row", "column" FROM rejects ORDER BY "row"`);
      expect(rejects.map((r) => r.row)).toEqual([...badFields, ...badValue].sort((a, b) => a - b));
      expect(rejects.filter((r) => badValue.has(r.row)).map((r) => r.column)).toEqual([...badValue].map(() => "entered_value"));
      // A rejected row's record is the file's own fields, joined by |.
      const first = Math.min(...badValue);
      const [rec] = await db.query<{ record: string }>(`SELECT record FROM rejects WHERE "row" = $1`, [first]);
      expect(rec!.record).toBe(`ABC-${String(first).padStart(7, "0")}-8|01|2026-09-15|2026-09-25|1|7326908688|CN|abc|`);
      const [check] = await db.query<{ lines: number; misnumbered: number }>(
        `SELECT count(*) AS lines, count(*) FILTER (WHERE CAST(entered_value AS BIGINT) <> src_row) AS misnumbered FROM entry_lines`,
      );
      expect(check).toEqual({ lines: n - badFields.size - badValue.size, misnumbered: 0 });
    } finally {
      db.close();
    }
  }

  it("numbers 400,000 rows read in parallel exactly, rows a check rejects included", async () => {
    await readRows("checks.csv", 400_000, new Set(), new Set([3, 77_777, 333_333, 399_999]));
  }, 300_000);

  it("numbers rows exactly when the CSV reader rejects records (wrong field counts) among 400,000", async () => {
    await readRows("fields.csv", 400_000, new Set([5, 123_457, 250_001, 399_999]), new Set([77_777, 333_333]));
  }, 300_000);
});
