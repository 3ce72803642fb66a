/**
 * A government web page → plain text (`html-to-text`): an executive order on govinfo (DCPD HTML), a CBP CSMS bulletin
 * on GovDelivery, or a court opinion served as a PDF (laid out by `pdfLayoutText`). Of a page, the document's body is
 * kept — a GovDelivery bulletin's body, else the page's main content — and navigation, headers, footers, scripts and
 * forms are dropped; links keep their text only.
 */
import { readFile, writeFile } from "node:fs/promises";
import { convert, type HtmlToTextOptions } from "html-to-text";
import { pdfLayoutText } from "./pdfLayoutText.js";
import type { Recipe } from "./types.js";

/** Where the document's own text is, most specific first (GovDelivery bulletins, then generic page structure). */
const BODY_SELECTORS = [".bulletin_body", "#bulletin_body", ".govd_content", "main", "article", "pre", "body"];

const DROPPED = ["nav", "header", "footer", "script", "style", "noscript", "form", "iframe", "svg", "button"];

const options = (selector: string): HtmlToTextOptions => ({
  wordwrap: false,
  baseElements: { selectors: [selector], returnDomByDefault: false },
  selectors: [
    ...DROPPED.map((s) => ({ selector: s, format: "skip" })),
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "h1", format: "heading", options: { uppercase: false } },
    { selector: "h2", format: "heading", options: { uppercase: false } },
    { selector: "h3", format: "heading", options: { uppercase: false } },
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
  ],
});

/** The text of an HTML page's document body; an error naming `label` when the page has no text. */
export function htmlDocumentText(html: string, label: string): string {
  for (const selector of BODY_SELECTORS) {
    const text = convert(html, options(selector)).trim();
    if (text !== "") return `${text.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n")}\n`;
  }
  throw new Error(`${label}: the page has no text in its body`);
}

async function extract(input: string, output: string, label: string): Promise<void> {
  const bytes = await readFile(input);
  const text =
    bytes.subarray(0, 5).toString("latin1") === "%PDF-"
      ? await pdfLayoutText(bytes, label)
      : htmlDocumentText(bytes.toString("utf8"), label);
  await writeFile(output, text, { encoding: "utf8", flag: "wx" });
}

/** A government web page (govinfo HTML of an executive order, a CBP bulletin, a court opinion) → plain text. */
export const htmlToText: Recipe = {
  id: "html-to-text",
  description:
    "convert the publisher's HTML page (or PDF opinion) to plain text: the document body, without navigation",
  forms: ["html", "pdf"],
  status: { implemented: true, stored: "extract", extract },
};
