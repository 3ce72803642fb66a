import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCREENSHOTS, startDashboard, type DashboardHarness } from "../support/dashboardHarness.js";

/**
 * The origins comparison page and the origin selector (issue 13), in Debian's Chromium. Screenshots at desktop and
 * 390 px in test-output/screenshots/.
 */
let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe("origins", () => {
  it("the selector offers every origin with 2024 imports, and the page draws one line per origin", async () => {
    for (const width of [1280, 390]) {
      const page = await h.browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${h.server.url}/origins?origins=CN,HK`);
      await page.locator('[data-testid="origins-chart"] path[data-origin]').nth(1).waitFor({ timeout: 600_000 });
      expect(await page.locator('[data-testid="origins-chart"] path[data-origin]').count()).toBe(2);
      const options = await page.locator('[data-testid="origin-add"] option').count();
      expect(options).toBeGreaterThanOrEqual(50);
      await page.screenshot({ path: join(SCREENSHOTS, `origins-${width}.png`), fullPage: true });
      await page.close();
    }
  }, 900_000);
});
