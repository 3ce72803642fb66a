import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/mirror.js";

/**
 * The command line's contract on bad input: every refusal is one line naming the option or argument at fault (with
 * suggestions where there are any), exit code 2, and never a stack trace; `chart --json` prints the data drawn.
 */

const exec = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "tariffscope-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A refusal: exit 2, the error code and the field in the one line, no stack frames. */
function expectRefusal(r: { code: number; stderr: string }, code: string, field: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain(`error [${code}]`);
  expect(r.stderr).toMatch(field);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe("tariffscope CLI on bad input", () => {
  it("ledger measures --authority nope: names the option, lists the authorities and suggests the nearest", async () => {
    const r = await cli("ledger", "measures", "--authority", "s30");
    expectRefusal(r, "UNKNOWN_AUTHORITY", /--authority: "s30" is not an authority/);
    expect(r.stderr).toMatch(/Did you mean: s301/);
    const ok = await cli("ledger", "measures", "--authority", "s122", "--json");
    expect(ok.code).toBe(0);
    const measures = JSON.parse(ok.stdout) as { authority: string }[];
    expect(measures.length).toBeGreaterThan(0);
    expect(new Set(measures.map((m) => m.authority))).toEqual(new Set(["s122"]));
  });

  it("chart --out in a missing folder is refused before anything is computed", async () => {
    const r = await cli("chart", "--origin", "CN", "--out", join(work, "no", "such", "dir", "c.png"));
    expectRefusal(r, "BAD_OPTION", /--out: folder .* does not exist/);
    expectRefusal(await cli("chart", "--origin", "CN"), "MISSING_OPTION", /--out/);
  });

  it("chart --json prints the data the picture draws, day by day, adding up to the average", async () => {
    const range = ["--origin", "CN", "--from", "2025-03-01", "--to", "2025-04-30"];
    const chart = await cli("chart", ...range, "--json");
    expect(chart.code, chart.stderr).toBe(0);
    const data = JSON.parse(chart.stdout) as { values: { date: string; percent: number }[]; events: unknown[] };
    const avg = await cli("average", ...range, "--json");
    const series = JSON.parse(avg.stdout) as { rows: { date: string; totalPercent: number }[] };
    expect(series.rows).toHaveLength(61);
    for (const row of series.rows) {
      const drawn = data.values.filter((v) => v.date === row.date).reduce((a, v) => a + v.percent, 0);
      expect(drawn, row.date).toBeCloseTo(row.totalPercent, 4);
    }
    expect(data.events.length).toBeGreaterThan(0);
  });

  it("a Chapter 98 code is named as a provision by hts show, and refused as a product by stack", async () => {
    const show = await cli("hts", "show", "9802.00.80", "--json");
    expect(show.code, show.stderr).toBe(0);
    const line = JSON.parse(show.stdout) as { specialChapter: { chapter: string; note: string } | null; source: { file: string } };
    expect(line.specialChapter?.chapter).toBe("98");
    expect(line.specialChapter?.note).toMatch(/9802\.00\.80 is a Chapter 98 provision/);
    expect(line.source.file).toMatch(/^us\/hts\/hts_\d{4}_\w+\.json\.gz$/);
    const stack = await cli("stack", "9802.00.80.40", "--origin", "CN", "--date", "2025-06-01");
    expectRefusal(stack, "CHAPTER_98_CODE", /hts: 9802\.00\.80\.40 is a Chapter 98 provision.*chapter98=true/);
    const product = JSON.parse((await cli("hts", "show", "8703.80.00", "--json")).stdout) as { specialChapter: unknown };
    expect(product.specialChapter).toBeNull();
  });

  it("a scenario file with an alias bomb or a dangling alias is refused naming the file and line", async () => {
    const file = join(work, "bomb.yaml");
    const rows = ["name: bomb", "description: x", "source: { title: t }", 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++) rows.push(`${"bcdefgh"[i - 1]}: &${"bcdefgh"[i - 1]} [${Array(10).fill(`*${"abcdefgh"[i - 1]}`).join(",")}]`);
    writeFileSync(file, `${rows.join("\n")}\nedits: []\n`);
    const r = await cli("stack", "8703.80.00", "--origin", "CN", "--date", "2025-06-01", "--scenario", file);
    expectRefusal(r, "UNPARSEABLE_SCENARIO", /bomb\.yaml at line \d+, column \d+: invalid YAML: aliases expand the document/);
    writeFileSync(file, "name: x\ndescription: *nowhere\n");
    const dangling = await cli("stack", "8703.80.00", "--origin", "CN", "--date", "2025-06-01", "--scenario", file);
    expectRefusal(dangling, "UNPARSEABLE_SCENARIO", /line 2, column 14: invalid YAML: alias \*nowhere has no anchor/);
  });
});
