import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`); `CHROMIUM_PATH` overrides. Never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Headless flags for this machine: no sandbox (root), no GPU, and no background networking or component updates,
 * whose connections the closed network refuses.
 */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Launch Debian's Chromium through playwright-core. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
