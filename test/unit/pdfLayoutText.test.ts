import { describe, expect, it } from "vitest";
import {
  groupLines,
  layPage,
  pdfLayoutText,
  PdfTextError,
  type PlacedText,
} from "../../src/data/recipes/pdfLayoutText.js";
import { tinyPdf } from "../support/tinyPdf.js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { repoRoot } from "../support/mirror.js";

/** An item whose width is `chars` × 5 units (a 10-point font). */
const at = (str: string, x: number, y: number, size = 10): PlacedText => ({ str, x, y, width: str.length * 5, size });

describe("layPage: text items on a character grid", () => {
  it("puts the cells of a table in aligned columns, row by row", () => {
    const page = [
      at("Item", 50, 700),
      at("Rate", 200, 700),
      at("0101.21.00", 50, 688),
      at("25%", 200, 688),
      at("8471.30.01", 50, 676),
      at("7.5%", 200, 676),
    ];
    const lines = layPage(page, 50).split("\n");
    expect(lines).toEqual([
      "Item                          Rate",
      "0101.21.00                    25%",
      "8471.30.01                    7.5%",
    ]);
  });

  it("keeps a long cell two spaces clear of the next column and moves that column on every row alike", () => {
    // Most text advances 6 units a character; the long note reference only 3.5 (narrow letters), so on a grid of
    // 6-unit cells it needs more columns than the space it spans.
    const wide = (str: string, x: number, y: number): PlacedText => ({ str, x, y, width: str.length * 6, size: 10 });
    const note = "U.S. note 2(v)(iii), subch III, ch 99";
    const page = [
      { str: note, x: 50, y: 700, width: note.length * 3.5, size: 10 },
      wide("Modified", 190, 700),
      ...Array.from({ length: 10 }, (_, i) => [
        wide(`9903.01.${20 + i}`, 50, 688 - 12 * i),
        wide("Added", 190, 688 - 12 * i),
      ]).flat(),
    ];
    const [first, second] = layPage(page, 50).split("\n");
    expect(first?.indexOf("Modified")).toBeGreaterThan(note.length + 1);
    expect(first).toMatch(/ch 99 {2,}Modified$/);
    expect(second?.indexOf("Added")).toBe(first?.indexOf("Modified"));
  });

  it("joins pieces of a word and words of a cell, but splits cells at a column gap", () => {
    const page = [at("Harmo", 50, 700), at("nized", 75, 700), at("Tariff", 103, 700), at("Schedule", 300, 700)];
    expect(layPage(page, 50)).toMatch(/^Harmonized Tariff {2,}Schedule$/);
  });

  it("keeps a superscript on its line (cm² stays in its row)", () => {
    const lines = groupLines([
      at("mesh size of 100 cm", 100, 456, 12),
      at("2", 214, 460.5, 8),
      at("or more", 222, 456, 12),
    ]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.map((i) => i.str)).toEqual(["mesh size of 100 cm", "2", "or more"]);
  });

  it("leaves a blank line where the vertical gap is about two lines or more", () => {
    expect(layPage([at("Title", 50, 700), at("Body", 50, 675)], 50)).toBe("Title\n\nBody");
  });
});

describe("pdfLayoutText: a PDF's pages as laid-out text", () => {
  it("reads a hand-made two-page PDF: columns aligned, pages ended by form feeds", async () => {
    const pdf = tinyPdf([
      [
        { text: "HTSUS", x: 72, y: 700 },
        { text: "Description", x: 200, y: 700 },
        { text: "05080000", x: 72, y: 686 },
        { text: "Coral and shells", x: 200, y: 686 },
      ],
      [
        { text: "25041050", x: 72, y: 700 },
        { text: "Natural graphite", x: 200, y: 700 },
      ],
    ]);
    const text = await pdfLayoutText(pdf, "fixture");
    const pages = text.split("\f");
    expect(pages).toHaveLength(3);
    expect(pages[2]).toBe("");
    const [head, row] = (pages[0] ?? "").split("\n");
    expect(head?.startsWith("HTSUS")).toBe(true);
    expect(row?.startsWith("05080000")).toBe(true);
    expect(row?.indexOf("Coral")).toBe(head?.indexOf("Description"));
    expect(pages[1]?.trim()).toMatch(/^25041050 {2,}Natural graphite$/);
  });

  it("leaves the process's built-ins native (pdfjs-dist's legacy build polyfills push and JSON over them)", async () => {
    // In a process of its own, with the built-ins taken before anything is loaded (core-js also makes its polyfills
    // print as native code, so they are compared by identity).
    const script = [
      "const kept = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };",
      'const { pdfLayoutText } = await import("./src/data/recipes/pdfLayoutText.ts");',
      'const { tinyPdf } = await import("./test/support/tinyPdf.ts");',
      'const text = await pdfLayoutText(tinyPdf([[{ text: "HTSUS", x: 72, y: 700 }]]), "fixture");',
      "console.log(JSON.stringify({ text: text.trim(), push: kept.push === Array.prototype.push, parse: kept.parse === JSON.parse, stringify: kept.stringify === JSON.stringify }));",
    ].join("\n");
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot });
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual({ text: "HTSUS", push: true, parse: true, stringify: true });
  }, 60_000);

  it("names the document when the bytes are an HTML page, not a PDF", async () => {
    const html = Buffer.from("<!DOCTYPE html><html><body>Access denied</body></html>");
    await expect(pdfLayoutText(html, "change-record-2025-rev-1-txt (https://hts.usitc.gov/x)")).rejects.toThrow(
      /change-record-2025-rev-1-txt \(https:\/\/hts\.usitc\.gov\/x\): not a PDF/,
    );
  });

  it("names the document when a PDF is cut short or damaged", async () => {
    const pdf = tinyPdf([[{ text: "9903.01.20", x: 72, y: 700 }]]);
    const broken = Buffer.concat([pdf.subarray(0, 40), Buffer.from("garbage")]);
    const err = await pdfLayoutText(broken, "truncated.pdf").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfTextError);
    expect((err as Error).message).toMatch(/^truncated\.pdf: /);
  });
});
