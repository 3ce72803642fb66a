/**
 * Chapter 99 text and footnote parsing against the real USITC editions of the mirror. Every fact asserted here was
 * first checked against the JSON (see the comments); counts are printed for the record.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { readHtsArchive, type HtsRawRow } from "../../src/sources/htsArchive.js";
import {
  normalizeDescriptionForDiff,
  parseHeadingDescription,
  type HeadingText,
} from "../../src/sources/chapter99Text.js";
import { expandHeadingRange, parseFootnote, type FootnoteRef } from "../../src/sources/footnoteRefs.js";
import { mirrorFile } from "../support/mirror.js";

const EDITIONS = [
  "2025_basic",
  "2025_rev_9",
  "2025_rev_12",
  "2025_rev_18",
  "2025_rev_26",
  "2025_rev_27",
  "2026_rev_9",
  "2026_rev_10",
] as const;
type EditionId = (typeof EDITIONS)[number];
const WITH_IEEPA = EDITIONS.filter((id) => id !== "2025_basic");

const archives = new Map<EditionId, HtsRawRow[]>();

beforeAll(async () => {
  for (const id of EDITIONS) archives.set(id, await readHtsArchive(mirrorFile(`us/hts/hts_${id}.json.gz`)));
});

function rows(id: EditionId): HtsRawRow[] {
  const r = archives.get(id);
  if (!r) throw new Error(`edition ${id} not loaded`);
  return r;
}

function heading(id: EditionId, code: string): HeadingText | undefined {
  const row = rows(id).find((r) => r.htsno === code);
  return row ? parseHeadingDescription(row.description) : undefined;
}

function mustHeading(id: EditionId, code: string): HeadingText {
  const h = heading(id, code);
  if (!h) throw new Error(`${code} missing from ${id}`);
  return h;
}

function span(from: string, to: string): string[] {
  return expandHeadingRange(from, to) ?? [];
}

/** Rows of chapters 01–97 (rows without a code belong to the chapter of the last coded row). */
function* productRows(id: EditionId): Generator<HtsRawRow> {
  let chapter = 0;
  for (const row of rows(id)) {
    if (row.htsno) chapter = Number(row.htsno.slice(0, 2));
    if (chapter >= 1 && chapter <= 97) yield row;
  }
}

