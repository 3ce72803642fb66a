import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildWeb, startServer, type RunningServer } from "../../src/server/start.js";
import { repoRoot } from "../support/mirror.js";
import { chromiumInstalled, CHROMIUM_PATH, launchChromium } from "../support/chromium.js";

/** The Refunds page in Debian's Chromium: upload the hand-computed entry file, watch the job, read the book, delete it. */

const SHOTS = join(repoRoot, "test-output", "screenshots");
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumInstalled()) throw new Error(`Chromium is missing at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
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

async function run(width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}/refunds`);
  await page.locator('[data-testid="entry-file"]').setInputFiles(join(repoRoot, "test/fixtures/entries/refund-cases.csv"));
  await page.locator('input[type="date"]').fill("2026-04-15");
  await page.locator('[data-testid="upload"]').click();
  await page.locator('[data-testid="refund-cards"]').waitFor({ timeout: 120_000 });
  expect(errors).toEqual([]);
  return page;
}

describe("Refunds page", () => {
  it("upload → summary with the chart by month, the rejections with reasons, downloads; delete removes it (desktop)", async () => {
    const page = await run(1280);
    expect(await page.locator('[data-testid="refund-cards"]').textContent()).toContain("$4,875.00");
    expect(await page.locator('[data-testid="month-chart"] rect').count()).toBe(4); // 2 months × refund + interest
    const reasons = await page.locator('[data-testid="reasons"] tbody tr').allTextContents();
    expect(reasons.join("\n")).toMatch(/j:past-80-days/);
    expect(await page.locator('[data-testid="rejected-entries"] tbody tr').count()).toBe(13);
    expect(await page.locator('[data-testid="downloads"] a').allTextContents()).toContain("cape/cape-declaration-001.csv");
    await page.screenshot({ path: join(SHOTS, "refunds-desktop.png"), fullPage: true });
    const url = new URL(page.url());
    const id = url.searchParams.get("job")!;
    await page.locator('[data-testid="delete"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get("job")).toBeNull();
    expect((await fetch(`${server.url}/api/refunds/job?id=${id}`)).status).toBe(404);
  });
  it("at 390 px the tables become cards and nothing scrolls sideways", async () => {
    const page = await run(390);
    const overflow = (await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, "refunds-390.png"), fullPage: true });
  });
});
