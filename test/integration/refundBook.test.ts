import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { resolveCacheDir } from "../../src/data/cacheDir.js";
import { priceEntryFile, type PricedRun } from "../../src/entries/entryPricing.js";
import { writeRefundBook, type RefundSummary } from "../../src/refunds/refundBook.js";
import { writeCapeDeclarations } from "../../src/refunds/capeFiles.js";

let ts: Tariffscope;
let dir: string;
let run: PricedRun;
let summary: RefundSummary;
let entries: Map<string, Record<string, string>>;
const cacheDir = resolveCacheDir({});

beforeAll(async () => {
  ts = await openTariffscope();
  dir = mkdtempSync(join(tmpdir(), "ts-refunds-"));
  run = await priceEntryFile(ts, "test/fixtures/entries/refund-cases.csv", { cacheDir });
  summary = await writeRefundBook(run, dir, { asOf: "2026-04-15" });
  const [head, ...rows] = readFileSync(join(dir, "entries.csv"), "utf8").trim().split("\n");
  const cols = head!.split(",");
  entries = new Map(rows.map((r) => {
    // entries.csv quotes fields with commas; the fields tested here have none before cape_reason.
    const v = r.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((x) => x.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"'));
    return [v[0]!, Object.fromEntries(cols.map((c, i) => [c, v[i]!]))];
  }));
});
afterAll(async () => {
  await run?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("the refund book (hand-computed)", () => {
  it("computed basis: 6110.20.2010 on 2025-06-01, $1,000 → IEEPA 20% + 10% = $300.00; interest 2025-06-10 → 2026-04-15 at 7% = $18.31", () => {
    const e = entries.get("AAA00000011")!;
    expect([e.refund, e.interest, e.interest_days, e.cape_status]).toEqual(["300.00", "18.31", "309", "accepted"]);
  });
  it("declared basis, corporate: $150 + $75 declared → refund $225.00, interest at 6% = $11.72", () => {
    const e = entries.get("AAA00000021")!;
    expect([e.refund, e.interest, e.importer_kind, e.cape_status]).toEqual(["225.00", "11.72", "corporate", "accepted"]);
  });
  it.each([
    ["AAA00000031", "c:type-09"],
    ["AAA00000041", "e:type-47"],
    ["AAA00000051", "f:type-08"],
    ["AAA00000061", "b:reconciliation-flag"],
    ["AAA00000071", "d:drawback-associated"],
    ["AAA00000081", "g:protest-open"],
    ["AAA00000091", "h:tib-open-closed"],
    ["AAA00000101", "i:adcvd-pending"],
    ["AAA00000161", "i:adcvd-pending"],
    ["AAA00000111", "j:past-80-days"],
    ["AAA00000131", "k:value-on-ieepa-line"],
    ["AAA00000151", "a:no-ieepa-line"],
  ])("CAPE rejects %s for %s, with a reason and a route", (entry, rule) => {
    const e = entries.get(entry)!;
    expect(e.cape_status).toBe("rejected");
    expect(e.cape_rule).toBe(rule);
    expect(e.cape_reason).toMatch(/CAPE validation/);
    expect(e.route!.length).toBeGreaterThan(10);
  });
  it("80 days past liquidation exactly is accepted (more than 80 rejects); AD/CVD liquidated without instructions is accepted", () => {
    expect(entries.get("AAA00000121")!.days_past_liquidation).toBe("80");
    expect(entries.get("AAA00000121")!.cape_status).toBe("accepted");
    expect(entries.get("AAA00000111")!.days_past_liquidation).toBe("103");
    expect(entries.get("AAA00000171")!.cape_status).toBe("accepted");
  });
  it("surety-paid entries are not declared; a flag on one line (the protest) flags the whole entry", () => {
    expect(entries.get("AAA00000141")!.cape_status).toBe("not-declared");
    expect(entries.get("AAA00000081")!.refund).toBe("450.00");
  });
  it("summary totals and the CAPE file list exactly the accepted entries with a refund", () => {
    const accepted = [...entries.values()].filter((e) => e.cape_status === "accepted").map((e) => e.entry_number).sort();
    expect(accepted).toEqual(["AAA00000011", "AAA00000021", "AAA00000121", "AAA00000171"]);
    expect(readFileSync(join(dir, "cape", "cape-declaration-001.csv"), "utf8").trim().split("\n")).toEqual(accepted);
    const refunds = [...entries.values()].reduce((a, e) => a + Math.round(Number(e.refund) * 100), 0);
    expect(Math.round(Number(summary.refund) * 100)).toBe(refunds);
    expect(summary.byStatus.find((s) => s.status === "accepted")!.refund).toBe("1125.00");
    expect(summary.byAuthority.map((a) => a.authority).sort()).toEqual(["ieepa-fentanyl", "ieepa-reciprocal"]);
    expect(summary.uncertainRates.join()).toMatch(/2026Q2/);
    expect(summary.rows).toBe(18);
  });
  it("CAPE declarations hold at most 9,999 entry numbers each (here: 3 per file to exercise the split)", async () => {
    const files = await writeCapeDeclarations(run.db, join(dir, "cape3"), 3);
    expect(files).toEqual(["cape-declaration-001.csv", "cape-declaration-002.csv"]);
    expect(readdirSync(join(dir, "cape3")).length).toBe(2);
    expect(readFileSync(join(dir, "cape3", files[1]!), "utf8").trim().split("\n")).toEqual(["AAA00000171"]);
  });
});
