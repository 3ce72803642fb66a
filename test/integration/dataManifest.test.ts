import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadManifest, officialRecipe } from "../../src/data/manifest.js";
import { getRecipe, RECIPES } from "../../src/data/recipes/index.js";
import { dataStatus } from "../../src/data/status.js";
import { syncData } from "../../src/data/sync.js";
import { EDITION_IDS, mirrorDir } from "../support/mirror.js";

const manifest = loadManifest();
const mirror = mirrorDir();

function mirrorSums(): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of readFileSync(path.join(mirror, "SHA256SUMS"), "utf8").split("\n")) {
    const m = /^([0-9a-f]{64}) [ *]\.?\/?(.+)$/.exec(line);
    if (m?.[1] && m[2]) sums.set(m[2], m[1]);
  }
  return sums;
}

describe("the committed source manifest", () => {
  it("finds every manifest entry in the mirror with the same checksum and size (the mirror may hold more files)", () => {
    const sums = mirrorSums();
    expect(sums.size).toBeGreaterThan(300);
    // The mirror grows; the manifest is what the project reads, so it must be a subset, never equal by requirement.
    for (const e of manifest.entries) {
      expect(sums.get(e.path), e.path).toBe(e.sha256);
      expect(e.bytes, e.path).toBe(statSync(path.join(mirror, e.path)).size);
    }
  });

  it("lists all 44 HTS editions with their official USITC JSON address", () => {
    const editions = manifest.entries.filter((e) => e.group === "hts-editions");
    expect(EDITION_IDS).toHaveLength(44);
    expect(editions.map((e) => e.path).sort()).toEqual(EDITION_IDS.map((id) => `us/hts/hts_${id}.json.gz`).sort());
    for (const id of EDITION_IDS) {
      const e = editions.find((x) => x.path === `us/hts/hts_${id}.json.gz`);
      expect(e?.id).toBe(`hts-${id.replaceAll("_", "-")}`);
      expect(e).toMatchObject({
        official: { url: e?.officialUrl, form: "json", recipe: "gzip-json" },
        checksumStable: false,
      });
      expect(e?.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(manifest.entries.find((e) => e.id === "hts-2026-rev-10")?.officialUrl).toBe(
      "https://www.usitc.gov/sites/default/files/tata/hts/hts_2026_revision_10_json.json",
    );
    expect(manifest.entries.find((e) => e.id === "hts-2025-basic")?.officialUrl).toBe(
      "https://www.usitc.gov/sites/default/files/tata/hts/hts_2025_basic_edition_json.json",
    );
  });

  it("covers every group the project reads, and marks third-party research files as not redistributable", () => {
    const counts = new Map<string, number>();
    for (const e of manifest.entries) counts.set(e.group, (counts.get(e.group) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toMatchObject({
      "hts-editions": 44,
      "change-records": 86,
      "imports-2024": 51,
      "imports-hs2-monthly": 3,
      "legal-texts": 71,
    });
    for (const g of [
      "hts-notes",
      "annexes",
      "section301",
      "tariff-database-2017",
      "hts-later",
      "cn",
      "commitments",
      "reference",
    ]) {
      expect(counts.get(g), g).toBeGreaterThan(0);
    }
    const piie = manifest.entries.find((e) => e.path === "cn/piie-bown-jung-zhang-2019-06-12.xlsx");
    expect(piie?.licence).toMatch(/not redistributable/);
  });
});

describe("every dataset classified: an official recipe, or none with its consequence", () => {
  it("gives every entry either { url, form, recipe } with a registered recipe, or { none, publisher, why }, and feeds", () => {
    expect(manifest.entries.length).toBeGreaterThan(300);
    for (const e of manifest.entries) {
      expect(e.feeds.length, `${e.id}: feeds`).toBeGreaterThan(10);
      const off = officialRecipe(e);
      if (off === undefined) {
        const none = e.official as { none: true; publisher: string; why: string };
        expect(none.none, e.id).toBe(true);
        expect(none.publisher.length, `${e.id}: publisher`).toBeGreaterThan(2);
        expect(none.why.length, `${e.id}: why`).toBeGreaterThan(20);
      } else {
        const recipe = getRecipe(off.recipe);
        expect(recipe, `${e.id}: recipe ${off.recipe}`).toBeDefined();
        expect(recipe?.forms, `${e.id}: form`).toContain(off.form);
        expect(new URL(off.url).protocol, `${e.id}: url`).toBe("https:");
      }
    }
  });

  it("has an implemented official recipe for every dataset that names one, and names the rest", () => {
    const byClass = new Map<string, string[]>();
    for (const e of manifest.entries) {
      const off = officialRecipe(e);
      const recipe = off ? RECIPES.get(off.recipe) : undefined;
      const cls = off === undefined ? "none" : recipe?.status.implemented ? "implemented" : `pending:${off.recipe}`;
      byClass.set(cls, [...(byClass.get(cls) ?? []), e.id]);
    }
    const implemented = byClass.get("implemented") ?? [];
    expect(implemented).toEqual(
      expect.arrayContaining(["hts-2026-rev-10", "hts-2025-basic", "change-record-2025-rev-1-pdf"]),
    );
    expect(implemented).toEqual(expect.arrayContaining(["imports-2024-5700", "imports-hs2-monthly-imports-5700data"]));
    // Texts extracted from official PDFs and pages have their recipes too; no recipe is pending.
    expect(implemented).toEqual(
      expect.arrayContaining([
        "change-record-2025-rev-1-txt",
        "hts-notes-chapter99-2026-rev-6",
        "eo-14257",
        "csms-67834313",
      ]),
    );
    expect([...byClass.keys()].filter((k) => k.startsWith("pending:"))).toEqual([]);
    expect(implemented).toHaveLength(214);
    expect(byClass.get("none")).toHaveLength(118);
    expect(byClass.get("none")).toContain("cn-piie-bown-jung-zhang-2019-06-12");
    // A text extracted from a PDF the mirror holds is pinned to that PDF's checksum.
    for (const e of manifest.entries) {
      const off = officialRecipe(e);
      if (off?.recipe !== "pdf-to-text") continue;
      const pdf = manifest.entries.find((p) => p.path === e.path.replace(/\.txt$/, ".pdf"));
      expect(off.sha256, e.id).toBe(pdf?.sha256);
    }
  });
});

describe("sync of the hts-editions group from the mirror", () => {
  const cache = mkdtempSync(path.join(tmpdir(), "tariffscope-editions-"));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it("copies and verifies all 44 editions, then finds nothing to do", async () => {
    const first = await syncData({ cacheDir: cache, mirror, only: "hts-editions", download: false });
    expect(first.counts).toEqual({ ok: 0, fetched: 44, missing: 0, corrupt: 0 });

    // An independent check of the copied bytes against SHA256SUMS.
    const sums = mirrorSums();
    for (const e of first.entries) {
      const digest = createHash("sha256")
        .update(readFileSync(path.join(cache, e.path)))
        .digest("hex");
      expect(digest, e.path).toBe(sums.get(e.path));
    }

    const second = await syncData({ cacheDir: cache, mirror, only: "hts-editions", download: false });
    expect(second.counts).toEqual({ ok: 44, fetched: 0, missing: 0, corrupt: 0 });

    const status = await dataStatus({ cacheDir: cache, only: "hts-editions" });
    expect(status.counts).toMatchObject({ total: 44, present: 44, ok: 44, mismatch: 0 });
  });
});
