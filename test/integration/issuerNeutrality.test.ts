import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveCacheDir } from "../../src/data/cacheDir.js";
import { compileIssuerLedger, compileIssuerLedgerOf } from "../../src/ledger/compileIssuerLedger.js";
import { LEDGER_ROOT } from "../../src/ledger/compileLedger.js";
import { loadLedgerFiles } from "../../src/ledger/eventFiles.js";
import { ledgerFileSchema } from "../../src/ledger/measureSchema.js";
import { toStackMeasures } from "../../src/ledger/stackMeasures.js";
import { resolveCnStack } from "../../src/engine/cnStack.js";
import { repoRoot } from "../support/mirror.js";

/**
 * One ledger format for every issuer (issues 9 and 12): the US and China event files validate with the one measure
 * schema; a third issuer's hand-written folder compiles through the same entry, schema and reader registry; a
 * measure's authority is checked against its own issuer's registry, with the file and measure named.
 */
const cacheDir = resolveCacheDir({});
const thirdIssuer = join(repoRoot, "test", "fixtures", "ledger-third-issuer");
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "tariffscope-neutral-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("one ledger format for every issuer", () => {
  it("every event file of US and CN validates with the one measure schema", async () => {
    for (const issuer of ["us", "cn"]) {
      const dir = join(LEDGER_ROOT, issuer, "events");
      for (const f of (await readdir(dir)).filter((n) => n.endsWith(".yaml"))) {
        const parsed = ledgerFileSchema.safeParse(parse(await readFile(join(dir, f), "utf8")));
        expect(parsed.success, `${issuer}/events/${f}`).toBe(true);
      }
    }
  });

  it("a third issuer's folder compiles through the one entry, schema and reader registry, and answers", async () => {
    const compiled = await compileIssuerLedger(thirdIssuer, { cacheDir });
    if (compiled.catalog !== "piie-china-workbook") throw new Error(`unexpected catalog ${compiled.catalog}`);
    expect(compiled.issuer.issuer).toBe("ZZ");
    expect(compiled.ledger.measures.map((m) => m.id)).toEqual(["zz-mfn-2018", "zz-levy-2019", "zz-safeguard-2019", "zz-levy-relief-2020"]);
    const stack = (date: string) => {
      const r = resolveCnStack(compiled.ledger, { hts: "1201.90.10", origin: "US", date });
      expect(r.groups).toHaveLength(1);
      return r.groups[0]!.stack;
    };
    expect(stack("2018-06-01").totalPercent).toBe(3);
    // MFN 3 + safeguard 7 (all goods) + levy 10 × 0.5 (the annex's 12019011/12019019, mapped to this line).
    const s2019 = stack("2019-06-01");
    expect(s2019.totalPercent).toBe(15);
    expect(s2019.lines.map((l) => [l.authority, l.effectivePercent])).toEqual([
      ["base", 3],
      ["zz-levy", 5],
      ["zz-safeguard", 7],
    ]);
    // The safeguard ended; the levy is switched off by the exemption that names it.
    const s2020 = stack("2020-06-01");
    expect(s2020.totalPercent).toBe(3);
    expect(s2020.lines.find((l) => l.authority === "zz-levy")!.statusReason).toMatch(/zz-levy-relief-2020/);
  });

  it("a CN measure whose authority is not in CN's registry is rejected, naming the file and the measure", async () => {
    const dir = join(tmp, "cn");
    await cp(join(LEDGER_ROOT, "cn"), dir, { recursive: true });
    const file = join(dir, "events", "retaliation-2018-2020.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace("authority: r232", "authority: s232"));
    await expect(compileIssuerLedger(dir, { cacheDir })).rejects.toThrow(/retaliation-2018-2020\.yaml[\s\S]*cn-r232-2018-04-02[\s\S]*"s232" is not registered for CN/);
  });

  it("the duty-stack resolver refuses a measure form it does not evaluate, naming the file and the measure", async () => {
    const loaded = await loadLedgerFiles(join(LEDGER_ROOT, "cn", "events"));
    expect(() => toStackMeasures(loaded)).toThrow(/countermeasures-2025\.yaml.*measure cn-2025-02-10 is not in a form the duty-stack resolver evaluates/);
  });

  it("a folder is compiled by the compiler its issuer.yaml names: the US folder is not opened as a workbook ledger", async () => {
    await expect(compileIssuerLedgerOf(join(LEDGER_ROOT, "us"), "piie-china-workbook", { cacheDir })).rejects.toThrow(/issuer US's catalog is "hts-editions"/);
  });
});
