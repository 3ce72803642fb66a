import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import {
  assignSections,
  codeListCells,
  parseParticularArticles,
  parseReciprocalAnnexI,
  parseReciprocalAnnexII,
  type LayoutItem,
} from "../../src/sources/annexText.js";
import {
  expandSubdivisionRefs,
  extractCodeList,
  metals232NoteLists,
  noteSubdivisions,
  noteText,
  parseChapter99Notes,
  readChapter99Notes,
  reciprocalExemptionLists,
  type Chapter99Notes,
} from "../../src/sources/chapter99Notes.js";
import { listMatches } from "../../src/sources/productList.js";
import { repoRoot } from "../support/mirror.js";

const FIXTURE = join(repoRoot, "test", "fixtures", "notes", "chapter99-mini.txt");

describe("readChapter99Notes on a hand-written excerpt", () => {
  let notes: Chapter99Notes;
  beforeAll(async () => {
    notes = await readChapter99Notes(FIXTURE);
  });

  it("decodes Latin-1 and turns the soft hyphen of ranges into an en dash", () => {
    expect(notes.lines.length).toBe(readFileSync(FIXTURE, "latin1").split("\n").length);
    expect(notes.lines[121]).toContain("9903.82.02–9903.82.09");
  });

  it("reads a gzipped copy identically", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ts-notes-"));
    const gz = join(dir, "mini.txt.gz");
    writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
    const again = await readChapter99Notes(gz);
    expect(again.clean).toEqual(notes.clean);
  });

  it("splits subchapters and notes, skipping numbered list items inside a note", () => {
    expect(notes.subchapters.map((s) => s.id)).toEqual(["I", "III", "IV"]);
    const iii = notes.subchapters.find((s) => s.id === "III")!;
    expect(iii.notes.map((n) => n.number)).toEqual([1, 2, 3, 4, 5, 12, 16]);
    expect(iii.notes.filter((n) => n.deleted).map((n) => n.number)).toEqual([3, 4, 12]);
    // Notes end where the tariff table starts.
    expect(iii.notesEndLine).toBe(149);
    expect(iii.notes.find((n) => n.number === 16)!.endLine).toBe(149);
  });

  it("blanks page headers without moving lines or columns", () => {
    expect(notes.pageBreaks).toContain(51);
    for (let ln = 51; ln <= 57; ln++) expect(notes.clean[ln - 1]).toBe("");
    // A header line that also prints codes keeps them, at their columns.
    const line = notes.clean[138]!;
    expect(line.trim()).toBe("7301.20.10    7301.20.50");
    expect(line.indexOf("7301.20.10")).toBe(notes.lines[138]!.indexOf("7301.20.10"));
  });

  it("resolves ambiguous markers: (v) (i) on one line, (i) as Roman child or as letter, deleted letters", () => {
    const two = noteSubdivisions(notes, "III", 2).map((s) => s.label);
    expect(two).toEqual(
      expect.arrayContaining(["(v)", "(v)(i)", "(v)(ii)", "(v)(iii)", "(v)(iii)(a)", "(v)(iii)(b)", "(v)(iv)", "(x)"]),
    );
    const five = noteSubdivisions(notes, "III", 5).map((s) => s.label);
    expect(five).toEqual(["(a)", "(h)", "(h)(i)", "(h)(ii)", "(i)", "(j)", "(j)(i)", "(j)(ii)"]);
  });

  it("does not read a cross-reference at the start of a wrapped line as a marker", () => {
    const h = noteText(notes, { subchapter: "III", note: 5, subdivision: "(h)" })!;
    expect(h.text).toContain("(g) of this note");
    expect(noteSubdivisions(notes, "III", 5).some((s) => s.label === "(h)(g)" || s.label === "(g)")).toBe(false);
  });

  it("returns note text with its line range", () => {
    const s = noteText(notes, { subchapter: "III", note: 2, subdivision: "(v)(iii)" })!;
    expect(s.startLine).toBe(50);
    expect(s.endLine).toBe(85);
    expect(s.text.split("\n")).toHaveLength(s.endLine - s.startLine + 1);
    expect(s.text).not.toContain("Harmonized Tariff Schedule");
    expect(s.text).not.toContain("99 - III - 2");
    expect(noteText(notes, { subchapter: "III", note: 2, subdivision: "(q)" })).toBeUndefined();
    expect(noteText(notes, { subchapter: "III", note: 99 })).toBeUndefined();
    expect(noteText(notes, { subchapter: "IV", note: 2 })!.text).toContain("9904.10.01");
  });

  it("extracts a code list of mixed granularity across a page break, ignoring 9903 numbers and prose", () => {
    const a = noteText(notes, { subchapter: "III", note: 2, subdivision: "(v)(iii)(a)" })!;
    const entries = extractCodeList(a.text, a.startLine);
    expect(entries.map((e) => e.code)).toEqual([
      "02011005",
      "02011010",
      "05080000",
      "25041010",
      "27101215",
      "7601",
      "8471",
      "847330",
      "8505110070",
      "85171300",
      "85423100",
      "85423200",
      "98020040",
    ]);
    expect(entries.find((e) => e.code === "85171300")!.line).toBe(74);
    expect(entries.map((e) => e.granularity)).toContain(4);
  });

  it("takes codes inside sentences only in prose mode", () => {
    const text =
      "(i) Heading 9903.91.08 applies to products classified in 8-digit subheading 4015.12.10, effective\n         on or after January 1, 2026 (89 Fed. Reg. 76581).";
    expect(extractCodeList(text, 10)).toEqual([]);
    expect(extractCodeList(text, 10, { prose: true }).map((e) => [e.code, e.line])).toEqual([["40151210", 10]]);
  });

  it("names the note 2(v)(iii) lists: codes and particular articles", () => {
    const r = reciprocalExemptionLists(notes);
    expect(r.codes.id).toBe("note2-v-iii-a");
    expect(r.codes.source).toEqual({ file: FIXTURE, where: "U.S. note 2(v)(iii)(a)", lines: [60, 75] });
    expect(listMatches(r.codes, "8471300100")?.code).toBe("8471");
    expect(listMatches(r.codes, "8505110070")?.code).toBe("8505110070");
    expect(listMatches(r.codes, "8505110080")).toBeUndefined();
    expect(r.particularArticles.entries.map((e) => e.code)).toEqual([
      "08059001",
      "19059010",
      "6307909842",
      "6307909844",
    ]);
    expect(r.particularArticles.entries[1]!.text).toBe(
      "Bread, pastry and similar baked products, nesoi, for religious purposes only (classifiable in subheading 1905.90.10)",
    );
  });

  it("assigns codes of two lists sharing a page by column, and links lists to headings", () => {
    const m = metals232NoteLists(notes);
    const byId = Object.fromEntries(m.subdivisions.map((s) => [s.id, s]));
    expect(Object.keys(byId)).toEqual(["(c)(i)", "(c)(ii)", "(c)(iii)"]);
    expect(byId["(c)(i)"]!.list.entries.map((e) => e.code)).toEqual(["7601", "7604", "7616995160", "7616995170"]);
    expect(new Set(byId["(c)(ii)"]!.list.entries.map((e) => e.code))).toEqual(
      new Set(["7216910010", "73012010", "73012050", "73023000", "73071930", "73071990", "73072110", "73072150"]),
    );
    expect(new Set(byId["(c)(iii)"]!.list.entries.map((e) => e.code))).toEqual(
      new Set(["74061000", "74062000", "74071015", "74071030", "74071050"]),
    );
    // (c)(ii)'s codes start above its title (line 141), on the header line 139.
    expect(byId["(c)(ii)"]!.list.source.lines).toEqual([139, 144]);
    expect(byId["(c)(ii)"]!.headings).toEqual([
      { heading: "9903.82.02", general: "The duty provided in the applicable subheading + 50%" },
    ]);
    expect(byId["(c)(iii)"]!.headings).toEqual([
      { heading: "9903.82.09", general: "The duty provided in the applicable subheading + 25%" },
    ]);
    expect(m.headings.map((h) => h.heading)).toEqual(["9903.82.02", "9903.82.09"]);
  });

  it("fails clearly on a text that is not Chapter 99", () => {
    expect(() => parseChapter99Notes("just some text\n", "x.txt")).toThrow(/x\.txt: no 'SUBCHAPTER' titles found/);
  });
});

