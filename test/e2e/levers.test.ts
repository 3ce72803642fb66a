import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildWeb, startServer, type RunningServer } from "../../src/server/start.js";
import { repoRoot } from "../support/mirror.js";
import { chromiumInstalled, launchChromium, CHROMIUM_PATH } from "../support/chromium.js";

/**
 * The levers' pages in Debian's Chromium against the real server: the Relationship timeline (US average line, rounds,
 * controls; the China-side series said to be unavailable when the API has none), Screening (a name and the Affiliates
 * Rule on the demo ownership file), Commitments. Screenshots at desktop width and at 390 px go to
 * test-output/screenshots/levers-*.png.
 */

const SHOTS = join(repoRoot, "test-output", "screenshots");
let server: RunningServer;
let browser: Browser;
const errors: string[] = [];

async function open(path: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
  await page.goto(server.url + path);
  return page;
}

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS, `levers-${name}.png`), fullPage: true });

/** Nothing wider than the window (no sideways scrolling). */
const noSideways = async (page: Page): Promise<boolean> =>
  (await page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")) as number <= 1;

beforeAll(async () => {
  if (!chromiumInstalled()) throw new Error(`Chromium is missing at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  mkdirSync(SHOTS, { recursive: true });
  if (!(await buildWeb(() => undefined))) throw new Error("the dashboard did not build (run `npm run build:web`)");
  server = await startServer({ port: 0, sync: false, buildWeb: false, log: () => undefined });
  await server.ledger;
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("levers pages", () => {
  for (const [label, width] of [["desktop", 1280], ["phone", 390]] as const) {
    it(`relationship timeline (${label})`, async () => {
      const page = await open("/relationship", width);
      await page.locator('[data-testid="relationship-timeline"] svg').waitFor({ timeout: 120_000 });
      await page.locator('[data-testid="us-average-line"]').waitFor({ timeout: 120_000 });
      // China's side comes from the same server (/api/cn/average): its line is drawn, no "not available" note
      expect((await fetch(`${server.url}/api/cn/average?origin=US`)).status).toBe(200);
      await page.locator('[data-testid="cn-average-line"]').waitFor({ timeout: 120_000 });
      expect(await page.locator('[data-testid="cn-unavailable"]').count()).toBe(0);
      expect(await page.locator('[data-testid="rounds-table"] tbody tr').count()).toBeGreaterThanOrEqual(5);
      expect(await noSideways(page)).toBe(true);
      await shot(page, `relationship-${label}`);
    });
    it(`screening and the Affiliates Rule (${label})`, async () => {
      const page = await open("/screening?name=Da%20Jiang%20Innovations&country=CN", width);
      await page.locator('[data-testid="screen-result"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="screen-result"]').textContent()).toMatch(/DJI/);
      await page.locator('[data-testid="affiliates-go"]').click();
      await page.locator('[data-testid="affiliates-result"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="affiliates-result"]').textContent()).toMatch(/Gamma Components Sdn Bhd55% \(aggregate\)yes/);
      expect(await noSideways(page)).toBe(true);
      await shot(page, `screening-${label}`);
    });
    it(`commitments (${label})`, async () => {
      const page = await open("/commitments", width);
      await page.locator('[data-testid="phase-one-table"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="phase-one-table"]').textContent()).toMatch(/Agriculture/);
      expect(await noSideways(page)).toBe(true);
      await shot(page, `commitments-${label}`);
    });
  }
  it("raised no page errors", () => {
    expect(errors).toEqual([]);
  });
});
