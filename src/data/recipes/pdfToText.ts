/**
 * PDF → layout text (`pdf-to-text`, `pdf-to-text-gzip`): the publisher's PDF (a USITC change record, the Chapter 99
 * notes) laid out on a character grid by `pdfLayoutText`, stored as UTF-8 text (or gzipped text). The readers take
 * this text as they take the mirror's `pdftotext -layout` files (test/integration/pdfExtraction.test.ts holds them
 * to the same parsed results).
 */
import { readFile, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { pdfLayoutText } from "./pdfLayoutText.js";
import type { Recipe } from "./types.js";

async function extractPdf(input: string, output: string, label: string, gzip: boolean): Promise<void> {
  const text = await pdfLayoutText(await readFile(input), label);
  if (text.replace(/\s+/g, "") === "")
    throw new Error(`${label}: the PDF has no text layer (a scanned document?); nothing to extract`);
  const bytes = Buffer.from(text, "utf8");
  await writeFile(output, gzip ? gzipSync(bytes, { level: 6 }) : bytes, { flag: "wx" });
}

/** PDF → plain text as `pdftotext -layout` lays it out (change records). */
export const pdfToText: Recipe = {
  id: "pdf-to-text",
  description: "extract the text of the publisher's PDF laid out in columns (pdfjs-dist), as the mirror's .txt files",
  forms: ["pdf"],
  status: {
    implemented: true,
    stored: "extract",
    extract: (input, output, label) => extractPdf(input, output, label, false),
  },
};

/** The same, stored gzipped (the Chapter 99 note text). */
export const pdfToTextGzip: Recipe = {
  id: "pdf-to-text-gzip",
  description: "extract the text of the publisher's PDF laid out in columns (pdfjs-dist) and store it gzipped",
  forms: ["pdf"],
  status: {
    implemented: true,
    stored: "extract",
    extract: (input, output, label) => extractPdf(input, output, label, true),
  },
};