describe("subdivision references", () => {
  it("expands ranges and lists of Roman subdivisions", () => {
    expect(expandSubdivisionRefs("as provided for in subdivisions (c)(i)–(v) of U.S. note 16")).toEqual([
      "(c)(i)",
      "(c)(ii)",
      "(c)(iii)",
      "(c)(iv)",
      "(c)(v)",
    ]);
    expect(expandSubdivisionRefs("subdivisions (c)(ii), (iv), (vi)–(viii) and (e) of U.S. note 16")).toEqual([
      "(c)(ii)",
      "(c)(iv)",
      "(c)(vi)",
      "(c)(vii)",
      "(c)(viii)",
    ]);
    expect(expandSubdivisionRefs("subdivision (c)(i) and subdivision (i) of U.S. note 16")).toEqual(["(c)(i)"]);
    expect(expandSubdivisionRefs("subdivision (c) of U.S. note 16")).toEqual([]);
  });
});

describe("shared layout helpers", () => {
  it("reads code-list lines only", () => {
    expect(
      codeListCells("           (iv) Derivative steel articles:        7307.22.50    7307.23.00")?.map((c) => c.code),
    ).toEqual(["73072250", "73072300"]);
    expect(codeListCells("     (1) 8541.42.00")?.map((c) => c.code)).toEqual(["85414200"]);
    expect(codeListCells("         9903.01.25 and 9903.01.35 shall not apply")).toBeUndefined();
    expect(codeListCells("                   9802.00.40  9903.01.63")?.map((c) => c.code)).toEqual(["98020040"]);
    expect(codeListCells("")).toBeUndefined();
  });

  it("falls back to line order when a column's runs do not match the lists on the page", () => {
    const items: LayoutItem[] = [
      { kind: "title", line: 1, section: 0 },
      {
        kind: "cells",
        line: 2,
        cells: [
          { col: 10, code: "7601" },
          { col: 20, code: "7604" },
        ],
      },
      { kind: "cells", line: 3, cells: [{ col: 10, code: "7605" }] },
      { kind: "title", line: 4, section: 1 },
      { kind: "cells", line: 5, cells: [{ col: 10, code: "7406" }] },
      { kind: "page", line: 6 },
      { kind: "cells", line: 7, cells: [{ col: 10, code: "7407" }] },
    ];
    const placed = assignSections(items);
    expect(placed.map((p) => `${p.code}:${p.section}`)).toEqual(["7601:0", "7605:0", "7406:1", "7604:0", "7407:1"]);
  });

  it("parses particular-article lists, one entry per code named", () => {
    const lines = [
      "(1) Acai (classifiable in subheading 2008.99.21);",
      "",
      "(2) Face masks, described in statistical reporting numbers",
      "         6307.90.9870 or 6307.90.9875; and",
      "   12",
    ];
    const e = parseParticularArticles(lines, 100);
    expect(e.map((x) => [x.code, x.line])).toEqual([
      ["20089921", 100],
      ["6307909870", 102],
      ["6307909875", 102],
    ]);
  });

  it("parses country rates and annex rows with descriptions wrapped above or below the code", () => {
    const a1 = parseReciprocalAnnexI(
      "   Countries        Tariff\nExamplia            21%\nOtherland           9%\n\n   1\n",
    );
    expect(a1).toEqual([
      { country: "Examplia", percent: 21, line: 2 },
      { country: "Otherland", percent: 9, line: 3 },
    ]);
    const a2 = parseReciprocalAnnexII(
      [
        "Note: informational.",
        " HTSUS           Description",
        "                 Widgets of plastics, wrapped over",
        " 39269099        two lines",
        " 84713001        Portable machines, weighing not more than",
        "                 10 kg",
        "                                   1",
        "HTSUS      Description",
        "85171300   Smartphones",
      ].join("\n"),
    );
    expect(a2.entries.map((e) => [e.code, e.line, e.text])).toEqual([
      ["39269099", 4, "Widgets of plastics, wrapped over two lines"],
      ["84713001", 5, "Portable machines, weighing not more than 10 kg"],
      ["85171300", 9, "Smartphones"],
    ]);
  });
});
