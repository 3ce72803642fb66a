import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createServer, type TariffscopeServer } from "../../src/server/app.js";
import { openTariffscope } from "../../src/session.js";
import { repoRoot } from "../support/mirror.js";
import { chromiumInstalled, CHROMIUM_PATH, launchChromium } from "../support/chromium.js";
import { ensureDashboardBuilt } from "../support/webBuild.js";

/**
 * The dashboard when the data sync did not complete (an empty cache): the page says which datasets are missing and
 * that the ledger could not be opened, and does not wait for the ledger forever. Debian's Chromium through
 * playwright-core; screenshots (desktop and phone width) in test-output/screenshots/.
 */

const SHOTS = join(repoRoot, "test-output", "screenshots");
let empty: string;
let app: TariffscopeServer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  if (!chromiumInstalled()) throw new Error(`Chromium is missing at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  mkdirSync(SHOTS, { recursive: true });
  await ensureDashboardBuilt();
  empty = mkdtempSync(join(tmpdir(), "tariffscope-nodata-"));
  const ts = openTariffscope({ cacheDir: empty });
  ts.catch(() => undefined);
  app = await createServer({ ts, cacheDir: empty });
  url = await app.listen({ port: 0, host: "127.0.0.1" });
  await ts.catch(() => undefined);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (empty) rmSync(empty, { recursive: true, force: true });
});

describe("dashboard without data", () => {
  for (const [name, width] of [
    ["desktop", 1280],
    ["phone", 390],
  ] as const) {
    it(`names the missing datasets and the failed ledger instead of loading forever (${name})`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      const crashes: string[] = [];
      page.on("pageerror", (e) => crashes.push(e.message));
      await page.goto(`${url}/product?hts=8703.80.00`);
      const banners = page.locator(".banner.error");
      await banners.first().waitFor({ timeout: 20_000 });
      const text = (await banners.allInnerTexts()).join("\n");
      expect(text).toMatch(/datasets missing from the data cache \(us\/hts\/hts_2025_basic\.json\.gz/);
      expect(text).toMatch(/tariffscope data sync/);
      expect(text).toMatch(/The ledger could not be opened: .*us\/hts\/hts_2025_basic\.json\.gz: not in the data cache/);
      expect(text).not.toContain(empty);
      expect(await page.getByText("Loading the ledger").count()).toBe(0);
      expect(crashes).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `no-data-${name}.png`), fullPage: true });
      await page.close();
    });
  }
});