describe("IEEPA headings", () => {
  it("9903.01.24 (fentanyl) covers China and Hong Kong, not Macau, and excepts 9903.01.21–.23", () => {
    expect(heading("2025_basic", "9903.01.24")).toBeUndefined(); // added in 2025 rev 3
    for (const id of WITH_IEEPA) {
      const h = mustHeading(id, "9903.01.24");
      expect(h.countryScope.countries, id).toEqual(["CN", "HK"]);
      expect(h.countryScope.anyCountry, id).toBe(false);
      expect(h.exceptHeadings, id).toEqual(["9903.01.21", "9903.01.22", "9903.01.23"]);
      expect(h.noteRefs, id).toContain("U.S. note 2(u)");
    }
  });

  it("9903.01.63 (Phase 1 China) covers China, Hong Kong and Macau", () => {
    for (const id of WITH_IEEPA)
      expect(mustHeading(id, "9903.01.63").countryScope.countries, id).toEqual(["CN", "HK", "MO"]);
  });

  it("9903.01.25 (reciprocal) covers any country and excepts 9903.01.26–.34 plus the headings each revision adds", () => {
    const base = span("9903.01.26", "9903.01.33");
    // Texts checked edition by edition: the exception list grows with Phase 2 (9903.02.xx) and aircraft (9903.96.xx).
    const expected: Record<Exclude<EditionId, "2025_basic">, string[]> = {
      "2025_rev_9": [...base, "9903.01.34", "9903.01.63"],
      "2025_rev_12": [...base, "9903.01.34"],
      "2025_rev_18": [...base, ...span("9903.02.02", "9903.02.71"), "9903.96.01", "9903.01.34", "9903.02.01"],
      "2025_rev_26": [
        ...base,
        ...span("9903.02.02", "9903.02.77"),
        "9903.96.01",
        "9903.96.02",
        "9903.01.34",
        "9903.02.01",
      ],
      "2025_rev_27": [
        ...base,
        ...span("9903.02.02", "9903.02.77"),
        "9903.96.01",
        "9903.96.02",
        "9903.01.34",
        "9903.02.01",
      ],
      "2026_rev_9": [
        ...base,
        ...span("9903.02.02", "9903.02.91"),
        "9903.96.01",
        "9903.96.02",
        "9903.01.34",
        "9903.02.01",
      ],
      "2026_rev_10": [
        ...base,
        ...span("9903.02.02", "9903.02.91"),
        "9903.96.01",
        "9903.96.02",
        "9903.01.34",
        "9903.02.01",
      ],
    };
    for (const id of WITH_IEEPA) {
      const h = mustHeading(id, "9903.01.25");
      expect(h.countryScope.anyCountry, id).toBe(true);
      expect(h.exceptHeadings, id).toEqual(expected[id as keyof typeof expected]);
      expect(h.exceptHeadings, id).toEqual(expect.arrayContaining(span("9903.01.26", "9903.01.34")));
    }
  });

  it("9903.01.25 in 2025 rev 9 carves out China (HK, MO) entered from April 10, 2025", () => {
    const h = mustHeading("2025_rev_9", "9903.01.25");
    expect(h.countryScope.excluding?.countries).toEqual(["CN", "HK", "MO"]);
    expect(h.windows).toEqual([
      expect.objectContaining({ kind: "entry", exception: true, from: "2025-04-10", notLoadedBefore: "2025-04-10" }),
    ]);
    expect(mustHeading("2025_rev_12", "9903.01.25").countryScope.excluding).toBeUndefined();
  });

  it("9903.01.63 is 'suspended' from 2025 rev 12 and never 'terminated' (the other Phase 1 rates are, from rev 18)", () => {
    // Checked in the JSON: .63 carries "[Compiler's note: provision suspended.]" from rev 12, with "See 90 Fed. Reg.
    // 50729." from 2026 Basic, and no termination note through 2026 rev 10. Rev 18 terminated the other Phase 1 rates.
    expect(mustHeading("2025_rev_9", "9903.01.63").compilerNotes).toEqual([]);
    for (const id of ["2025_rev_12", "2025_rev_18", "2025_rev_26", "2025_rev_27"] as const) {
      expect(mustHeading(id, "9903.01.63").compilerNotes, id).toEqual([
        { status: "suspended", text: "Compiler's note: provision suspended." },
      ]);
    }
    for (const id of ["2026_rev_9", "2026_rev_10"] as const) {
      expect(mustHeading(id, "9903.01.63").compilerNotes, id).toEqual([
        expect.objectContaining({ status: "suspended", fedReg: "90 Fed. Reg. 50729" }),
      ]);
    }
    for (const id of WITH_IEEPA) {
      expect(
        mustHeading(id, "9903.01.63").compilerNotes.some((n) => n.status === "terminated"),
        id,
      ).toBe(false);
    }
    expect(mustHeading("2025_rev_12", "9903.01.43").compilerNotes.map((n) => n.status)).toEqual(["suspended"]);
    for (const id of ["2025_rev_18", "2025_rev_26", "2025_rev_27", "2026_rev_9", "2026_rev_10"] as const) {
      expect(mustHeading(id, "9903.01.43").compilerNotes, id).toEqual([
        expect.objectContaining({ status: "terminated", fedReg: "90 Fed. Reg. 37963" }),
      ]);
    }
  });

  it("Phase 1 and Phase 2 in-transit exceptions carry their dates", () => {
    expect(mustHeading("2025_rev_9", "9903.01.63").windows).toEqual([
      expect.objectContaining({ kind: "in-transit", exception: true, loadedBefore: "2025-04-10" }),
    ]);
    for (const id of ["2025_rev_18", "2025_rev_26", "2026_rev_10"] as const) {
      expect(mustHeading(id, "9903.02.02").windows, id).toEqual([
        expect.objectContaining({
          kind: "in-transit",
          exception: true,
          loadedBefore: "2025-08-07",
          enteredBefore: "2025-10-05",
        }),
      ]);
    }
  });

  it("placeholders: [Insert EO number] (9903.02.01), 7 days after the EO (9903.01.77), [ ] until 2026 rev 9 (9903.94.31)", () => {
    for (const id of ["2025_rev_18", "2025_rev_26", "2026_rev_10"] as const) {
      expect(mustHeading(id, "9903.02.01").placeholders, id).toEqual(["[Insert EO number]"]);
      expect(mustHeading(id, "9903.01.77").placeholders, id).toEqual(["7 days after the date of the executive order"]);
    }
    for (const id of ["2025_rev_18", "2025_rev_26", "2025_rev_27"] as const) {
      const h = mustHeading(id, "9903.94.31");
      expect(h.placeholders, id).toEqual(["[ ]"]);
      expect(h.windows[0]?.unresolved, id).toEqual(["[ ]"]);
    }
    for (const id of ["2026_rev_9", "2026_rev_10"] as const) {
      const h = mustHeading(id, "9903.94.31");
      expect(h.placeholders, id).toEqual([]);
      expect(h.windows[0]?.from, id).toBe("2025-06-30");
    }
  });
});

