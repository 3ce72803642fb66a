import { beforeAll, describe, expect, it } from "vitest";
import { diffEditions, type EditionDiff } from "../../src/schedule/editionDiff.js";
import { loadChangeRecords } from "../../src/schedule/changeRecords.js";
import { loadHtsCatalog } from "../../src/schedule/scheduleCatalog.js";
import { descriptionToText } from "../../src/sources/chapter99Text.js";
import { versionAt, type HtsCatalog } from "../../src/schedule/htsCatalog.js";

let catalog: HtsCatalog;
const diffs: { a: number; b: number; d: EditionDiff }[] = [];

/** The test's own reading of "the same text": tags and entities removed, all whitespace dropped. */
const plain = (s: string): string => descriptionToText(s).replace(/\s+/g, "");

beforeAll(async () => {
  catalog = (await loadHtsCatalog()).catalog;
  const records = await loadChangeRecords();
  for (let i = 1; i < catalog.editions.length; i++)
    diffs.push({ a: i - 1, b: i, d: diffEditions(catalog, catalog.editions[i - 1]!, catalog.editions[i]!, records) });
});

describe("edition diff on normalised text", () => {
  it("reports no base-rate change that is only markup (e.g. $1.13/m3 → $1.13/m<sup>3</sup> on 0806.10.20)", () => {
    const markupOnly: string[] = [];
    for (const { d } of diffs)
      for (const c of d.lines.baseRateChanged)
        if (plain(c.before) === plain(c.after)) markupOnly.push(`${d.to} ${c.code}`);
    expect(markupOnly).toEqual([]);
    // The mirror does hold such a markup-only revision of the grape rates: the check above is not vacuous.
    const grape = catalog.lines.get("0806102005")!;
    expect(grape.some((v) => v.general.includes("<sup>"))).toBe(true);
  });

  it("reports no heading change whose rate and text are the same once markup and spacing are removed", () => {
    for (const { a, b, d } of diffs)
      for (const c of d.headings.changed) {
        const versions = catalog.headings.get(c.heading.replace(/\D/g, ""))!;
        const va = versionAt(versions, a)!;
        const vb = versionAt(versions, b)!;
        const same =
          plain(va.general) === plain(vb.general) &&
          plain(va.other) === plain(vb.other) &&
          plain(va.description) === plain(vb.description);
        expect(same, `${d.to} ${c.heading}`).toBe(false);
      }
  });

  it("never cuts a description inside a word", () => {
    let cut = 0;
    for (const { b, d } of diffs) {
      const items = [...d.lines.established, ...d.headings.added];
      for (const item of items) {
        if (!item.description.endsWith("…")) continue;
        cut++;
        const code = ("code" in item ? item.code : item.heading).replace(/\D/g, "");
        const version =
          "code" in item ? versionAt(catalog.lines.get(code)!, b) : versionAt(catalog.headings.get(code)!, b);
        const full = descriptionToText(version!.description);
        const kept = item.description.slice(0, -1);
        expect(full.startsWith(kept), code).toBe(true);
        expect(full.charAt(kept.length), `${code}: cut inside a word`).toMatch(/^[^\p{L}\p{N}]$/u);
      }
    }
    expect(cut).toBeGreaterThan(0);
  });
});
