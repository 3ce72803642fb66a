import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { SCREENSHOTS, startDashboard, type DashboardHarness } from "../support/dashboardHarness.js";

/**
 * The China side of the dashboard in Debian's Chromium: the Overview's two-way chart (US on China, China on the US,
 * both sides' events) and the "Into China" product page (China's stack on a US export). Screenshots at desktop and
 * 390 px go to test-output/screenshots/.
 */

let h: DashboardHarness;
const open = (path: string, width: number): Promise<Page> => h.open(path, width);

beforeAll(async () => {
  h = await startDashboard();
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe("China on the dashboard", () => {
  it("overview: the two-way chart marks China's events, listed with their measures", async () => {
    const cn = (await (await fetch(`${h.server.url}/api/cn/average?origin=US&weights=piie-2017`)).json()) as {
      steps: { from: string }[];
    };
    for (const width of [1280, 390]) {
      const page = await open("/?origin=CN", width);
      await page.locator('[data-testid="two-way-chart"] svg').waitFor({ timeout: 180_000 });
      expect(await page.locator('[data-testid="cn-steps-table"] tbody tr').count()).toBe(cn.steps.length - 1);
      // No sideways scrolling at phone width.
      expect(await page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")).toBeLessThanOrEqual(1);
      await page
        .locator('[data-testid="two-way"]')
        .screenshot({ path: join(SCREENSHOTS, `china-two-way-${width}.png`) });
      await page.close();
    }
  });
  it("into China: soybeans on 2025-04-15 total 165.5% with each layer", async () => {
    for (const width of [1280, 390]) {
      const page = await open("/china-product?code=1201.90.10&date=2025-04-15", width);
      await page.locator('[data-testid="cn-total"]').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="cn-total"]').first().textContent()).toMatch(/165\.5/);
      expect(await page.locator('[data-testid="cn-stack"] tbody tr').count()).toBe(5);
      expect(await page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")).toBeLessThanOrEqual(1);
      await page.screenshot({ path: join(SCREENSHOTS, `china-product-${width}.png`), fullPage: true });
      await page.close();
    }
    expect(h.errors).toEqual([]);
  });
});
