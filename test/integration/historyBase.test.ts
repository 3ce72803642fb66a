import { beforeAll, describe, expect, it } from "vitest";
import type { Stack, StackLine, StackResult } from "../../src/engine/stackTypes.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { TariffscopeError } from "../../src/common/errors.js";

/**
 * Base rates from 2018: days of 2018-2021 read the USITC Annual Tariff Database 2017 (ledger/us/base-schedules.yaml).
 * Expected rates and line numbers were read by hand in tariff_database_2017.txt (columns hts8, mfn_text_rate).
 */
let ts: Tariffscope;
beforeAll(async () => {
  ts = await openTariffscope();
});

function single(r: StackResult): Stack {
  if (r.kind !== "single") throw new Error(`expected one stack, got ${r.variants.length}`);
  return r.stack;
}
const base = (hts: string, date: string): { stack: Stack; line: StackLine } => {
  const stack = single(ts.stack({ hts, origin: "CN", date }));
  return { stack, line: stack.lines.find((l) => l.role === "base")! };
};
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof TariffscopeError ? `${e.code} ${e.message}` : String(e);
  }
  return "no error";
};

describe("base rates on 2018-2021 days: the 2017 tariff database", () => {
  it("6110.20.20 on 2019-06-01: 16.5% as printed on line 6452", () => {
    const { line } = base("6110.20.20", "2019-06-01");
    expect(line.ratePercent).toBe(16.5);
    expect(line.heading).toBe("6110.20.20");
    expect(line.instrument?.id).toMatch(/2017/);
    expect(JSON.stringify(line.sources)).toContain("tariff_database_2017.txt line 6452");
  });

  it("1604.20.05: 10% in 2019 (2017 database, line 1442), 5% from 2022 (the 2025 Basic edition standing in)", () => {
    const y2019 = base("1604.20.05", "2019-06-01").line;
    expect(y2019.ratePercent).toBe(10);
    expect(JSON.stringify(y2019.sources)).toContain("line 1442");
    const y2022 = base("1604.20.05", "2022-06-01");
    expect(y2022.line.ratePercent).toBe(5);
    expect(y2022.line.window.from).toBe("2022-01-01");
    expect(y2022.stack.notes.join(" ")).toMatch(/2022-2024 HTS editions are not in the data mirror/);
    const h = ts.history({ hts: "1604.20.05", origin: "CN", from: "2021-12-01", to: "2022-01-31" });
    expect(h.intervals.map((i) => i.from)).toContain("2022-01-01");
  });

  it("a compound 2017 rate (0402.99.90, line 366: 46.3 cents/kg + 14.9%) keeps its ad valorem part and asks for the quantity", () => {
    const { stack, line } = base("0402.99.90", "2019-06-01");
    expect(line.rateText).toBe("46.3¢/kg + 14.9%");
    expect(line.ratePercent).toBe(14.9);
    expect(stack.needsFacts.some((n) => n.fact === "quantity")).toBe(true);
  });

  it("an HS 2022 split on a 2019 date: smartphones 8517.13.00.00 are read as 2017 line 8517.12.00 (Free), by the curated concordance", () => {
    const { line } = base("8517.13.00.00", "2019-06-01");
    expect(line.heading).toBe("8517.12.00");
    expect(line.ratePercent).toBe(0);
    expect(JSON.stringify(line.sources)).toContain("manifest/hts-concordance-2022-2017.csv");
    const quilts = base("9404.40.90", "2020-03-01").line;
    expect(quilts.heading).toBe("9404.90.85");
    expect(quilts.ratePercent).toBe(12.8);
  });

  it("a 2017-era code on a 2019 date is refused, naming its HS 2022 lines", () => {
    const msg = codeOf(() => ts.stack({ hts: "8517.12.00", origin: "CN", date: "2019-06-01" }));
    expect(msg).toMatch(/^UNKNOWN_CODE .*8517\.12\.00 is a line of the 2017 schedule/);
    expect(msg).toContain("8517.13.00");
    expect(msg).toContain("8517.14.00");
  });

  it("a line the concordance cannot place has no base rate on 2018-2021 days: flagged uncertain, never a silent zero", () => {
    const [code8, why] = Object.entries(ts.ledger.priorBase!.unplaced)[0]!;
    const { stack, line } = base(code8, "2019-06-01");
    expect(line.ratePercent).toBeNull();
    expect(stack.uncertain.some((u) => u.reason.includes("cannot be placed"))).toBe(true);
    expect(stack.notes.join(" ")).toContain(why);
  });

  it("2017-12-31 is outside the coverage, and the error names it", () => {
    expect(codeOf(() => ts.stack({ hts: "6110.20.20", origin: "CN", date: "2017-12-31" }))).toMatch(/^DATE_OUT_OF_COVERAGE .*2017-12-31 .*2018-01-01 to /);
    expect(codeOf(() => ts.history({ hts: "6110.20.20", origin: "CN", from: "2017-12-31" }))).toMatch(/^DATE_OUT_OF_COVERAGE .*2018-01-01/);
  });
});
