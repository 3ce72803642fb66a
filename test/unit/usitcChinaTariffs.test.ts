import { describe, expect, it } from "vitest";
import { parseUsitcChinaTariffs } from "../../src/sources/usitcChinaTariffs.js";

const TEXT = [
  "                                               China Tariffs",
  "For reference, heading 9903.88.01 became effective on July 6, 2018, heading 9903.88.02 became",
  " Harmonized Tariff Schedule 8-digit Subheading         Applicable subchapter III, chapter 99 Heading",
  " 0101.21.00                                            9903.88.15",
  "8401.10.00                                      9903.88.01",
  "  8703.80.00    9903.88.01",
  "9403.60.80 9903.88.03 footnote text",
].join("\n");

describe("USITC 'China Tariffs' table reader", () => {
  it("groups the 'subheading  heading' rows by heading, with their source lines; prose lines are not rows", () => {
    const byHeading = parseUsitcChinaTariffs(TEXT, "table.txt");
    expect([...byHeading.keys()].sort()).toEqual(["9903.88.01", "9903.88.15"]);
    expect(byHeading.get("9903.88.01")!.entries.map((e) => [e.code, e.line])).toEqual([
      ["84011000", 5],
      ["87038000", 6],
    ]);
    expect(byHeading.get("9903.88.15")!.entries[0]).toMatchObject({ code: "01012100", granularity: 8, line: 4 });
  });
  it("a text without rows is an error, not an empty list", () => {
    expect(() => parseUsitcChinaTariffs("no table here\n", "x.txt")).toThrow(/no 'subheading {2}heading' rows/);
  });
});
