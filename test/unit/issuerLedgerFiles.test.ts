import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadLedgerFiles } from "../../src/ledger/eventFiles.js";
import { repoRoot } from "../support/mirror.js";

/**
 * The shared reader checks each issuer's files against that issuer's own registries (issuer.yaml, instruments.yaml,
 * product-lists.yaml), on a copy of the hand-written third issuer (test/fixtures/ledger-third-issuer/).
 */
const fixture = join(repoRoot, "test", "fixtures", "ledger-third-issuer");
let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A copy of the fixture with one file edited. */
async function edited(file: string, edit: (text: string) => string): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), "tariffscope-issuer-"));
  await cp(fixture, dir, { recursive: true });
  const path = join(dir, file);
  await writeFile(path, edit(await readFile(path, "utf8")));
  return dir;
}

describe("the shared ledger reader, for an issuer other than US and CN", () => {
  it("reads the fixture's measures against its own authorities", async () => {
    const loaded = await loadLedgerFiles(join(fixture, "events"));
    expect(loaded.issuer.issuer).toBe("ZZ");
    expect(loaded.measures.map((m) => m.authority)).toEqual(["base", "zz-safeguard", "zz-levy", "zz-levy"]);
    expect(loaded.fileOf.get("zz-levy-2019")).toMatch(/events[/\\]measures\.yaml$/);
  });

  it("refuses an authority of another issuer, naming file, line and measure", async () => {
    const d = await edited("events/measures.yaml", (t) => t.replace("authority: zz-safeguard", "authority: s232"));
    await expect(loadLedgerFiles(join(d, "events"))).rejects.toThrow(/measures\.yaml.*line 14[\s\S]*zz-safeguard-2019: authority "s232" is not registered for ZZ/);
  });

  it("refuses a heading where the issuer declares none, and requires one where it does", async () => {
    const d1 = await edited("events/measures.yaml", (t) => t.replace('program: "7% on every good"', 'program: "7% on every good"\n    heading: "9903.01.24"'));
    await expect(loadLedgerFiles(join(d1, "events"))).rejects.toThrow(/ZZ measures declare no heading.*zz-safeguard-2019/);
    await rm(d1, { recursive: true, force: true });
    const d2 = await edited("issuer.yaml", (t) => t.replace("catalog:", 'headingPattern: "^Z\\\\d+$"\nheadingExample: "Z1"\ncatalog:'));
    await expect(loadLedgerFiles(join(d2, "events"))).rejects.toThrow(/measure zz-mfn-2018 has no heading \(every ZZ measure declares one, like Z1\)/);
  });

  it("refuses an instrument with neither url nor a reason in `uncertain`", async () => {
    const d = await edited("instruments.yaml", (t) => t.replace('    uncertain: "a fixture: no publisher"\n', ""));
    await expect(loadLedgerFiles(join(d, "events"))).rejects.toThrow(/instruments\.yaml[\s\S]*instrument "zz-schedule" has no url/);
  });

  it("refuses a product list whose authority is not the issuer's", async () => {
    const d = await edited("product-lists.yaml", (t) => t.replace("authority: zz-levy", "authority: r2025-fentanyl"));
    await expect(loadLedgerFiles(join(d, "events"))).rejects.toThrow(/product-lists\.yaml[\s\S]*list "zz-annex": authority "r2025-fentanyl" is not registered for ZZ/);
  });

  it("refuses a fromList rate without the list it reads", async () => {
    const d = await edited("events/measures.yaml", (t) => t.replace("products: { list: zz-mfn }", "products: { all: true }"));
    await expect(loadLedgerFiles(join(d, "events"))).rejects.toThrow(/a fromList rate reads its values from one product list/);
  });
});
