import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/mirror.js";

const run = promisify(execFile);
const cli = async (...args: string[]): Promise<string> =>
  (
    await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: repoRoot,
      env: process.env,
      maxBuffer: 16 * 1024 * 1024,
    })
  ).stdout;

describe("the CLI names products by their readable titles", () => {
  it("stack: the header is the title, not the bare line text", async () => {
    const out = await cli("stack", "6110.20.20.10", "--origin", "CN", "--date", "2025-06-01");
    expect(out.split("\n")[0]).toBe("6110.20.20.10  Sweaters, of cotton, men's");
    const car = await cli("stack", "8703.80.00.20", "--origin", "CN", "--date", "2025-06-01");
    expect(car.split("\n")[0]).toMatch(
      /^8703\.80\.00\.20 {2}Vehicles, with only electric motors for propulsion, .*new$/,
    );
  });

  it("hts show: the title beside the printed description", async () => {
    const out = await cli("hts", "show", "6110.20.20.10");
    expect(out).toContain("6110.20.20.10  Men's (345)");
    expect(out).toContain("title: Sweaters, of cotton, men's");
  });
});
