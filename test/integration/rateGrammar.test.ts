import { beforeAll, describe, expect, it } from "vitest";
import { readHtsArchive, type HtsRawRow } from "../../src/sources/htsArchive.js";
import { adValoremComponent, describeRate, parseRateText, type RateExpr } from "../../src/sources/rateText.js";
import { EDITION_IDS, mirrorFile } from "../support/mirror.js";

/** Real rows asserted below, by edition and HTS number. */
const ANCHORS: [edition: string, htsno: string][] = [
  ["2026_rev_10", "8703.80.00"],
  ["2026_rev_10", "9903.01.24"],
  ["2025_basic", "9903.88.01"],
  ["2025_basic", "9903.89.55"],
  ["2025_basic", "9903.19.19"],
  ["2025_basic", "9102.11.10"],
  ["2025_basic", "1701.12.10.00"],
  ["2025_basic", "2106.90.52.00"],
  ["2025_basic", "5810.91.00"],
  ["2025_rev_14", "9903.81.91"],
  ["2025_rev_17", "9903.78.01"],
  ["2025_rev_18", "9903.02.20"],
  ["2025_rev_27", "9903.91.12"],
  ["2026_rev_10", "9903.82.20"],
  ["2026_rev_10", "9903.94.03"],
];

/** One distinct rate text, with the Chapter 99 flag it is parsed under. */
interface DistinctText {
  text: string;
  chapter99: boolean;
}

const distinct = new Map<string, DistinctText>();
const anchorRows = new Map<string, HtsRawRow>();

function isChapter99(htsno: string): boolean {
  return htsno.startsWith("9903");
}

function parseRow(row: HtsRawRow, field: "general" | "other"): RateExpr {
  return parseRateText(row[field], { chapter99: isChapter99(row.htsno) });
}

beforeAll(async () => {
  for (const edition of EDITION_IDS) {
    const rows = await readHtsArchive(mirrorFile(`us/hts/hts_${edition}.json.gz`));
    for (const row of rows) {
      const chapter99 = isChapter99(row.htsno);
      for (const text of [row.general, row.other])
        distinct.set(`${chapter99 ? "99" : "--"}\t${text}`, { text, chapter99 });
      if (ANCHORS.some(([e, h]) => e === edition && h === row.htsno)) anchorRows.set(`${edition} ${row.htsno}`, row);
    }
  }
});

describe("HTS rate-text grammar over all 44 editions", () => {
  it("reads every edition", () => {
    expect(EDITION_IDS).toHaveLength(44);
    expect(distinct.size).toBeGreaterThan(1000);
  });

  it("classifies every distinct general and other text", () => {
    const perClass: Record<string, { mfn: number; chapter99: number }> = {};
    const unclassified: string[] = [];
    for (const { text, chapter99 } of distinct.values()) {
      const expr = parseRateText(text, { chapter99 });
      const slot = (perClass[expr.kind] ??= { mfn: 0, chapter99: 0 });
      if (chapter99) slot.chapter99 += 1;
      else slot.mfn += 1;
      if (expr.kind === "unclassified") unclassified.push(`${chapter99 ? "[9903] " : ""}${JSON.stringify(text)}`);
    }
    const chapter99Count = [...distinct.values()].filter((d) => d.chapter99).length;
    const lines = Object.entries(perClass)
      .sort((a, b) => b[1].mfn + b[1].chapter99 - (a[1].mfn + a[1].chapter99))
      .map(
        ([kind, n]) =>
          `  ${kind.padEnd(14)} ${String(n.mfn + n.chapter99).padStart(5)}  (other rows ${n.mfn}, 9903 ${n.chapter99})`,
      );
    console.log(
      [
        `rate-text coverage: ${distinct.size} distinct texts (${distinct.size - chapter99Count} outside 9903, ${chapter99Count} in 9903)`,
        ...lines,
      ].join("\n"),
    );
    expect(unclassified, `unclassified rate texts:\n${unclassified.join("\n")}`).toEqual([]);
  });

  it("parses real examples", () => {
    const row = (edition: string, htsno: string): HtsRawRow => {
      const r = anchorRows.get(`${edition} ${htsno}`);
      if (!r) throw new Error(`row ${htsno} not found in ${edition}`);
      return r;
    };

    const car = row("2026_rev_10", "8703.80.00");
    expect(car.general).toBe("2.5%");
    expect(parseRow(car, "general")).toMatchObject({ kind: "adValorem", percent: 2.5 });
    expect(parseRow(car, "other")).toMatchObject({ kind: "adValorem", percent: 10 });

    const fentanyl = row("2026_rev_10", "9903.01.24");
    expect(fentanyl.general).toBe("The duty provided in the applicable subheading + 10%");
    expect(parseRow(fentanyl, "general")).toMatchObject({ kind: "addOn", percent: 10, valueBase: "full" });
    expect(parseRow(fentanyl, "other")).toMatchObject({ kind: "passThrough", form: "no-change" });

    expect(parseRow(row("2025_basic", "9903.88.01"), "general")).toMatchObject({
      kind: "addOn",
      percent: 25,
      valueBase: "full",
    });
    expect(parseRow(row("2025_basic", "9903.89.55"), "general")).toMatchObject({
      kind: "addOn",
      percent: 25,
      valueBase: "full",
    });
    expect(parseRow(row("2025_basic", "9903.19.19"), "general")).toMatchObject({
      kind: "replacement",
      percent: 0,
      free: true,
    });
    expect(parseRow(row("2025_rev_18", "9903.02.20"), "general")).toMatchObject({ kind: "replacement", percent: 15 });
    expect(parseRow(row("2025_rev_14", "9903.81.91"), "general")).toMatchObject({
      kind: "addOn",
      percent: 50,
      valueBase: "steel-content",
    });
    expect(parseRow(row("2025_rev_17", "9903.78.01"), "general")).toMatchObject({ valueBase: "copper-content" });
    expect(parseRow(row("2026_rev_10", "9903.94.03"), "general")).toMatchObject({ valueBase: "non-us-content" });
    expect(parseRow(row("2026_rev_10", "9903.82.20"), "general")).toMatchObject({
      kind: "addOn",
      percent: 25,
      valueBase: "unstated",
    });
    expect(parseRow(row("2025_rev_27", "9903.91.12"), "general")).toMatchObject({
      kind: "addOnNamed",
      percent: 100,
      subheadings: ["8716.39.00", "8716.90.30", "8716.90.50"],
    });

    const watch = parseRow(row("2025_basic", "9102.11.10"), "general");
    expect(watch.kind).toBe("multiPart");
    expect(describeRate(watch)).toBe("44¢ each + 6% on case + 14% on strap, band or bracelet + 5.3% on battery");
    expect(adValoremComponent(watch).nonAdValorem).toHaveLength(4);

    expect(parseRow(row("2025_basic", "1701.12.10.00"), "general")).toMatchObject({
      kind: "sugarFormula",
      referenceDegrees: 100,
    });
    expect(parseRow(row("2025_basic", "2106.90.52.00"), "general")).toMatchObject({
      kind: "derived",
      rule: "natural-juice",
    });
    expect(parseRow(row("2025_basic", "5810.91.00"), "general")).toMatchObject({ kind: "seeNote", note: 1 });
  });
});
