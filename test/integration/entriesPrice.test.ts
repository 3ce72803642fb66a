import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { resolveCacheDir } from "../../src/data/cacheDir.js";
import { priceEntryFile, priceSummary, writeQuery, PRICED_LINES_QUERY, type PricedRun } from "../../src/entries/entryPricing.js";
import { openDuckDb } from "../../src/store/duckdb.js";

let ts: Tariffscope;
let dir: string;
const cacheDir = resolveCacheDir({});
beforeAll(async () => {
  ts = await openTariffscope();
  dir = mkdtempSync(join(tmpdir(), "ts-entries-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withRun<T>(file: string, fn: (run: PricedRun) => Promise<T>): Promise<T> {
  const run = await priceEntryFile(ts, file, { cacheDir });
  try {
    return await fn(run);
  } finally {
    await run.dispose();
  }
}

const HEADER = "entry_number,entry_type,entry_date,entry_summary_date,line_number,hts10,country_of_origin,entered_value,declared_ch99";

describe("entries price", () => {
  it("the CBP 7501 of September 2026 reconciles to the cent (7326.90.8688, $14,172 → $11,039.99)", async () => {
    await withRun("test/fixtures/entries/cbp7501-2026-09.csv", async (run) => {
      const rows = await run.db.query<{ heading: string; amount: string; difference: string }>(
        `SELECT heading, CAST(amount AS VARCHAR) AS amount, CAST(difference AS VARCHAR) AS difference FROM priced ORDER BY line_order`,
      );
      expect(rows.map((r) => [r.heading, r.amount])).toEqual([
        ["7326.90.86", "410.99"],
        ["9903.82.02", "7086.00"],
        ["9903.88.03", "3543.00"],
        ["9903.05.90", "0.00"],
      ]);
      expect(rows.every((r) => r.difference === "0.00")).toBe(true);
      const s = await priceSummary(run, ts.ledger.version);
      expect(s).toMatchObject({ rows: 1, priced: 1, rejected: 0, dutyCollected: "11039.99", declared: "11039.99", differenceTotal: "0.00", linesWithDifferences: 0 });
    });
  });

  it("a wrong declared amount shows as a difference on its heading; an undeclared computed heading counts whole", async () => {
    const f = join(dir, "diff.csv");
    writeFileSync(f, `${HEADER}\nABC-1234567-8,01,2026-09-15,2026-09-25,1,7326908688,CN,14172,base=410.99;9903.88.03=3500.00\n`);
    await withRun(f, async (run) => {
      const d = await run.db.query<{ heading: string; difference: string }>(`SELECT heading, CAST(difference AS VARCHAR) AS difference FROM priced ORDER BY line_order`);
      expect(Object.fromEntries(d.map((r) => [r.heading, r.difference]))).toEqual({ "7326.90.86": "0.00", "9903.82.02": "7086.00", "9903.88.03": "43.00", "9903.05.90": "0.00" });
    });
  });

  it("every malformed row is rejected with its row and column; priced + rejected = rows", async () => {
    const f = join(dir, "bad.csv");
    const lines = [
      HEADER,
      "ABC-1234567-8,01,2025-06-01,2025-06-10,1,6110.20.2010,CN,1000,", // 1 good
      "ABC-1234567-8,01,2025-06-01,2025-06-10,1,6110.20.2010,CN,1000,", // 2 duplicate of row 1
      "XYZ,01,2025-06-01,2025-06-10,1,6110.20.2010,CN,1000,", // 3 entry number
      "ABC-1234567-9,01,2017-06-01,2017-06-10,1,6110.20.2010,CN,1000,", // 4 date out of coverage (the ledger starts 2018-01-01)
      "ABC-1234567-9,01,2025-06-01,2025-06-10,2,6110.20.20,CN,1000,", // 5 hts not 10 digits
      "ABC-1234567-9,01,2025-06-01,2025-06-10,3,6110.20.2010,ZZ,1000,", // 6 origin
      "ABC-1234567-9,01,2025-06-01,2025-06-10,4,6110.20.2010,CN,-5,", // 7 negative value
      "ABC-1234567-9,01,2025-06-01,2025-06-10,5,6110.20.2010,CN,99999999999,", // 8 absurd value
      "ABC-1234567-9,01,2025-06-01,2025-06-10,6,9903.01.2400,CN,1000,", // 9 chapter 99 as goods
      "ABC-1234567-9,01,2025-06-01,2025-06-10,7,6110.20.2010,CN,1000,9903.01.24=abc", // 10 declared amount
      "ABC-1234567-9,01,2025-13-01,2025-06-10,8,6110.20.2010,CN,1000,", // 11 bad date
      "ABC-1234567-9,01,2025-06-01,2025-06-10,9,6110.20.2010", // 12 truncated row
    ];
    writeFileSync(f, lines.join("\n") + "\n");
    await withRun(f, async (run) => {
      const rej = await run.db.query<{ row: number; column: string; reason: string }>(`SELECT "row", "column", reason FROM rejects ORDER BY "row"`);
      expect(rej.map((r) => [r.row, r.column])).toEqual([
        [2, "line_number"],
        [3, "entry_number"],
        [4, "entry_date"],
        [5, "hts10"],
        [6, "country_of_origin"],
        [7, "entered_value"],
        [8, "entered_value"],
        [9, "hts10"],
        [10, "declared_ch99"],
        [11, "entry_date"],
        [12, "country_of_origin"],
      ]);
      expect(rej[0]!.reason).toMatch(/duplicate of row 1/);
      expect(rej[2]!.reason).toMatch(/outside the ledger's coverage/);
      expect(rej[10]!.reason).toMatch(/missing columns/i);
      expect(run.priced + run.rejected).toBe(lines.length - 1);
      expect(run.priced).toBe(1);
    });
  });

  it("wrong headers, a binary file and an oversize file are refused before anything is priced", async () => {
    const wrong = join(dir, "wrong.csv");
    writeFileSync(wrong, "entry,type,date\n1,2,3\n");
    await expect(priceEntryFile(ts, wrong, { cacheDir })).rejects.toThrow(/required column\(s\) missing: entry_number/);
    const bin = join(dir, "bin.csv");
    writeFileSync(bin, Buffer.from([0x45, 0x4e, 0x00, 0x01, 0xff]));
    await expect(priceEntryFile(ts, bin, { cacheDir })).rejects.toThrow(/binary content at byte 2/);
    await expect(priceEntryFile(ts, "test/fixtures/entries/cbp7501-2026-09.csv", { cacheDir, maxBytes: 10 })).rejects.toThrow(/more than the limit/);
    const quote = join(dir, "quote.csv");
    writeFileSync(quote, `${HEADER}\nABC-1234567-8,01,2026-09-15,2026-09-25,1,7326908688,CN,14172,"base=410.99\n`);
    // A file cut inside a quoted field: refused as a whole, naming the row, nothing priced (never a silent drop).
    await expect(priceEntryFile(ts, quote, { cacheDir })).rejects.toThrow(/row 1: the CSV reader took 0 of the file's 1 data lines/);
  });

  it("Parquet and a column mapping give the same answer as the CSV", async () => {
    const pq = join(dir, "ace.parquet");
    const db = await openDuckDb();
    await db.exec(`COPY (SELECT 'ABC-1234567-8' AS "Entry Summary Number", '01' AS "Entry Type Code", DATE '2026-09-15' AS "Entry Date",
      1 AS "Entry Summary Line Number", '7326908688' AS "HTS Number", 'CN' AS "Country of Origin Code", 14172 AS "Line Entered Value") TO '${pq}' (FORMAT PARQUET)`);
    db.close();
    const mapping = { "Entry Summary Number": "entry_number", "Entry Type Code": "entry_type", "Entry Date": "entry_date", "Entry Summary Line Number": "line_number", "HTS Number": "hts10", "Country of Origin Code": "country_of_origin", "Line Entered Value": "entered_value" };
    const run = await priceEntryFile(ts, pq, { cacheDir, mapping });
    try {
      const s = await priceSummary(run, ts.ledger.version);
      expect(s.dutyCollected).toBe("11039.99");
      const out = join(dir, "out.csv");
      await writeQuery(run.db, PRICED_LINES_QUERY, out);
      expect(existsSync(`${out}.part`)).toBe(false);
      expect(readFileSync(out, "utf8").split("\n")[1]).toMatch(/^1,ABC12345678,1,2026-09-15,7326908688,CN,full,14172.00,7326.90.86/);
    } finally {
      await run.dispose();
    }
  });

  it("XLSX (streamed) gives the same answer: dates as cells, values as numbers", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("lines");
    ws.addRow(["entry_number", "entry_type", "entry_date", "line_number", "hts10", "country_of_origin", "entered_value", "declared_ch99"]);
    ws.addRow(["ABC-1234567-8", "01", new Date(Date.UTC(2026, 8, 15)), 1, "7326.90.8688", "CN", 14172, "9903.88.03=3543.00"]);
    const f = join(dir, "lines.xlsx");
    await wb.xlsx.writeFile(f);
    await withRun(f, async (run) => {
      const s = await priceSummary(run, ts.ledger.version);
      expect(await run.db.query(`SELECT * FROM rejects`)).toEqual([]);
      expect([s.rows, s.priced, s.dutyCollected, s.differenceTotal]).toEqual([1, 1, "11039.99", "7496.99"]);
    });
  });
});
