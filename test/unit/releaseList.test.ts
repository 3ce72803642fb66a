import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DataFileError } from "../../src/common/errors.js";
import { loadManifest } from "../../src/data/manifest.js";
import { releaseFiles } from "../../src/data/releaseFiles.js";
import { readReleaseList, releaseEdition, releaseName } from "../../src/data/releaseList.js";
import { heldReleases } from "../../src/data/update.js";
import { incompleteBody } from "../../src/data/releaseDownload.js";

const fixture = "test/fixtures/release-list/releaseList.json";
const read = (value: unknown) => readReleaseList(value, "releaseList");

describe("the USITC release list reader", () => {
  it("reads names, editions, descriptions, status and release days of a hand-written list in the quoted shape", () => {
    const releases = read(JSON.parse(readFileSync(fixture, "utf8")));
    expect(releases).toEqual([
      {
        name: "2026HTSRev21",
        edition: { year: 2026, revision: 21 },
        description: "2026 HTS Revision 21",
        status: "current",
        releasedOn: "2026-12-01",
      },
      {
        name: "2026HTSRev10",
        edition: { year: 2026, revision: 10 },
        description: "2026 HTS Revision 10",
        status: "archived",
        releasedOn: "2026-06-08",
      },
      {
        name: "2025HTSBasic",
        edition: { year: 2025, revision: 0 },
        description: "2025 HTS Basic Edition",
        releasedOn: "2025-01-01",
      },
      // Not an edition name: kept, without an edition, for the report to name.
      { name: "2025 Supplement A" },
    ]);
  });

  it("names the element at fault instead of returning an empty or partial list", () => {
    const fail = (value: unknown): DataFileError => {
      try {
        read(value);
      } catch (err) {
        expect(err).toBeInstanceOf(DataFileError);
        return err as DataFileError;
      }
      throw new Error("no error");
    };
    expect(fail({ releases: [] }).message).toMatch(/releaseList at top level: .*JSON array.*found an object/);
    expect(fail([]).message).toMatch(/names no release/);
    expect(fail([{ name: "2026HTSRev1" }, { description: "x" }]).message).toMatch(/element 1: .*"name"/);
    expect(fail([{ name: "2026HTSRev1" }, "2026HTSRev2"]).message).toMatch(/element 1: a release should be an object/);
    expect(fail([{ name: "2026HTSRev1" }, { name: "2026HTSRev1" }]).message).toMatch(
      /element 1: release "2026HTSRev1" is listed twice/,
    );
    expect(fail([{ name: "2026HTSRev1", releaseStartDate: "2026-01-05" }]).message).toMatch(
      /element 0: .*releaseStartDate "2026-01-05" is not a day MM\/DD\/YYYY/,
    );
    expect(fail([{ name: "2026HTSRev1", releaseStartDate: "02/30/2026" }]).message).toMatch(/not a day/);
  });

  it("maps release names to editions and back", () => {
    expect(releaseEdition("2026HTSRev10")).toEqual({ year: 2026, revision: 10 });
    expect(releaseEdition("2025htsbasic")).toEqual({ year: 2025, revision: 0 });
    expect(releaseEdition("2026HTSRev10A")).toBeUndefined();
    expect(releaseName(2026, 21)).toBe("2026HTSRev21");
    expect(releaseName(2027, 0)).toBe("2027HTSBasic");
  });

  it("addresses a release's files as the manifest's entries do", () => {
    const manifest = loadManifest();
    const urlAt = (p: string | undefined): string | null | undefined =>
      manifest.entries.find((e) => e.path === p)?.officialUrl;
    for (const [year, revision] of [
      [2025, 0],
      [2025, 10],
      [2026, 0],
    ] as const) {
      const [json, record] = releaseFiles(year, revision);
      expect(urlAt(json?.path), json?.path).toBe(json?.url);
      expect(urlAt(record?.path), record?.path).toBe(record?.url);
    }
  });
});

describe("what the manifest holds of each release", () => {
  it("has JSON up to 2026 Revision 10 and only change records after it", () => {
    const held = heldReleases(loadManifest());
    const withJson = held.filter((h) => h.json);
    expect(withJson).toHaveLength(44);
    expect(withJson.at(-1)?.name).toBe("2026HTSRev10");
    expect(held.find((h) => h.name === "2026HTSRev13")).toMatchObject({ json: false, changeRecord: true });
  });
});

describe("whole-body checks of a discovered file", () => {
  it("accepts whole JSON and PDF bodies and names a cut or foreign one", () => {
    expect(incompleteBody("json", Buffer.from('[{"htsno":"0101"}]'))).toBeNull();
    expect(incompleteBody("json", Buffer.from('[{"htsno":"0101"},{"hts'))).toMatch(/does not parse.*truncated/);
    expect(incompleteBody("json", Buffer.from('{"error":"busy"}'))).toMatch(/not a non-empty array/);
    expect(incompleteBody("json", Buffer.from('[{"code":"0101"}]'))).toMatch(/element 0 is not an HTS row/);
    expect(incompleteBody("pdf", Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))).toBeNull();
    expect(incompleteBody("pdf", Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\n"))).toMatch(/without its %%EOF trailer/);
  });
});
