import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  parseSection338AnnexI,
  parseSection338List,
  parseSection338Note51B,
  parseSection338Note51D,
} from "../../src/sources/section338Annexes.js";
import { repoRoot } from "../support/mirror.js";

const fixture = (name: string): string => readFileSync(join(repoRoot, "test", "fixtures", "s338", name), "utf8");

describe("Section 338 annex readers (hand-written excerpts)", () => {
  it("Annex I: every table row's code, with the annex's rate, wrapped descriptions skipped", () => {
    const l = parseSection338AnnexI(fixture("annex-I-mini.txt"), "annex-I-mini.txt");
    expect(l.entries.map((e) => e.code)).toEqual(["22030000", "22042150", "22071030", "95069925"]);
    expect(l.entries.every((e) => e.granularity === 8 && e.rate === "50%")).toBe(true);
    expect(l.entries[0]!.text).toBe("Beer made from malt");
    expect(l.entries[1]!.line).toBe(8);
  });

  it("Annex II note 51(b): the grid after the heading's sentence, across a page number, up to the next prose", () => {
    const l = parseSection338Note51B(fixture("annex-II-mini.txt"), "annex-II-mini.txt");
    expect(l.heading).toBe("9903.03.12");
    expect(l.entries.map((e) => e.code)).toEqual([
      "22030000",
      "22042150",
      "22071030",
      "95069925",
      "44130000",
      "48041100",
    ]);
    expect(l.source.lines).toEqual([9, 13]);
  });

  it("Annex II note 51(d): the civil aircraft grid up to the closing quotation mark, chapter 98 provisions kept", () => {
    const l = parseSection338Note51D(fixture("annex-II-mini.txt"), "annex-II-mini.txt");
    expect(l.entries.map((e) => e.code)).toEqual([
      "39172100",
      "88021101",
      "88073000",
      "98020040",
      "98180005",
      "98180007",
    ]);
  });

  it("by list id, and refuses a file without the list", () => {
    expect(parseSection338List(fixture("annex-II-mini.txt"), "note51-b", "f").entries).toHaveLength(6);
    expect(() => parseSection338List(fixture("annex-I-mini.txt"), "note51-d", "f")).toThrow(/51\(d\)/);
    expect(() => parseSection338List(fixture("annex-II-mini.txt"), "annex-i", "f")).toThrow(/Product/);
  });
});
