import { describe, expect, it } from "vitest";
import { DataFileError } from "../../src/common/errors.js";
import { MAX_YAML_DEPTH, YamlSource } from "../../src/common/yamlSource.js";
import { parseScenario } from "../../src/analytics/scenarios.js";

/**
 * The structure check every YAML file of ours goes through (ledger files, the precedence table, scenarios): unique
 * scalar keys, no merge keys, bounded nesting, aliases that name an earlier anchor, never their own node, and expand
 * to a bounded size. Every refusal is a DataFileError naming the file and line, never a crash.
 */

function refusal(text: string): DataFileError {
  try {
    new YamlSource("t.yaml", text, "BAD_TEST", "BAD_TEST_SYNTAX");
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    return e as DataFileError;
  }
  throw new Error(`expected a refusal of ${text.slice(0, 60)}`);
}

const SCENARIO = `name: aliases
description: the same target twice, by alias
source: { title: test }
edits:
  - remove: &fentanyl { authority: ieepa-fentanyl }
  - suspend: *fentanyl
`;

describe("YAML structure", () => {
  it("accepts an alias to an earlier anchor and expands it", () => {
    const sc = parseScenario(SCENARIO, "t.yaml");
    expect(sc.edits).toEqual([{ remove: { authority: "ieepa-fentanyl" } }, { suspend: { authority: "ieepa-fentanyl" } }]);
  });

  it("refuses an alias without an anchor, and one inside its own node, naming the line", () => {
    const missing = refusal("a: 1\nb: *nowhere\n");
    expect(missing.code).toBe("BAD_TEST_SYNTAX");
    expect(missing.message).toMatch(/t\.yaml at line 2, column 4: .*alias \*nowhere has no anchor/);
    expect(refusal("a: 1\nb: &loop [1, *loop]\n").message).toMatch(/line 2.*\*loop refers to the node that contains it/);
  });

  it("refuses an alias bomb at the alias that crosses the limit", () => {
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      rows.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(",")}]`);
    }
    const e = refusal(rows.join("\n") + "\n");
    expect(e.message).toMatch(/aliases expand the document beyond \d+ nodes/);
    expect(e.message).toMatch(/line [4-9]/);
  });

  it("refuses duplicate keys naming both lines, in one pass over 7,000 keys", () => {
    const keys = Array.from({ length: 7000 }, (_, i) => `k${i}: ${i}`);
    keys.push("k17: again");
    const e = refusal(keys.join("\n") + "\n");
    expect(e.message).toMatch(/at line 7001, column 1: invalid YAML: duplicate key "k17" \(first at line 18\)/);
  });

  it("refuses merge keys and complex keys", () => {
    expect(refusal("base: &b { x: 1 }\nother:\n  <<: *b\n  y: 2\n").message).toMatch(/line 3.*merge keys/);
    expect(refusal("? [a, b]\n: 1\n").message).toMatch(/line 1.*a key must be a plain value/);
  });

  it("refuses nesting deeper than the limit, and nesting the parser cannot follow", () => {
    const deep = "[".repeat(MAX_YAML_DEPTH + 1) + "]".repeat(MAX_YAML_DEPTH + 1);
    expect(refusal(deep).message).toMatch(/nesting deeper than 64 levels/);
    expect(refusal("[".repeat(30_000) + "]".repeat(30_000)).message).toMatch(/line 1.*nesting deeper/);
  });

  it("lists at most five unknown fields of a scenario", () => {
    const extra = Array.from({ length: 7000 }, (_, i) => `k${i}: 1`).join("\n");
    const text = `${SCENARIO}${extra}\n`;
    try {
      parseScenario(text, "t.yaml");
      throw new Error("expected a refusal");
    } catch (e) {
      expect((e as DataFileError).code).toBe("BAD_SCENARIO");
      expect((e as Error).message).toMatch(/line 7: \(document\): unknown field\(s\) k0, k1, k2, k3, k4 \(and 6995 more\)$/);
    }
  });

  it("holds a JSON body to a JSON object", () => {
    expect(() => parseScenario("name: x\n", "body", { format: "json" })).toThrow(/not a JSON object/);
    expect(() => parseScenario("[1, 2]", "body")).toThrow(/a scenario is a mapping/);
  });
});
