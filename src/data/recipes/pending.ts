/**
 * Recipes named by the manifest but not implemented yet. Sync reports each dataset that needs one as missing with
 * the recipe and the official address, so a user knows it comes from a mirror folder until the recipe exists.
 */
import type { Recipe } from "./types.js";

/** PDF → plain text as `pdftotext -layout` lays it out (change records, annexes, Chapter 99 notes). */
export const pdfToText: Recipe = {
  id: "pdf-to-text",
  description: "extract the text of the publisher's PDF in layout order (the mirror's .txt files)",
  forms: ["pdf"],
  status: {
    implemented: false,
    missing: "PDF text extraction equivalent to the mirror's pdftotext -layout files is not implemented yet",
  },
};

/** The same, stored gzipped (the Chapter 99 note text). */
export const pdfToTextGzip: Recipe = {
  id: "pdf-to-text-gzip",
  description: "extract the text of the publisher's PDF in layout order and store it gzipped",
  forms: ["pdf"],
  status: {
    implemented: false,
    missing: "PDF text extraction equivalent to the mirror's pdftotext -layout files is not implemented yet",
  },
};

/** A government web page (govinfo HTML of an executive order, a CBP bulletin, a court opinion) → plain text. */
export const htmlToText: Recipe = {
  id: "html-to-text",
  description: "convert the publisher's HTML page (or PDF opinion) to the plain text the readers take",
  forms: ["html", "pdf"],
  status: {
    implemented: false,
    missing: "HTML/PDF to plain-text conversion equal to the mirror's text copies is not implemented yet",
  },
};
