/**
 * Hand-made PDFs for unit tests: one Helvetica text run per line at given positions, pages in order. Written from
 * the PDF 1.4 structure (catalog, pages, content streams, cross-reference table) so a test controls every position.
 */

/** Text placed on a page: PDF units from the bottom left, font size in points. */
export interface TinyText {
  text: string;
  x: number;
  y: number;
  size?: number;
}

const escape = (s: string): string => s.replace(/[\\()]/g, (c) => `\\${c}`);

/** A PDF with one page per element of `pages`, each page 612 × 792 points. */
export function tinyPdf(pages: TinyText[][]): Buffer {
  const objects: string[] = [];
  const font = 3;
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[font] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
  const kids: number[] = [];
  pages.forEach((texts, i) => {
    const page = 4 + i * 2;
    const content = page + 1;
    kids.push(page);
    const ops = texts
      .map((t) => `BT /F1 ${t.size ?? 10} Tf 1 0 0 1 ${t.x} ${t.y} Tm (${escape(t.text)}) Tj ET`)
      .join("\n");
    objects[page] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`;
    objects[content] = `<< /Length ${Buffer.byteLength(ops, "latin1")} >>\nstream\n${ops}\nendstream`;
  });
  objects[2] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let n = 1; n < objects.length; n++) {
    offsets[n] = Buffer.byteLength(body, "latin1");
    body += `${n} 0 obj\n${objects[n]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let n = 1; n < objects.length; n++) body += `${String(offsets[n]).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
