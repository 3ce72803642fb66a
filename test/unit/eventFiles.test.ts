import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { parse as parseYaml } from "yaml";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFileError } from "../../src/common/errors.js";
import { loadInstrumentRegistry, loadLedgerFiles, loadProductListRegistry } from "../../src/ledger/eventFiles.js";
import { repoRoot } from "../support/mirror.js";

const fixtures = resolve(repoRoot, "test", "fixtures", "ledger-bad");
const ledgerRoot = resolve(repoRoot, "ledger", "us");
const registry = join(fixtures, "product-lists.yaml");
const instrumentsFile = join(fixtures, "instruments.yaml");

async function loadCase(name: string) {
  return loadLedgerFiles(join(fixtures, name, "events"), { productListsFile: registry, instrumentsFile, issuerDir: fixtures });
}

/** Run `fn`, expect a DataFileError, and return it. */
async function failure(fn: () => Promise<unknown>): Promise<DataFileError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return err as DataFileError;
  }
  throw new Error("expected a DataFileError");
}

describe("loadLedgerFiles", () => {
  it("loads a valid ledger and reports the files read", async () => {
    const { measures, files } = await loadCase("valid");
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/a\.yaml$/);
    expect(measures.map((m) => m.id)).toEqual(["fixture.duty", "fixture.exemption"]);
    expect(measures[0]!.valueBase).toBe("full"); // schema default applied
  });

  it("names file and line for a YAML syntax error", async () => {
    const err = await failure(() => loadCase("syntax"));
    expect(err.file).toMatch(/syntax[\\/]events[\\/]broken\.yaml$/);
    expect(err.position).toMatch(/^line [45], column \d+$/);
    expect(err.message).toContain("broken.yaml");
    expect(err.message).toContain("invalid YAML");
  });

  it("names file and line of a schema violation (bad heading)", async () => {
    const err = await failure(() => loadCase("schema"));
    expect(err.file).toMatch(/schema[\\/]events[\\/]a\.yaml$/);
    expect(err.position).toBe("line 5");
    expect(err.message).toContain("measures[0].heading");
    expect(err.message).toContain("a.yaml at line 5");
  });

  it("names the line of an unknown field", async () => {
    const err = await failure(() => loadCase("unknown-field"));
    expect(err.position).toBe("line 12");
    expect(err.message).toContain("colour");
  });

  it("rejects a date that is not a calendar day", async () => {
    const err = await failure(() => loadCase("bad-date"));
    expect(err.position).toBe("line 10");
    expect(err.message).toContain("2026-02-30");
  });

  it("rejects an empty or reversed window", async () => {
    const err = await failure(() => loadCase("window-order"));
    expect(err.position).toBe("line 10");
    expect(err.message).toContain("window.to must be after window.from");
  });

  it("rejects duplicate measure ids across files, naming both places", async () => {
    const err = await failure(() => loadCase("duplicate"));
    expect(err.code).toBe("DUPLICATE_MEASURE");
    expect(err.file).toMatch(/b\.yaml$/);
    expect(err.position).toBe("line 3");
    expect(err.message).toContain('"fixture.duty"');
    expect(err.message).toMatch(/a\.yaml at line 2/);
  });

  it("rejects an unknown product-list id", async () => {
    const err = await failure(() => loadCase("unknown-list"));
    expect(err.code).toBe("UNKNOWN_PRODUCT_LIST");
    expect(err.position).toBe("line 8");
    expect(err.message).toContain('"no-such-list"');
    expect(err.message).toContain("measures[0].products.lists[1]");
  });

  it("rejects exempts naming neither a measure nor an authority", async () => {
    const err = await failure(() => loadCase("bad-exempts"));
    expect(err.code).toBe("UNKNOWN_EXEMPT_TARGET");
    expect(err.position).toBe("line 20");
    expect(err.message).toContain('"no-such-measure"');
  });

  it("fails on a missing ledger folder", async () => {
    const err = await failure(() => loadLedgerFiles(join(fixtures, "no-such-case", "events"), { productListsFile: registry, instrumentsFile, issuerDir: fixtures }));
    expect(err.code).toBe("MISSING_FILE");
  });
});

describe("loadProductListRegistry", () => {
  it("loads the fixture registry", async () => {
    const lists = await loadProductListRegistry(registry);
    expect([...lists.keys()]).toEqual(["fixture-list"]);
  });

  it("rejects duplicate list ids with the line of the second", async () => {
    const err = await failure(() => loadProductListRegistry(join(fixtures, "registry-dup", "product-lists.yaml")));
    expect(err.position).toBe("line 8");
    expect(err.message).toContain('duplicate product-list id "fixture-list"');
  });
});

describe("the instrument registry", () => {
  it("every measure of the shipped ledger names a registered instrument, and every instrument is used", async () => {
    const ledgerDir = ledgerRoot;
    const instruments = await loadInstrumentRegistry(join(ledgerDir, "instruments.yaml"));
    const { measures } = await loadLedgerFiles(join(ledgerDir, "events"));
    const terminations = (parseYaml(await readFile(join(ledgerDir, "terminations.yaml"), "utf8")) as { terminations: { instrument: string }[] }).terminations;
    const used = new Set([...measures.map((m) => m.instrument.id), ...terminations.map((t) => instruments.get(t.instrument)!.id)]);
    expect([...instruments.values()].filter((i) => !used.has(i.id)).map((i) => i.id)).toEqual([]);
  });
  it("rejects a dangling instrument key, naming the file and line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ts-instr-"));
    await mkdir(join(dir, "events"));
    const valid = await readFile(join(fixtures, "valid", "events", "a.yaml"), "utf8");
    await writeFile(join(dir, "events", "a.yaml"), valid.replace("instrument: fixture-pp11021", "instrument: fixture-nope"));
    const err = await failure(() => loadLedgerFiles(join(dir, "events"), { productListsFile: registry, instrumentsFile, issuerDir: fixtures }));
    expect(err.code).toBe("UNKNOWN_INSTRUMENT");
    expect(err.position).toBe("line 12");
  });
  it("rejects an instrument registered twice (same id under two keys)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ts-instr-"));
    const text = await readFile(instrumentsFile, "utf8");
    const twice = `${text}  - key: fixture-again\n    kind: proclamation\n    id: Proclamation 11021\n    title: Fixture\n    url: https://example.org/pp11021\n`;
    await writeFile(join(dir, "instruments.yaml"), twice);
    const err = await failure(() => loadInstrumentRegistry(join(dir, "instruments.yaml")));
    expect(err.code).toBe("DUPLICATE_INSTRUMENT");
    expect(err.message).toContain("already registered as \"fixture-pp11021\"");
  });
});
