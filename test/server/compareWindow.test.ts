import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScenarioComparison } from "../../src/analytics/scenarioCompare.js";
import { createServer, type TariffscopeServer } from "../../src/server/app.js";
import { openTariffscope, type Tariffscope } from "../../src/session.js";
import { repoRoot } from "../support/mirror.js";

/**
 * The CLI (`tariffscope compare --json`) and the API the dashboard's Scenarios page calls (`GET /api/compare`) state
 * the window of a scenario difference, and give the same numbers for the same scenario and window, and by default.
 */
const run = promisify(execFile);
let ts: Tariffscope;
let app: TariffscopeServer;

type Compared = Omit<ScenarioComparison, "baseline" | "scenario">;

async function cli(args: string[]): Promise<Compared> {
  const out = await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", "compare", ...args, "--json"], {
    cwd: repoRoot,
    env: process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.stdout) as Compared;
}

async function api(query: string): Promise<Compared> {
  const r = await app.inject({ method: "GET", url: `/api/compare?${query}` });
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  return JSON.parse(r.body) as Compared;
}

const figures = (c: Compared) => ({
  window: c.window,
  meanDeltaPercent: c.meanDeltaPercent,
  largest: c.largest,
  steps: c.steps,
});

beforeAll(async () => {
  ts = await openTariffscope();
  app = await createServer({ ts, webDir: false });
  await app.ready();
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe("scenario difference: the window stated, CLI and API in agreement", () => {
  it("gives the same window and numbers for the same scenario and window", async () => {
    const [fromCli, fromApi] = await Promise.all([
      cli(["--scenario", "threat-100-2025-11-01", "--origin", "CN", "--from", "2025-10-01", "--to", "2025-12-31"]),
      api("scenario=threat-100-2025-11-01&origin=CN&from=2025-10-01&to=2025-12-31"),
    ]);
    expect(fromApi.window).toMatchObject({ from: "2025-10-01", to: "2025-12-31", days: 92 });
    expect(fromApi.window.reviewedThrough).toBe(ts.ledger.reviewedThrough);
    expect(figures(fromCli)).toEqual(figures(fromApi));
    expect(Math.abs(fromApi.meanDeltaPercent)).toBeGreaterThan(0);
  });

  it("defaults to the ledger's coverage in both", async () => {
    const [fromCli, fromApi] = await Promise.all([
      cli(["--scenario", "no-ieepa", "--origin", "CN"]),
      api("scenario=no-ieepa&origin=CN"),
    ]);
    expect(fromApi.window.from).toBe(ts.ledger.coverage.from);
    expect(fromApi.window.to).toBe(ts.ledger.coverage.to);
    expect(figures(fromCli)).toEqual(figures(fromApi));
  });

  it("prints the window in the CLI's text answer", async () => {
    const out = await run(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/main.ts",
        "compare",
        "--scenario",
        "no-ieepa",
        "--origin",
        "CN",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
      ],
      { cwd: repoRoot, env: process.env, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(out.stdout).toContain("window 2026-01-01 → 2026-01-31 (31 days)");
  });
});
