import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { repoRoot } from "../support/mirror.js";
import { SCREENSHOTS, startDashboard, type DashboardHarness } from "../support/dashboardHarness.js";

/** The Refunds page in Debian's Chromium: upload the hand-computed entry file, watch the job, read the book, delete it. */

let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
}, 300_000);
afterAll(async () => {
  await h?.close();
});

async function run(width: number): Promise<Page> {
  const page = await h.open("/refunds", width);
  await page
    .locator('[data-testid="entry-file"]')
    .setInputFiles(join(repoRoot, "test/fixtures/entries/refund-cases.csv"));
  await page.locator('input[type="date"]').fill("2026-04-15");
  await page.locator('[data-testid="upload"]').click();
  await page.locator('[data-testid="refund-cards"]').waitFor({ timeout: 120_000 });
  expect(h.errors).toEqual([]);
  return page;
}

describe("Refunds page", () => {
  it("upload → summary with the chart by month, the rejections with reasons, downloads; delete removes it (desktop)", async () => {
    const page = await run(1280);
    expect(await page.locator('[data-testid="refund-cards"]').textContent()).toContain("$4,875.00");
    expect(await page.locator('[data-testid="month-chart"] rect').count()).toBe(4); // 2 months × refund + interest
    const reasons = await page.locator('[data-testid="reasons"] tbody tr').allTextContents();
    expect(reasons.join("\n")).toMatch(/j:past-80-days/);
    // the table renders after the cards: wait for it rather than count once
    await expect.poll(() => page.locator('[data-testid="rejected-entries"] tbody tr').count()).toBe(13);
    expect(await page.locator('[data-testid="downloads"] a').allTextContents()).toContain(
      "cape/cape-declaration-001.csv",
    );
    await page.screenshot({ path: join(SCREENSHOTS, "refunds-desktop.png"), fullPage: true });
    const url = new URL(page.url());
    const id = url.searchParams.get("job")!;
    await page.locator('[data-testid="delete"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get("job")).toBeNull();
    expect((await fetch(`${h.server.url}/api/refunds/job?id=${id}`)).status).toBe(404);
  });
  it("at 390 px the tables become cards and nothing scrolls sideways", async () => {
    const page = await run(390);
    const overflow = (await page.evaluate(
      "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    )) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, "refunds-390.png"), fullPage: true });
  });
});
