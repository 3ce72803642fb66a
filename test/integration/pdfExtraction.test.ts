/**
 * Equivalence of extractions: for every PDF whose text the readers parse, the results parsed from the project's own
 * extraction of the PDF (`pdfLayoutText`, the `pdf-to-text` recipe) equal those parsed from the mirror's
 * `pdftotext -layout` file: every change-record row (item, nature, legal date, source, warnings), the reciprocal
 * annexes' country rates and product list, the Section 122 annexes' lists and the Section 232 metals annexes' lists and
 * headings. Positions in the text file (line numbers) are left out of the comparison: they point into one or the
 * other file and differ wherever the two tools leave a different number of blank lines.
 *
 * Each PDF is extracted once, from the synced data cache (which holds the mirror's PDFs).
 */
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { sourcePath } from "../../src/data/locate.js";
import { loadManifest } from "../../src/data/manifest.js";
import { pdfLayoutText } from "../../src/data/recipes/pdfLayoutText.js";
import { EDITIONS } from "../../src/schedule/editionRegister.js";
import {
  decodeSourceText,
  parseMetals232Annexes,
  parseReciprocalAnnexI,
  parseReciprocalAnnexII,
  parseSection122Annexes,
} from "../../src/sources/annexText.js";
import { parseChangeRecordText } from "../../src/sources/changeRecord.js";

const manifest = loadManifest();
const inManifest = new Set(manifest.entries.map((e) => e.path));

/** The text of a PDF beside `txt` in the cache, as the mirror's .txt and as extracted here. */
interface TextPair {
  mirror: string;
  extracted: string;
}
const texts = new Map<string, TextPair>();

async function pairOf(txt: string): Promise<TextPair> {
  const pdf = txt.replace(/\.txt$/, ".pdf");
  const mirror = decodeSourceText(txt, await readFile(sourcePath(txt)));
  const extracted = decodeSourceText(txt, Buffer.from(await pdfLayoutText(await readFile(sourcePath(pdf)), pdf)));
  return { mirror, extracted };
}

const pair = (txt: string): TextPair => {
  const p = texts.get(txt);
  if (!p) throw new Error(`${txt} was not extracted`);
  return p;
};

/** Parsed results without positions in the text file (`line`, `lines`: 1-based line numbers; `file`: its name). */
function content(parsed: unknown): unknown {
  return JSON.parse(
    JSON.stringify(parsed, (key, value: unknown) => (["line", "lines", "file"].includes(key) ? undefined : value)),
  );
}

const changeRecords = EDITIONS.filter((e) => e.changeRecord?.endsWith(".txt")).map((e) => ({
  edition: e.id,
  txt: e.changeRecord as string,
}));
const ANNEXES = {
  reciprocal1: "us/annexes/reciprocal-2025-annex-1.txt",
  reciprocal2: "us/annexes/reciprocal-2025-annex-2.txt",
  s122a1: "us/annexes/section122-2026-annex-1.txt",
  s122a2: "us/annexes/section122-2026-annex-2.txt",
  metals: "us/annexes/section232-metals-2026-annexes.txt",
};

beforeAll(async () => {
  for (const txt of [...changeRecords.map((c) => c.txt), ...Object.values(ANNEXES)]) texts.set(txt, await pairOf(txt));
}, 600_000);

describe("the documents compared", () => {
  it("are every change record the edition register reads as text, and the annexes the list readers read, each with its PDF", () => {
    expect(changeRecords).toHaveLength(43);
    for (const txt of [...changeRecords.map((c) => c.txt), ...Object.values(ANNEXES)]) {
      expect(inManifest.has(txt), txt).toBe(true);
      expect(inManifest.has(txt.replace(/\.txt$/, ".pdf")), txt).toBe(true);
    }
  });
});

describe("change records: the rows parsed from the extraction equal those parsed from pdftotext -layout", () => {
  it.each(changeRecords)("$txt", ({ edition, txt }) => {
    const { mirror, extracted } = pair(txt);
    const fromMirror = parseChangeRecordText(txt, mirror, edition);
    const fromPdf = parseChangeRecordText(txt, extracted, edition);
    expect(fromMirror.items.length).toBeGreaterThan(0);
    expect(content(fromPdf)).toEqual(content(fromMirror));
  });
});

describe("annexes: the lists parsed from the extraction equal those parsed from pdftotext -layout", () => {
  it("reciprocal Annex I (EO 14257): country rates", () => {
    const { mirror, extracted } = pair(ANNEXES.reciprocal1);
    const fromMirror = parseReciprocalAnnexI(mirror);
    expect(fromMirror.length).toBeGreaterThan(50);
    expect(content(parseReciprocalAnnexI(extracted))).toEqual(content(fromMirror));
  });

  it("reciprocal Annex II (EO 14257): the HTSUS product list", () => {
    const { mirror, extracted } = pair(ANNEXES.reciprocal2);
    const fromMirror = parseReciprocalAnnexII(mirror);
    expect(fromMirror.entries.length).toBeGreaterThan(1000);
    expect(content(parseReciprocalAnnexII(extracted))).toEqual(content(fromMirror));
  });

  it("Section 122 Annexes 1 and 2 (Proclamation 11012): exemptions, particular articles, civil aircraft, scope limits", () => {
    const a1 = pair(ANNEXES.s122a1);
    const a2 = pair(ANNEXES.s122a2);
    const fromMirror = parseSection122Annexes(a1.mirror, a2.mirror);
    expect(fromMirror.annex1.exemptions.entries.length).toBeGreaterThan(100);
    expect(content(parseSection122Annexes(a1.extracted, a2.extracted))).toEqual(content(fromMirror));
  });

  it("Section 232 metals annexes (April 2026): every annex's list and headings", () => {
    const { mirror, extracted } = pair(ANNEXES.metals);
    const fromMirror = parseMetals232Annexes(mirror);
    expect(fromMirror.annexes.map((a) => a.id)).toEqual(["I-A", "I-B", "II", "III", "IV"]);
    expect(content(parseMetals232Annexes(extracted))).toEqual(content(fromMirror));
  });
});
