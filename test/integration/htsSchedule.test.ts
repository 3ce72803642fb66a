import { beforeAll, describe, expect, it } from "vitest";
import { diffEditions } from "../../src/schedule/editionDiff.js";
import { showHeading, showLine } from "../../src/schedule/scheduleLookup.js";
import { loadChangeRecords } from "../../src/schedule/changeRecords.js";
import { loadEdition, loadHtsCatalog } from "../../src/schedule/scheduleCatalog.js";
import { InputError } from "../../src/common/errors.js";
import type { ChangeRecord } from "../../src/sources/changeRecord.js";
import type { HtsCatalog } from "../../src/schedule/htsCatalog.js";
import type { HtsEdition } from "../../src/schedule/htsTree.js";

let catalog: HtsCatalog;
let rev10: HtsEdition;
let records: Map<string, ChangeRecord>;

beforeAll(async () => {
  catalog = (await loadHtsCatalog()).catalog;
  rev10 = await loadEdition("2026_rev_10");
  records = await loadChangeRecords();
});

describe("the HTS schedule read from the real editions", () => {
  it("holds all 44 editions in order, with ~20,000 HTS-10 lines", () => {
    expect(catalog.editions).toHaveLength(44);
    expect(catalog.editions[0]).toBe("2025_basic");
    expect(catalog.editions[43]).toBe("2026_rev_10");
    expect(catalog.lines.size).toBeGreaterThan(19_500);
  });

  it("resolves every HTS-10 leaf of 2026 rev 10 to a rated legal line", () => {
    const unrated = rev10.leaves.filter((l) => rev10.nodes[l.legalNode]!.general === "");
    expect(unrated.map((l) => l.code)).toEqual([]);
    // about 71% of legal lines are printed only as a 10-digit row
    const selfRated = rev10.leaves.filter((l) => l.legalCode.length === 10).length;
    expect(selfRated / rev10.leaves.length).toBeGreaterThan(0.3);
  });

  it("shows 8703.80.00: base 2.5% and the pointer to 9903.91.03", () => {
    const r = showLine(rev10, "8703.80.00");
    expect(r.legalLine).toBe("8703.80.00");
    expect(r.baseRate.text).toBe("2.5%");
    expect(r.baseRate.parsed.kind).toBe("adValorem");
    expect(r.chapter99.map((h) => h.heading)).toContain("9903.91.03");
    expect(showLine(rev10, "8703800000").code).toBe("8703.80.00");
  });

  it("resolves a legal line printed only as a 10-digit row (6110.20.20 knit sweaters)", () => {
    const r = showLine(rev10, "6110.20.20");
    expect(r.baseRate.text).toBe("16.5%");
    expect(r.chapter99.map((h) => h.heading)).toContain("9903.88.15");
  });

  it("suggests the nearest codes for an unknown one", () => {
    const err = (() => {
      try {
        showLine(rev10, "8703.81.00");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).suggestions.some((s) => s.startsWith("8703.8"))).toBe(true);
  });

  it("gives 9903.01.24 at +20% to 2025 rev 26 and +10% from rev 27, effective Nov 10, 2025", () => {
    const r = showHeading(catalog, rev10, "9903.01.24", records);
    const twenty = r.history.filter((h) => h.general.includes("20%"));
    const ten = r.history.find((h) => h.general.includes("10%"))!;
    expect(twenty[twenty.length - 1]!.toEdition).toBe("2025_rev_26");
    expect(ten.fromEdition).toBe("2025_rev_27");
    expect(ten.legalDates.map((d) => d.date)).toContain("2025-11-10");
    expect(r.parsed.countryScope.countries).toEqual(["CN", "HK"]);
    expect(r.general.parsed).toMatchObject({ kind: "addOn", percent: 10 });
  });

  it("lists the Switzerland/Liechtenstein headings in the diff 2025 rev 32 → 2026 basic, with legal dates", () => {
    const d = diffEditions(catalog, "2025_rev_32", "2026_basic", records);
    const added = d.headings.added.map((h) => h.heading);
    for (const h of ["9903.02.82", "9903.02.83", "9903.02.87", "9903.02.88", "9903.02.91"]) expect(added).toContain(h);
    const swiss = d.headings.added.find((h) => h.heading === "9903.02.83")!;
    expect(swiss.general).toBe("15%");
    expect(swiss.legalDates.length).toBeGreaterThan(0);
  });

  it("is insensitive to HTML-only changes (2026 rev 9 → rev 10 IEEPA descriptions)", () => {
    const d = diffEditions(catalog, "2026_rev_9", "2026_rev_10", records);
    const ieepaChanged = d.headings.changed.filter((h) => h.heading.startsWith("9903.01") || h.heading.startsWith("9903.02"));
    expect(ieepaChanged).toEqual([]);
    expect(d.headings.added.map((h) => h.heading)).toContain("9903.82.20");
  });
});
