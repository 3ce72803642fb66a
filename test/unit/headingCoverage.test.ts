import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataFileError } from "../../src/common/errors.js";
import { headingCoverage } from "../../src/ledger/headingCoverage.js";
import type { Measure } from "../../src/ledger/measureSchema.js";
import { loadUnmodelledHeadings, specNames, type UnmodelledGroup } from "../../src/ledger/unmodelledHeadings.js";
import type { HtsRawRow } from "../../src/sources/htsArchive.js";

const row = (htsno: string, general: string, description = `text of ${htsno}`): HtsRawRow => ({
  index: 0,
  htsno,
  indent: 0,
  description,
  superior: false,
  units: [],
  general,
  special: "",
  other: "",
  footnotes: [],
});

const measure = (heading: string, rate: number, window: { from: string; to?: string }, status = "in-force"): Measure =>
  ({ id: `m.${heading}.${rate}`, heading, role: "duty", status, rate: { addOn: rate }, window }) as unknown as Measure;

const groups: UnmodelledGroup[] = [
  { headings: ["9902"], reason: "expired", source: { file: "f", where: "w" } },
  { headings: ["9903.01.43-9903.01.45", "9903.02.01"], reason: "other origins", source: { file: "f", where: "w" } },
];

describe("Chapter 99 coverage of an edition", () => {
  const rows = [
    row("0101.21.00", "Free"),
    row("9902.01.01", "Free"),
    row("9902.99.99", "Free"),
    row("9903.01.43", "The duty provided in the applicable subheading + 15%"),
    row("9903.01.45", "The duty provided in the applicable subheading + 15%"),
    row("9903.01.46", "The duty provided in the applicable subheading + 20%", "Articles the product of Elsewhere"),
    row("9903.02.01", "The duty provided in the applicable subheading + 40%"),
    row("9903.88.03", "The duty provided in the applicable subheading + 25%"),
    row("9903.88.15", "The duty provided in the applicable subheading + 15%"),
    row("9903.91.01", "The duty provided in the applicable subheading + 50%"),
    row("9903.91.02", "See U.S. note 31(b)"),
    row("9903.92", ""),
  ];
  const measures = [
    measure("9903.88.03", 25, { from: "2019-05-10" }),
    measure("9903.88.15", 7.5, { from: "2020-02-14" }),
    // Ended before the edition's day: nothing to compare 9903.91.01's rate with.
    measure("9903.91.01", 25, { from: "2024-09-27", to: "2026-01-01" }),
    measure("9903.91.02", 50, { from: "2024-09-27" }),
  ];
  const report = headingCoverage(rows, measures, groups, {
    id: "2026_rev_21",
    file: "us/hts/hts_2026_rev_21.json.gz",
    asOf: "2026-12-01",
  });

  it("lists each printed heading no measure references and no group names, with its text and rate", () => {
    expect(report.uncovered).toEqual([
      {
        heading: "9903.01.46",
        description: "Articles the product of Elsewhere",
        general: "The duty provided in the applicable subheading + 20%",
      },
    ]);
  });

  it("counts every printed heading once: modelled, unmodelled by group, or uncovered", () => {
    expect(report).toMatchObject({ printed: 10, modelled: 4, unmodelled: 5 });
    expect(report.printed).toBe(report.modelled + report.unmodelled + report.uncovered.length);
    expect(report.unmodelledGroups).toEqual([
      { reason: "expired", headings: 2 },
      { reason: "other origins", headings: 3 },
    ]);
  });

  it("names a printed rate no open in-force measure has, and one it cannot read as a rate", () => {
    expect(report.rateDiffers).toEqual([
      expect.objectContaining({
        heading: "9903.88.15",
        printedPercent: 15,
        ledger: [{ measure: "m.9903.88.15.7.5", percent: 7.5 }],
      }),
      expect.objectContaining({
        heading: "9903.91.02",
        general: "See U.S. note 31(b)",
        printedPercent: null,
        ledger: [{ measure: "m.9903.91.02.50", percent: 50 }],
      }),
    ]);
  });
});

describe("unmodelled-headings.yaml", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tariffscope-unmodelled-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names headings by prefix, by heading and by inclusive range", () => {
    expect(specNames("9902", "9902.01.01")).toBe(true);
    expect(specNames("9902", "9903.01.01")).toBe(false);
    expect(specNames("9903.88", "9903.88.69")).toBe(true);
    expect(specNames("9903.02.01", "9903.02.01")).toBe(true);
    expect(specNames("9903.02.01", "9903.02.010")).toBe(false);
    expect(specNames("9903.01.43-9903.01.76", "9903.01.76")).toBe(true);
    expect(specNames("9903.01.43-9903.01.76", "9903.01.77")).toBe(false);
  });

  it("the shipped file is valid and gives a reason and a source for every group", async () => {
    const shipped = await loadUnmodelledHeadings();
    expect(shipped.length).toBeGreaterThan(5);
    for (const g of shipped) expect(g.reason.length + g.source.where.length).toBeGreaterThan(20);
  });

  it("refuses a malformed heading naming the file and line", async () => {
    const file = path.join(dir, "bad.yaml");
    writeFileSync(
      file,
      'groups:\n  - headings: ["9903.01.76-9903.01.43"]\n    reason: r\n    source: { file: f, where: w }\n',
    );
    await expect(loadUnmodelledHeadings(file)).rejects.toThrow(DataFileError);
    await expect(loadUnmodelledHeadings(file)).rejects.toThrow(/bad\.yaml.*line 2/);
  });
});
