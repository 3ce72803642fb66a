import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LEDGER_ROOT } from "../../src/ledger/compileLedger.js";
import { findRound, loadTalks } from "../../src/talks/rounds.js";

const tmp = mkdtempSync(join(tmpdir(), "talks-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the ledger folders the record reads, with talks.yaml edited by `edit`. */
function ledgerCopy(name: string, edit: (text: string) => string, cnEvents?: string): string {
  const root = join(tmp, name);
  for (const d of ["us/events", "us/controls", "cn/controls", "relations"]) cpSync(join(LEDGER_ROOT, d), join(root, d), { recursive: true });
  const f = join(root, "relations", "talks.yaml");
  writeFileSync(f, edit(readFileSync(f, "utf8")));
  if (cnEvents !== undefined) {
    mkdirSync(join(root, "cn", "events"), { recursive: true });
    writeFileSync(join(root, "cn", "events", "t.yaml"), cnEvents);
  }
  return root;
}

describe("negotiation record (ledger/relations/talks.yaml)", () => {
  const record = loadTalks();
  const ids = (round: string): string[] => findRound(record, round).changed.map((c) => `${c.effect} ${c.measure}`).sort();

  it("has the rounds of the brief, each dated and sourced", () => {
    const wanted = ["mar-a-lago", "comprehensive-economic-dialogue", "phase-one-signing", "economic-working-group-beijing", "geneva", "london", "stockholm", "madrid", "kuala-lumpur", "busan"];
    for (const w of wanted) expect(findRound(record, w).sources.length).toBeGreaterThan(0);
    expect(findRound(record, "phase-one-signing").dates.from).toBe("2020-01-15");
    expect(findRound(record, "economic-working-group-beijing").dates).toEqual({ from: "2024-09-19", to: "2024-09-20" });
  });
  it("answers 'what did Geneva change?' with exactly its measures, both issuers", () => {
    expect(ids("geneva")).toEqual([
      "begins cn-2025-05-14-10pct",
      "begins cn-2025-05-14-24pct-suspended",
      "begins ieepa-recip.9903.01.25.all-10.2025-05-14",
      "begins ieepa-recip.9903.01.63.cn-34-suspended.eo14298",
      "ends cn-2025-04-12-125pct",
      "ends ieepa-recip.9903.01.63.cn-125",
    ]);
    const us = findRound(record, "geneva").changed.find((c) => c.measure === "ieepa-recip.9903.01.63.cn-34-suspended.eo14298")!;
    expect(us).toMatchObject({ issuer: "US", resolved: true, window: { from: "2025-05-14", to: "2025-08-12" }, instrument: "eo-14298" });
  });
  it("answers 'what did Busan change?': tariffs and controls, both issuers", () => {
    expect(ids("busan")).toEqual([
      "begins cn-2025-11-10-24pct-suspended",
      "begins cn.2025-11-07.october-9-controls-suspended",
      "begins cn.2025-11-09.us-ban-suspended",
      "begins ieepa-fentanyl.9903.01.24.cn-hk-10",
      "begins ieepa-recip.9903.01.63.cn-34-suspended.eo14358",
      "begins us.2025-11-10.affiliates-rule-suspended",
      "ends cn-2025-03-10-10pct",
      "ends cn-2025-03-10-15pct",
      "ends cn-2025-05-14-24pct-suspended",
      "ends ieepa-fentanyl.9903.01.24.cn-hk-20",
    ]);
    const ctl = findRound(record, "busan").changed.find((c) => c.measure === "us.2025-11-10.affiliates-rule-suspended")!;
    expect(ctl).toMatchObject({ ledger: "controls", issuer: "US", resolved: true });
  });
  it("rejects a dangling US id, naming the round", () => {
    const root = ledgerCopy("dangling", (t) => t.replace("ieepa-fentanyl.9903.01.24.cn-hk-10", "ieepa-fentanyl.9903.01.24.cn-hk-11"));
    expect(() => loadTalks(root)).toThrow(/2025-10-busan: ieepa-fentanyl\.9903\.01\.24\.cn-hk-11/);
  });
  it("lists China tariff ids as awaiting ledger/cn/events/ when absent, and requires them once it exists", () => {
    if (!existsSync(join(LEDGER_ROOT, "cn", "events"))) expect(record.awaiting.map((a) => a.measure)).toContain("cn-2025-05-14-10pct");
    const root = ledgerCopy("with-cn", (t) => t, "measures:\n  - id: cn-2025-05-14-10pct\n");
    expect(() => loadTalks(root)).toThrow(/DANGLING|no ledger defines.*cn-2025-05-14-24pct-suspended/);
  });
  it("refuses an unknown or ambiguous round with suggestions", () => {
    expect(() => findRound(record, "genva")).toThrow(/Did you mean: 2025-05-geneva/);
    expect(() => findRound(record, "")).toThrow(/give a round id/);
  });
});
