import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DataFileError } from "../../src/common/errors.js";
import { parseUtf8JsonNamed, readHtsArchive } from "../../src/sources/htsArchive.js";
import { buildHtsEdition } from "../../src/schedule/htsTree.js";

const dir = mkdtempSync(join(tmpdir(), "tariffscope-archive-"));
const row = (htsno: string, indent: string, description: string, general = "", footnotes: unknown[] = []) => ({
  htsno,
  indent,
  description,
  superior: htsno === "" ? "true" : null,
  units: [],
  general,
  special: "",
  other: "",
  footnotes,
  quotaQuantity: null,
  additionalDuties: null,
  addiitionalDuties: null,
});
const GOOD = [
  row("0101", "0", "Live horses:"),
  row("", "1", "Horses:"),
  row("0101.21.00", "2", "Purebred breeding animals", "Free", [{ columns: ["general"], value: "See 9903.88.15. ", type: "endnote" }]),
  row("0101.21.00.10", "3", "Males"),
  row("0101.21.00.20", "3", "Females"),
  row("0101.29.00.00", "02", "Other", "4.5%"),
  row("0102.10.00", "1", "Compound parent", "1¢/kg + 2%"),
  row("0102.10.00.10", "2", "Stat line under compound parent"),
  row("0102.20.00", "1", "Partial coverage", "5%", [
    {
      columns: ["general"],
      value:
        "Pursuant to U.S. note 20(g) to subchapter III of chapter 99, heading 9903.88.04 covers certain goods of this rate line, as indicated by the footnote; please note that statistical reporting descriptions without a footnote are not covered by that heading.",
      type: "endnote",
    },
  ]),
  row("0102.20.00.10", "2", "Covered", "", [{ columns: ["desc"], value: "See 9903.88.04.", type: "endnote" }]),
  row("0102.20.00.90", "2", "Not covered"),
  row("0103.10.00", "1", "Rated legal line printed without statistical rows", "51¢ each + 6.25% on the case"),
];

function write(name: string, bytes: Buffer | string): string {
  const f = join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

describe("HTS archive reader", () => {
  it("reads a gzipped archive and rebuilds the tree from indent", async () => {
    const rows = await readHtsArchive(write("good.json.gz", gzipSync(JSON.stringify(GOOD))));
    expect(rows).toHaveLength(GOOD.length);
    expect(rows[5]!.indent).toBe(2); // "02" with a leading zero
    const ed = buildHtsEdition("t", "good", rows);
    const leaf = (code: string) => ed.leaves.find((l) => l.code === code)!;
    // statistical lines inherit the 8-digit legal line and its footnote through the blank header row
    expect(leaf("0101210010").legalCode).toBe("01012100");
    expect(leaf("0101210010").chapter99).toEqual(["9903.88.15"]);
    // a legal line printed only as a 10-digit row is its own legal line
    expect(leaf("0101290000").legalCode).toBe("0101290000");
    // a compound-rated parent is the legal line (never an earlier sibling)
    expect(leaf("0102100010").legalCode).toBe("01021000");
    expect(ed.nodes[leaf("0101290000").node]!.parent).toBe(1); // parent is the "Horses:" header
    // partial coverage: only the footnoted statistical line gets 9903.88.04
    expect(leaf("0102200010").chapter99).toEqual(["9903.88.04"]);
    expect(leaf("0102200090").chapter99).toEqual([]);
    // a rated 8-digit line with no statistical row is its own statistical line (suffix 00)
    expect(leaf("0103100000").legalCode).toBe("01031000");
  });

  it("names the file and position of a truncated gzip", async () => {
    const full = gzipSync(JSON.stringify(GOOD));
    const f = write("trunc.json.gz", full.subarray(0, full.length - 40));
    await expect(readHtsArchive(f)).rejects.toThrow(DataFileError);
    await expect(readHtsArchive(f)).rejects.toThrow(/trunc\.json\.gz.*truncated/);
  });

  it("names the file of a corrupt gzip", async () => {
    const full = Buffer.from(gzipSync(JSON.stringify(GOOD)));
    full[20] = full[20]! ^ 0xff;
    full[21] = full[21]! ^ 0xff;
    await expect(readHtsArchive(write("corrupt.json.gz", full))).rejects.toThrow(/corrupt\.json\.gz.*(corrupt|truncated)/);
  });

  it("gives line and column of invalid JSON", async () => {
    const text = JSON.stringify(GOOD, null, 1).replace('"Males"', '"Males",,');
    const err = await readHtsArchive(write("bad.json.gz", gzipSync(text))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).message).toMatch(/bad\.json\.gz at line \d+, column \d+/);
    expect((err as DataFileError).code).toBe("INVALID_JSON");
  });

  it("rejects a row with unexpected types, naming the row and field", async () => {
    const bad = structuredClone(GOOD) as Record<string, unknown>[];
    bad[3]!.indent = { level: 3 };
    await expect(readHtsArchive(write("types.json.gz", gzipSync(JSON.stringify(bad))))).rejects.toThrow(/types\.json\.gz at row 3: field "indent"/);
    const bad2 = structuredClone(GOOD) as Record<string, unknown>[];
    bad2[2]!.general = 12;
    await expect(readHtsArchive(write("types2.json.gz", gzipSync(JSON.stringify(bad2))))).rejects.toThrow(/row 2: field "general"/);
  });

  it("reports a missing file as missing, not as empty", async () => {
    const err = await readHtsArchive(join(dir, "nope.json.gz")).catch((e: unknown) => e);
    expect((err as DataFileError).code).toBe("MISSING_FILE");
    expect((err as DataFileError).message).toMatch(/nope\.json\.gz/);
  });

  it("rejects an archive that is not an array of rows", async () => {
    await expect(readHtsArchive(write("obj.json", JSON.stringify({ rows: [] })))).rejects.toThrow(/JSON array/);
    await expect(readHtsArchive(write("empty.json", "[]"))).rejects.toThrow(/no rows/);
  });
});

describe("UTF-8 JSON read through Latin-1", () => {
  const same = (text: string | Buffer): void => {
    const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
    expect(parseUtf8JsonNamed("x.json", bytes)).toEqual(JSON.parse(bytes.toString("utf8")));
  };
  it("gives the values of a UTF-8 reading: two-byte, three-byte and four-byte characters, nested, in keys and arrays", () => {
    same('[{"general":"4.4¢/kg","description":"Males — of wool ≤ 5%","units":["m²","No."],"n":1.5,"b":true,"x":null}]');
    same('{"é":{"deep":[["naïve","😀 emoji"],"plain"]}}');
    same("[]");
  });
  it("a \\u escape goes through the plain UTF-8 reading (a second decoding would garble it)", () => {
    same('[{"a":"caf\\u00e9 ¢","b":"\\u2014"}]');
    expect(parseUtf8JsonNamed("x.json", Buffer.from('["caf\\u00e9 ¢"]', "utf8"))).toEqual(["café ¢"]);
  });
  it("invalid UTF-8 bytes become U+FFFD as in a UTF-8 reading", () => {
    same(Buffer.concat([Buffer.from('["a'), Buffer.from([0xc3]), Buffer.from('b", "'), Buffer.from([0xff, 0xe2, 0x80]), Buffer.from('"]')]));
  });
  it("a syntax error names the position as the UTF-8 reading does", () => {
    expect(() => parseUtf8JsonNamed("bad.json", Buffer.from('[{"a":"¢",,}]', "utf8"))).toThrow(/bad\.json at line 1, column \d+/);
  });
});
