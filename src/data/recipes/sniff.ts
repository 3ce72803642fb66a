/**
 * Does a download look like the form the publisher is supposed to serve? Catches the commonest bad answer of a web
 * server: an HTML page (error, login, "moved") delivered with status 200 in place of a PDF, a workbook or JSON.
 */
import type { OfficialForm } from "./types.js";

const looksLikeHtml = (text: string): boolean =>
  /^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)/i.test(text);

/**
 * `null` when the first bytes of a download fit `form`, else a phrase naming what they look like instead
 * (e.g. "an HTML page, not a PDF").
 */
export function formMismatch(form: OfficialForm, head: Buffer): string | null {
  if (head.length === 0) return `an empty body, not ${article(form)}`;
  const text = head.subarray(0, 512).toString("latin1");
  const html = looksLikeHtml(text);
  switch (form) {
    case "pdf":
      if (text.startsWith("%PDF-")) return null;
      return html ? "an HTML page, not a PDF" : `bytes that do not start with %PDF- (${preview(text)}), not a PDF`;
    case "xlsx":
    case "zip":
      if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return null;
      return html ? `an HTML page, not ${article(form)}` : `bytes that are not a zip archive (${preview(text)})`;
    case "json":
    case "json-api":
      if (/^\s*[[{]/.test(text.replace(/^\uFEFF/, ""))) return null;
      return html ? "an HTML page, not JSON" : `bytes that are not JSON (${preview(text)})`;
    case "csv":
    case "txt":
      return html ? `an HTML page, not ${article(form)}` : null;
    case "html":
      return null;
  }
}

function article(form: OfficialForm): string {
  const names: Record<OfficialForm, string> = {
    pdf: "a PDF",
    xlsx: "an XLSX workbook",
    zip: "a zip archive",
    "json-api": "a JSON API answer",
    html: "an HTML page",
    json: "JSON",
    csv: "a CSV file",
    txt: "a text file",
  };
  return names[form];
}

function preview(text: string): string {
  return JSON.stringify(text.slice(0, 24).replace(/[^\x20-\x7e]/g, "."));
}
