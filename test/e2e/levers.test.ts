import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { noSideways, startDashboard, type DashboardHarness } from "../support/dashboardHarness.js";

/**
 * The levers' pages in Debian's Chromium against the real server: the Relationship timeline (US average line, rounds,
 * controls; the China-side series drawn from /api/cn/average), Screening (a name and the Affiliates
 * Rule on the demo ownership file), Commitments. Screenshots at desktop width and at 390 px go to
 * test-output/screenshots/levers-*.png.
 */

let h: DashboardHarness;
const open = (path: string, width: number): Promise<Page> => h.open(path, width);

beforeAll(async () => {
  h = await startDashboard();
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe("levers pages", () => {
  for (const [label, width] of [
    ["desktop", 1280],
    ["phone", 390],
  ] as const) {
    it(`relationship timeline (${label})`, async () => {
      const page = await open("/relationship", width);
      await page.locator('[data-testid="relationship-timeline"] svg').waitFor({ timeout: 120_000 });
      await page.locator('[data-testid="us-average-line"]').waitFor({ timeout: 120_000 });
      // China's side comes from the same server (/api/cn/average): its line is drawn, no "not available" note
      expect((await fetch(`${h.server.url}/api/cn/average?origin=US`)).status).toBe(200);
      await page.locator('[data-testid="cn-average-line"]').waitFor({ timeout: 120_000 });
      expect(await page.locator('[data-testid="cn-unavailable"]').count()).toBe(0);
      expect(await page.locator('[data-testid="rounds-table"] tbody tr').count()).toBeGreaterThanOrEqual(5);
      expect(await noSideways(page)).toBe(true);
      await h.shot(page, `levers-relationship-${label}`);
    });
    it(`screening and the Affiliates Rule (${label})`, async () => {
      const page = await open("/screening?name=Da%20Jiang%20Innovations&country=CN", width);
      await page.locator('[data-testid="screen-result"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="screen-result"]').textContent()).toMatch(/DJI/);
      await page.locator('[data-testid="affiliates-go"]').click();
      await page.locator('[data-testid="affiliates-result"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="affiliates-result"]').textContent()).toMatch(
        /Gamma Components Sdn Bhd55% \(aggregate\)yes/,
      );
      expect(await noSideways(page)).toBe(true);
      await h.shot(page, `levers-screening-${label}`);
    });
    it(`commitments (${label})`, async () => {
      const page = await open("/commitments", width);
      await page.locator('[data-testid="phase-one-table"]').waitFor({ timeout: 60_000 });
      expect(await page.locator('[data-testid="phase-one-table"]').textContent()).toMatch(/Agriculture/);
      expect(await noSideways(page)).toBe(true);
      await h.shot(page, `levers-commitments-${label}`);
    });
  }
  it("raised no page errors", () => {
    expect(h.errors).toEqual([]);
  });
});