describe("Section 301 headings", () => {
  it("the 2024 four-year-review and exclusion headings carry their stated windows", () => {
    for (const id of EDITIONS)
      expect(mustHeading(id, "9903.91.01").windows[0], id).toMatchObject({ kind: "entry", from: "2024-09-27" });
    expect(mustHeading("2025_basic", "9903.91.04").windows[0]).toMatchObject({ from: "2025-01-01", to: "2026-01-01" });
    // 9903.88.69: "through May 31, 2025" in 2025 Basic, extended to "through November 9, 2026" by rev 31.
    expect(mustHeading("2025_basic", "9903.88.69").windows[0]).toMatchObject({ from: "2024-06-15", to: "2025-06-01" });
    expect(mustHeading("2026_rev_10", "9903.88.69").windows[0]).toMatchObject({ from: "2024-06-15", to: "2026-11-10" });
  });
});

describe("chapter 99 catalogue", () => {
  it("parses every 9903 description of every edition; counts", () => {
    const lines: string[] = [];
    for (const id of EDITIONS) {
      let headings = 0;
      let withWindows = 0;
      let withNotes = 0;
      let withPlaceholders = 0;
      let withScope = 0;
      const statuses: Record<string, number> = {};
      for (const row of rows(id)) {
        if (!row.htsno.startsWith("9903")) continue;
        const h = parseHeadingDescription(row.description);
        headings++;
        if (h.windows.length > 0) withWindows++;
        if (h.compilerNotes.length > 0) withNotes++;
        if (h.placeholders.length > 0) withPlaceholders++;
        if (h.countryScope.anyCountry || h.countryScope.countries.length > 0 || h.countryScope.note) withScope++;
        for (const n of h.compilerNotes) statuses[n.status] = (statuses[n.status] ?? 0) + 1;
        // Every stated date is kept: a window has a date or says which placeholder stands for it.
        for (const w of h.windows) {
          const dated = [w.from, w.to, w.loadedBefore, w.notLoadedBefore, w.contractBefore, w.admittedBefore].some(
            Boolean,
          );
          expect(dated || w.unresolved.length > 0, `${id} ${row.htsno} ${w.phrase}`).toBe(true);
          expect(w.kind, `${id} ${row.htsno} ${w.phrase}`).not.toBe("other");
        }
      }
      expect(headings, id).toBeGreaterThan(400);
      expect(withWindows, id).toBeGreaterThan(20);
      lines.push(
        `${id}: ${headings} headings, ${withScope} with a country scope, ${withWindows} with windows, ${withNotes} with compiler's notes ${JSON.stringify(statuses)}, ${withPlaceholders} with placeholders`,
      );
    }
    console.log(`chapter 99 catalogue\n  ${lines.join("\n  ")}`);
  });

  it("2026 rev 9 → rev 10: IEEPA descriptions that differ only by markup normalise equal; real changes stay", () => {
    const before = new Map(rows("2026_rev_9").map((r) => [r.htsno, r.description]));
    let markupOnly = 0;
    const substantive: string[] = [];
    for (const row of rows("2026_rev_10")) {
      const old = before.get(row.htsno);
      if (!row.htsno.startsWith("9903") || old === undefined || old === row.description) continue;
      const stripped = (s: string) =>
        s
          .replace(/<[^>]+>/g, "")
          .replace(/\s+/g, " ")
          .trim();
      const onlyMarkup = stripped(old) === stripped(row.description);
      const equal = normalizeDescriptionForDiff(old) === normalizeDescriptionForDiff(row.description);
      expect(equal, row.htsno).toBe(onlyMarkup);
      if (onlyMarkup && /^9903\.0[123]\./.test(row.htsno)) markupOnly++;
      if (!onlyMarkup) substantive.push(row.htsno);
    }
    // Checked in the JSON: 47 IEEPA headings (9903.01.43–.89, 9903.02.01, .30, .36, .56, .58) differ only by <b> tags.
    expect(markupOnly).toBe(47);
    expect(substantive).toEqual(["9903.82.06", "9903.82.09", "9903.82.15", "9903.82.16"]);
    console.log(
      `2026 rev 9 → rev 10: ${markupOnly} IEEPA descriptions differ only by markup; substantive: ${substantive.join(", ")}`,
    );
  });
});

