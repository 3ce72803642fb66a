import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { startServer, type RunningServer } from "../../src/server/start.js";
import { repoRoot } from "./mirror.js";
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from "./chromium.js";
import { ensureDashboardBuilt } from "./webBuild.js";

/** Where browser tests write their screenshots (looked at by hand; never compared). */
export const SCREENSHOTS = join(repoRoot, "test-output", "screenshots");

/** The built dashboard served by the real server on a free port, and Debian's Chromium to look at it. */
export interface DashboardHarness {
  server: RunningServer;
  browser: Browser;
  /** Errors the pages opened by `open` raised or logged, prefixed with the path. */
  errors: string[];
  /** A new page of the given width (default 1280) on `path` (errors collected). */
  open(path: string, width?: number): Promise<Page>;
  /** A full-page screenshot named `<name>.png` in SCREENSHOTS. */
  shot(page: Page, name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Build the dashboard if its sources changed, start the server (no sync; the test setup synced the cache), wait for the ledger, launch Chromium. */
export async function startDashboard(): Promise<DashboardHarness> {
  if (!chromiumInstalled())
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await ensureDashboardBuilt();
  const server = await startServer({ port: 0, sync: false, buildWeb: false, log: () => undefined });
  await server.ledger;
  const browser = await launchChromium();
  const errors: string[] = [];
  return {
    server,
    browser,
    errors,
    async open(path, width = 1280) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(`${path}: ${m.text()}`);
      });
      await page.goto(server.url + path);
      return page;
    },
    shot: (page, name) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Nothing wider than the window (no sideways scrolling). */
export const noSideways = async (page: Page): Promise<boolean> =>
  ((await page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")) as number) <= 1;
