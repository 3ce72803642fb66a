import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildWeb, startServer, type RunningServer } from "../../src/server/start.js";
import { repoRoot } from "../support/mirror.js";
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from "../support/chromium.js";

/**
 * The China side of the dashboard in Debian's Chromium: the Overview's two-way chart (US on China, China on the US,
 * both sides' events) and the "Into China" product page (China's stack on a US export). Screenshots at desktop and
 * 390 px go to test-output/screenshots/.
 */
const SHOTS = join(repoRoot, "test-output", "screenshots");
let server: RunningServer;
let browser: Browser;
const errors: string[] = [];

async function open(path: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${path}: ${m.text()}`);
  });
  await page.goto(server.url + path);
  return page;
}

beforeAll(async () => {
  if (!chromiumInstalled()) throw new Error(`Chromium is missing at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  const built = await buildWeb(() => undefined);
  if (!built) throw new Error("the dashboard did not build (run `npm run build:web` to see why)");
  server = await startServer({ port: 0, sync: false, buildWeb: false, log: () => undefined });
  await server.ledger;
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("China on the dashboard", () => {
  it("overview: the two-way chart marks China's events, listed with their measures", async () => {
    const cn = (await (await fetch(`${server.url}/api/cn/average?origin=US&weights=piie-2017`)).json()) as { steps: { from: string }[] };
    for (const width of [1280, 390]) {
      const page = await open("/?origin=CN", width);
      await page.locator('[data-testid="two-way-chart"] svg').waitFor({ timeout: 180_000 });
      expect(await page.locator('[data-testid="cn-steps-table"] tbody tr').count()).toBe(cn.steps.length - 1);
      // No sideways scrolling at phone width.
      expect(await page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")).toBeLessThanOrEqual(1);
      await page.locator('[data-testid="two-way"]').screenshot({ path: join(SHOTS, `china-two-way-${width}.png`) });
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
      await page.screenshot({ path: join(SHOTS, `china-product-${width}.png`), fullPage: true });
      await page.close();
    }
    expect(errors).toEqual([]);
  });
});
