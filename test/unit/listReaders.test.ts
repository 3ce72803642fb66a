import { describe, expect, it } from "vitest";
import { listReaderSchema } from "../../src/ledger/listReaderRegistry.js";
import { resolveProductLists } from "../../src/ledger/productScopes.js";
import type { ProductListEntry } from "../../src/ledger/eventFiles.js";

describe("list readers are chosen by the registry's structured field", () => {
  it("accepts the known readers with their arguments and rejects an unknown note subdivision", () => {
    expect(listReaderSchema.parse({ name: "note-list", note: "33(g)" })).toEqual({ name: "note-list", note: "33(g)" });
    expect(listReaderSchema.safeParse({ name: "note-list", note: "99(z)" }).success).toBe(false);
    expect(listReaderSchema.safeParse({ name: "note-31-heading", heading: "9903.88.01" }).success).toBe(false);
  });

  it("reads the file the entry names (a missing file is named, whatever the prose says)", async () => {
    const entry: ProductListEntry = {
      id: "probe",
      title: "probe",
      authority: "s232",
      kind: "note",
      reader: { name: "note-list", note: "33(g)" },
      source: { file: "us/hts-notes/chapter99_not_a_real_edition.txt.gz", where: "U.S. note 2(v)(iii)(a) (prose is not read)" },
    };
    await expect(resolveProductLists(new Map([["probe", entry]]), "/nonexistent-cache-dir")).rejects.toThrow(/chapter99_not_a_real_edition/);
  });
});
