import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/common/errors.js";
import {
  EDITIONS,
  LATER_REVISIONS,
  compareEditions,
  editionById,
  findIdenticalEditions,
  loadEditionRegister,
  parseEditionName,
  readEditionManifest,
} from "../../src/schedule/editionRegister.js";
import { EDITION_IDS, mirrorDir, mirrorFile } from "../support/mirror.js";

function thrown(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error("expected an InputError");
}

describe("EDITIONS", () => {
  it("lists the 44 archived editions in order, with their files present in the mirror", () => {
    expect(EDITIONS.map((e) => e.id)).toEqual(EDITION_IDS);
    expect([...EDITIONS].sort(compareEditions).map((e) => e.id)).toEqual(EDITION_IDS);
    expect(EDITIONS[0]).toMatchObject({ id: "2025_basic", year: 2025, revision: 0, label: "2025 Basic" });
    expect(EDITIONS[43]).toMatchObject({
      id: "2026_rev_10",
      year: 2026,
      revision: 10,
      archive: "us/hts/hts_2026_rev_10.json.gz",
    });
    for (const e of EDITIONS) {
      expect(existsSync(mirrorFile(e.archive)), e.archive).toBe(true);
      expect(existsSync(mirrorFile(e.changeRecord!)), e.changeRecord).toBe(true);
    }
    expect(editionById("2025_rev_27").changeRecord).toBe("us/hts-change-records/2025HTSRev27_change_record.txt");
    expect(editionById("2026_rev_10").changeRecord).toBe("us/hts-later/2026HTSRev10/change-record.md");
  });

  it("lists 2026 revisions 11–20 separately: change records only", () => {
    expect(LATER_REVISIONS.map((e) => e.id)).toEqual(Array.from({ length: 10 }, (_, k) => `2026_rev_${11 + k}`));
    for (const e of LATER_REVISIONS) expect(existsSync(mirrorFile(e.changeRecord)), e.changeRecord).toBe(true);
    expect(compareEditions("2026_rev_10", LATER_REVISIONS[0]!)).toBeLessThan(0);
  });
});

describe("editionById", () => {
  it("accepts the usual spellings", () => {
    for (const name of ["2026_rev_10", "2026 rev 10", "2026HTSRev10", "2026 Revision 10", "hts_2026_rev_10.json.gz"]) {
      expect(editionById(name).id, name).toBe("2026_rev_10");
    }
    for (const name of ["2025_basic", "2025 Basic", "2025HTSBasic", "2025 Basic Edition"]) {
      expect(editionById(name).id, name).toBe("2025_basic");
    }
    expect(parseEditionName("not an edition")).toBeUndefined();
  });

  it("suggests the nearest valid ids for an unknown one", () => {
    const past = thrown(() => editionById("2025_rev_33"));
    expect(past.code).toBe("UNKNOWN_EDITION");
    expect(past.suggestions).toEqual(["2025_rev_30", "2025_rev_31", "2025_rev_32"]);
    expect(thrown(() => editionById("2025_rv_5")).suggestions[0]).toBe("2025_rev_5");
    expect(thrown(() => editionById("2027 basic")).suggestions[0]).toBe("2026_basic");
    const later = thrown(() => editionById("2026 rev 13"));
    expect(later.message).toMatch(/only a change record/);
    expect(later.suggestions).toContain("2026_rev_10");
  });

  it("orders editions across years and spellings", () => {
    expect(compareEditions("2025 Revision 32", "2026_basic")).toBeLessThan(0);
    expect(compareEditions("2026HTSRev2", "2026_rev_10")).toBeLessThan(0);
    expect(compareEditions("2025_basic", "2025 Basic")).toBe(0);
    expect(() => compareEditions("2025_basic", "soon")).toThrow(InputError);
  });
});

describe("publication dates", () => {
  it("come from each change-record header, and from manifest/editions.json only where none is printed", async () => {
    const { editions, later } = await loadEditionRegister(mirrorDir());
    const all = [...editions, ...later];
    expect(all).toHaveLength(54);
    for (const e of all) expect(e.publishedOn, e.id).toMatch(/^20\d\d-\d\d-\d\d$/);
    const fromManifest = all.filter((e) => e.publishedOnSource?.kind === "manifest").map((e) => e.id);
    expect(fromManifest).toEqual(["2025_basic"]);
    const byId = new Map(all.map((e) => [e.id, e]));
    expect(byId.get("2025_basic")!.publishedOnSource).toMatchObject({ kind: "manifest", secondary: true });
    expect(byId.get("2025_basic")!.publishedOn).toBe("2025-01-01");
    expect(byId.get("2025_rev_7")!.publishedOn).toBe("2025-04-05"); // printed "April 05, 2025"
    expect(byId.get("2025_rev_12")!.publishedOn).toBe("2025-05-13");
    expect(byId.get("2026_rev_10")!.publishedOn).toBe("2026-06-08");
    expect(byId.get("2026_rev_20")!.publishedOn).toBe("2026-09-28");
    // Publication order follows edition order.
    const days = all.map((e) => e.publishedOn!);
    expect([...days].sort()).toEqual(days);
  });

  it("the manifest cites a source for every date", async () => {
    const manifest = await readEditionManifest();
    expect(manifest.length).toBeGreaterThan(0);
    for (const m of manifest) expect(m.citation.length).toBeGreaterThan(20);
  });
});

describe("findIdenticalEditions", () => {
  it("finds the archives whose JSON is byte-identical: 2025 r12=r13, r18=r19, r21=r22 and 2026 r5=r7", async () => {
    const groups = await findIdenticalEditions(mirrorDir());
    expect(groups.map((g) => g.ids)).toEqual([
      ["2025_rev_12", "2025_rev_13"],
      ["2025_rev_18", "2025_rev_19"],
      ["2025_rev_21", "2025_rev_22"],
      ["2026_rev_5", "2026_rev_7"],
    ]);
    for (const g of groups) expect(g.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The folder of the archives themselves works too.
    expect(await findIdenticalEditions(join(mirrorDir(), "us", "hts"))).toEqual(groups);
  });

  it("finds no identical .gz files: the gzip headers of identical editions differ", async () => {
    expect(await findIdenticalEditions(mirrorDir(), { compare: "file" })).toEqual([]);
  });

  it("names a missing archive", async () => {
    await expect(findIdenticalEditions(join(mirrorDir(), "no-such-folder"))).rejects.toMatchObject({
      code: "MISSING_FILE",
    });
  });
});