describe("product-line footnotes (chapters 01–97)", () => {
  const HEADING_TOKEN = /(?<![\d.])9[89]\d{2}\.\d{2}(?:\.\d{2})?(?![\d])/g;
  /** General-column texts that point at no heading and are expected to: notes only, or information. */
  const INFORMATIONAL = /Federal Excise Tax|CBERA beneficiaries|As shown in Pres\. Proc\./;

  function classify(ref: FootnoteRef): "heading" | "note" | "info" | "unparsed" {
    if (ref.headings.length > 0 || ref.headingPrefixes.length > 0) return "heading";
    if (ref.notes.length > 0) return "note";
    if (INFORMATIONAL.test(ref.text)) return "info";
    return "unparsed";
  }

  it("every General-column footnote parses to a heading, a prefix, or (listed) a note-only or informational text", () => {
    const failures = new Set<string>();
    const lines: string[] = [];
    for (const id of EDITIONS) {
      const counts = { total: 0, heading: 0, note: 0, info: 0, unparsed: 0 };
      const distinct = new Set<string>();
      for (const row of productRows(id)) {
        for (const fn of row.footnotes) {
          const ref = parseFootnote(fn);
          if (!ref.columns.includes("general")) continue;
          counts.total++;
          distinct.add(ref.text);
          const kind = classify(ref);
          counts[kind]++;
          if (kind === "unparsed") failures.add(`${id} ${row.htsno}: ${JSON.stringify(fn.value)}`);
          // No Chapter 98/99 code written in the text may be lost.
          for (const m of ref.text.matchAll(HEADING_TOKEN)) {
            const code = m[0];
            const known = code.length === 7 ? ref.headingPrefixes.includes(code) : ref.headings.includes(code);
            if (!known) failures.add(`${id} ${row.htsno}: ${code} not parsed from ${JSON.stringify(fn.value)}`);
          }
        }
      }
      lines.push(
        `${id}: ${counts.total} General-column footnotes (${distinct.size} distinct texts): ${counts.heading} → heading/prefix, ${counts.note} → notes only, ${counts.info} informational`,
      );
    }
    console.log(`footnotes\n  ${lines.join("\n  ")}`);
    expect([...failures]).toEqual([]);
  });

  it("the 9903.88.04 partial-coverage footnote sits on 2931.90.90 and four of its statistical lines", () => {
    const lines: string[] = [];
    for (const id of EDITIONS) {
      const found: string[] = [];
      for (const row of productRows(id)) {
        for (const fn of row.footnotes) {
          const ref = parseFootnote(fn);
          if (!ref.partialCoverage) continue;
          expect(ref.headings, `${id} ${row.htsno}`).toEqual(["9903.88.04"]);
          found.push(`${row.htsno}(${ref.column})`);
        }
      }
      // Checked in the JSON: the General column of 2931.90.90 and the Desc column of .10, .21, .25, .29, in every edition.
      expect(found, id).toEqual([
        "2931.90.90(general)",
        "2931.90.90.10(desc)",
        "2931.90.90.21(desc)",
        "2931.90.90.25(desc)",
        "2931.90.90.29(desc)",
      ]);
      lines.push(`${id}: ${found.length}`);
    }
    console.log(`partial-coverage footnotes: ${lines.join(", ")}`);
  });

  it("Desc-column 301 footnotes point to 9903.88.04/.69/.70 and Other-column ones to 9903.90.08/.09", () => {
    // ("See 9903.88.15." also occurs with columns [desc, general]; its primary column is then General.)
    for (const id of ["2025_basic", "2026_rev_10"] as const) {
      const desc = new Set<string>();
      const other = new Set<string>();
      for (const row of productRows(id)) {
        for (const fn of row.footnotes) {
          const ref = parseFootnote(fn);
          if (ref.column === "desc") ref.headings.filter((h) => h.startsWith("9903.88")).forEach((h) => desc.add(h));
          if (ref.column === "other") ref.headings.forEach((h) => other.add(h));
        }
      }
      expect([...desc].sort(), id).toEqual(["9903.88.04", "9903.88.69", "9903.88.70"]);
      expect([...other].sort(), id).toEqual(["9903.90.08", "9903.90.09"]);
    }
  });
});
