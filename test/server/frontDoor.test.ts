import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario } from "../../src/analytics/scenarios.js";
import { stackJson } from "../../src/engine/stackJson.js";
import { createServer, type TariffscopeServer } from "../../src/server/app.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { repoRoot } from "../support/mirror.js";

/**
 * One front door: the library, the CLI (--json) and the API answer the same request identically, including under
 * scenarios that switch the legal view, add a measure and remove an authority (the audit found 54% from the CLI and
 * 24% from the API for the same view-switching scenario).
 */
const run = promisify(execFile);
const SCENARIOS: Record<string, string> = {
  "switch-view": `name: Adjudicated view (test)
description: Evaluates the ledger as adjudicated.
source: { title: "Test fixture" }
view: adjudicated
edits:
  - setRate: { target: { heading: "9903.88.15" }, rate: { addOn: 7.5 } }
`,
  "add-measure": `name: Plus 30 on knitwear (test)
description: Adds a 30% layer on sweaters of cotton.
source: { title: "Test fixture" }
edits:
  - add:
      id: test.knit-30
      authority: ieepa-other
      program: test-knit
      heading: "9903.01.98"
      role: duty
      origins: [CN]
      products: { codes: ["6110.20"] }
      rate: { addOn: 30 }
      window: { from: "2025-01-01" }
      status: announced
      instrument: { kind: EO, id: "Test", title: "Test measure", url: "https://example.org/test" }
      sources: [{ file: test, where: fixture }]
`,
  "remove-authority": `name: No reciprocal (test)
description: Removes the reciprocal tariff.
source: { title: "Test fixture" }
edits:
  - remove: { authority: ieepa-reciprocal }
`,
};
let ts: Tariffscope;
let app: TariffscopeServer;
let dir: string;

beforeAll(async () => {
  ts = await openTariffscope();
  dir = mkdtempSync(join(tmpdir(), "tariffscope-frontdoor-"));
  for (const [name, text] of Object.entries(SCENARIOS)) writeFileSync(join(dir, `${name}.yaml`), text);
  app = await createServer({ ts, webDir: false, scenariosDir: dir, seriesThreads: 0 });
  await app.ready();
}, 300_000);
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = async (...args: string[]): Promise<unknown> => {
  const r = await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args, "--json"], { cwd: repoRoot, env: process.env, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(r.stdout);
};
const api = async (url: string): Promise<unknown> => {
  const r = await app.inject({ method: "GET", url });
  expect(r.statusCode, r.body.slice(0, 400)).toBe(200);
  return JSON.parse(r.body);
};

describe("library, CLI and API give identical answers", () => {
  it.each(Object.keys(SCENARIOS))("stack of a sweater on 2025-06-01 under the scenario %s", async (name) => {
    const file = join(dir, `${name}.yaml`);
    const lib = stackJson(ts.withScenarios([await loadScenario(file, { allowPaths: true })]).stack({ hts: "6110.20.20.10", origin: "CN", date: "2025-06-01" }));
    const fromApi = await api(`/api/stack?hts=6110.20.20.10&origin=CN&date=2025-06-01&scenario=${name}`);
    const fromCli = await cli("stack", "6110.20.20.10", "--origin", "CN", "--date", "2025-06-01", "--scenario", file);
    expect(fromApi).toEqual(lib);
    expect(fromCli).toEqual(lib);
    if (name === "switch-view") expect((lib as { view: string }).view).toBe("adjudicated");
  }, 120_000);

  it("the view-switching scenario: the same average on a day from the library and the API", async () => {
    const file = join(dir, "switch-view.yaml");
    const lib = await ts.withScenarios([await loadScenario(file, { allowPaths: true })]).average({ origin: "CN", from: "2025-06-01", to: "2025-06-01" });
    const fromApi = (await api("/api/average?origin=CN&from=2025-06-01&to=2025-06-01&scenario=switch-view")) as typeof lib;
    expect(fromApi.rows).toEqual(lib.rows);
    expect(fromApi.view).toBe("adjudicated");
  }, 120_000);
});
