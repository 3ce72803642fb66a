import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWeb, startServer, type RunningServer } from "../../src/server/start.js";
import { chromiumInstalled, launchChromium } from "../support/chromium.js";

/**
 * The origins comparison page and the origin selector (issue 13), in Debian's Chromium. Screenshots at desktop and
 * 390 px in test-output/screenshots/.
 */
const SHOTS = join(process.cwd(), "test-output", "screenshots");
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumInstalled()) throw new Error("Chromium is missing (apt-get install -y chromium, or set CHROMIUM_PATH)");
  mkdirSync(SHOTS, { recursive: true });
  if (!(await buildWeb(() => undefined))) throw new Error("the dashboard did not build");
  server = await startServer({ port: 0, sync: false, buildWeb: false, log: () => undefined });
  await server.ledger;
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("origins", () => {
  it("the selector offers every origin with 2024 imports, and the page draws one line per origin", async () => {
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${server.url}/origins?origins=CN,HK`);
      await page.locator('[data-testid="origins-chart"] path[data-origin]').nth(1).waitFor({ timeout: 600_000 });
      expect(await page.locator('[data-testid="origins-chart"] path[data-origin]').count()).toBe(2);
      const options = await page.locator('[data-testid="origin-add"] option').count();
      expect(options).toBeGreaterThanOrEqual(50);
      await page.screenshot({ path: join(SHOTS, `origins-${width}.png`), fullPage: true });
      await page.close();
    }
  }, 900_000);
});
