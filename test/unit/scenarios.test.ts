import { describe, expect, it } from "vitest";
import { DataFileError } from "../../src/common/errors.js";
import { listShippedScenarios, loadScenario, parseScenario } from "../../src/analytics/scenarios.js";

const GOOD = `name: test
description: a test scenario
source: { title: "a test" }
edits:
  - remove: { authority: ieepa-fentanyl }
`;

function errorOf(text: string): DataFileError {
  try {
    parseScenario(text, "t.yaml");
  } catch (e) {
    return e as DataFileError;
  }
  throw new Error("expected an error");
}

describe("scenario files", () => {
  it("parse when valid", () => {
    expect(parseScenario(GOOD, "t.yaml").edits).toHaveLength(1);
  });
  it("name the line of an unknown field", () => {
    const e = errorOf(GOOD.replace("edits:", "colour: red\nedits:"));
    expect(e.message).toMatch(/t\.yaml at line \d+/);
    expect(e.message).toMatch(/colour/);
  });
  it("name the line of an impossible window", () => {
    const text = `${GOOD}  - setWindow: { target: { heading: "9903.01.24" }, window: { from: "2025-06-01", to: "2025-01-01" } }\n`;
    const e = errorOf(text);
    expect(e.message).toMatch(/line 6/);
  });
  it("reject an impossible rate and an unknown authority", () => {
    expect(errorOf(`${GOOD}  - setRate: { target: { heading: "9903.01.24" }, rate: { addOn: -5 } }\n`).message).toMatch(/line 6/);
    expect(errorOf(GOOD.replace("ieepa-fentanyl", "ieepa-bogus")).message).toMatch(/line 5/);
  });
  it("reject malformed YAML and oversized text", () => {
    expect(errorOf("name: [unclosed\n").code).toBe("UNPARSEABLE_SCENARIO");
    expect(errorOf(`description: "${"x".repeat(70_000)}"`).code).toBe("SCENARIO_TOO_LARGE");
  });
  it("ships the documented examples and refuses path tricks by name", () => {
    expect(listShippedScenarios()).toEqual(["busan-truce-lapses-2026-11-10", "no-ieepa", "threat-100-2025-11-01"]);
    expect(() => loadScenario("../package")).toThrow(/not a shipped scenario/);
  });
});
