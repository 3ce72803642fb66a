import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { RunningServer } from "../../src/server/start.js";
import { startDashboard, type DashboardHarness } from "../support/dashboardHarness.js";

/**
 * The dashboard in Debian's Chromium (driven by playwright-core, never a downloaded browser), against the real server
 * on an ephemeral port: the overview chart's steps, a product's stack, a scenario's difference, an edition diff.
 * Screenshots go to test-output/screenshots/.
 */

let h: DashboardHarness;
let server: RunningServer;
const open = (path: string, width = 1280): Promise<Page> => h.open(path, width);
const shot = (page: Page, name: string): Promise<Buffer> => h.shot(page, name);

/** A scenario of the test's own (the shipped ones may change): no IEEPA duty ever. */
const NO_IEEPA = `name: My upload
description: Removes the IEEPA fentanyl and reciprocal measures from the ledger.
source:
  title: "Test fixture"
edits:
  - remove: { authority: ieepa-fentanyl }
  - remove: { authority: ieepa-reciprocal }
`;

beforeAll(async () => {
  h = await startDashboard();
  server = h.server;
}, 300_000);

afterAll(async () => {
  await h?.close();
});

describe("dashboard", () => {
  it("overview: the chart marks every step of the series, with a tooltip by pointer and by keyboard", async () => {
    const series = (await (
      await fetch(`${server.url}/api/average?origin=CN&weights=census-2024&view=collected`)
    ).json()) as { steps: unknown[]; rows: { date: string; needsFactsLines: number; uncertainLines: number }[] };
    const page = await open("/");
    const steps = page.locator('[data-testid="overview-chart"] [data-step]');
    await steps.first().waitFor({ timeout: 120_000 });
    expect(await steps.count()).toBe(series.steps.length);
    expect(await page.locator('[data-testid="steps-table"] tbody tr').count()).toBe(series.steps.length);
    await expect.poll(() => page.locator('[data-testid="headline-total"]').textContent()).toMatch(/^\d+(\.\d+)?%$/);
    // The flags of the day shown are visible.
    const today = new Date().toISOString().slice(0, 10);
    const row = series.rows.find((r) => r.date === today) ?? series.rows[series.rows.length - 1]!;
    expect(await page.locator('[data-flag="needs-facts"]').count()).toBe(row.needsFactsLines > 0 ? 1 : 0);
    expect(await page.locator('[data-flag="uncertain"]').count()).toBe(row.uncertainLines > 0 ? 1 : 0);

    const chart = page.locator('[data-testid="overview-chart"] svg');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
    const tip = page.locator('[data-testid="chart-tooltip"]');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/Total \d/);
    await shot(page, "overview-tooltip");
    await page.mouse.move(0, 0);

    await chart.focus();
    await page.keyboard.press("Home");
    await page.keyboard.press("PageDown");
    expect(await tip.textContent()).toMatch(/Total/);
    await page.keyboard.press("Escape");
    // Today and the ledger's review date are marked on the chart (each when inside the series' days).
    const status = (await (await fetch(`${server.url}/api/status`)).json()) as {
      ledger: { reviewedThrough: string | null; coverage: { from: string; to: string } | null };
    };
    const reviewed = status.ledger.reviewedThrough!;
    expect(
      await page.locator('[data-testid="overview-chart"] [data-reference="reviewed"]').getAttribute("data-date"),
    ).toBe(reviewed);
    const cov = status.ledger.coverage!;
    expect(await page.locator('[data-testid="overview-chart"] [data-reference="today"]').count()).toBe(
      today >= cov.from && today <= cov.to ? 1 : 0,
    );
    await shot(page, "overview");

    await page.selectOption('[data-testid="view"]', "adjudicated");
    await expect.poll(() => page.url()).toContain("view=adjudicated");
    await steps.first().waitFor();
    await page.close();
  });

  it("product: look up 8703.80.00 for China on 2025-06-01 and read 147.5%; the link is shareable", async () => {
    const page = await open("/product");
    const search = page.locator('[data-testid="product-search"]');
    await search.fill("electric vehicles");
    const first = page.locator('[role="listbox"] [role="option"]').first();
    // The first search waits for the worker that builds the index (seconds on a cold cache and a busy machine).
    await first.waitFor({ timeout: 120_000 });
    // Word search ranks the battery-electric cars first, under a readable title.
    expect(await first.getAttribute("data-code")).toMatch(/^8703\.80/);
    expect(await first.locator(".hit-title").textContent()).toMatch(/electric motors for propulsion/);
    await search.fill("8703.80.00");
    await search.press("Enter");
    await expect.poll(() => page.url()).toContain("hts=8703.80.00");
    await page.locator('[data-testid="product-date"]').fill("2025-06-01");
    const total = page.locator('[data-testid="stack-total"]');
    await expect.poll(() => total.textContent(), { timeout: 60_000 }).toBe("147.5%");
    expect(page.url()).toContain("date=2025-06-01");
    const stack = (await (await fetch(`${server.url}/api/stack?hts=8703.80.00&origin=CN&date=2025-06-01`)).json()) as {
      lines: unknown[];
    };
    expect(await page.locator("[data-waterfall-row]").count()).toBe(stack.lines.length);
    expect(await page.locator('[data-testid="stack-table"] tbody tr').count()).toBe(stack.lines.length);
    await page.locator('[data-testid="history-chart"] [data-step]').first().waitFor();
    await page.locator('[data-testid="product-value"]').fill("10000");
    await page.locator('[data-testid="product-value"]').press("Enter");
    await expect.poll(() => page.locator(".total-box").textContent()).toContain("$14,750.00");
    await expect
      .poll(() => page.locator('[data-testid="stack-title"]').textContent(), { timeout: 60_000 })
      .toBe("Vehicles, with only electric motors for propulsion");
    await shot(page, "product");

    // Another origin: its country-specific measures are not all modelled, and the page says so.
    const vn = await open("/product?hts=8703.80.00&origin=VN&date=2025-06-01");
    await vn.locator('[data-flag="partial"]').waitFor({ timeout: 60_000 });
    expect(await vn.locator('[data-testid="stack-flags"]').textContent()).toContain("coverage: partial");
    await vn.close();

    // The URL alone brings the same answer back.
    const again = await open(new URL(page.url()).pathname + new URL(page.url()).search);
    await expect
      .poll(() => again.locator('[data-testid="stack-total"]').textContent(), { timeout: 60_000 })
      .toBe("147.5%");
    await again.close();
    await page.close();
  });

  it("scenarios: a shipped scenario and an uploaded one differ from the baseline, on the series and on a product", async () => {
    const list = (await (await fetch(`${server.url}/api/scenarios`)).json()) as {
      scenarios: { name: string; error: string | null }[];
    };
    const shipped = list.scenarios.find((s) => s.error === null);
    expect(shipped, "no valid scenario in scenarios/").toBeDefined();
    const page = await open("/scenarios");
    await page.locator(`[data-testid="scenario-${shipped!.name}"]`).check();
    const diff = page.locator('[data-testid="scenario-max-diff"]');
    await expect.poll(() => diff.textContent(), { timeout: 120_000 }).toMatch(/^[+−]\d/);
    await page.locator('[data-testid="scenario-chart"] [data-overlay]').waitFor();
    // The page states the window of the difference: the same as the API's (and the CLI's) answer.
    const cmp = (await (
      await fetch(`${server.url}/api/compare?origin=CN&weights=census-2024&view=collected&scenario=${shipped!.name}`)
    ).json()) as { window: { from: string; to: string; days: number } };
    const windowLine = await page.locator('[data-testid="scenario-window"]').textContent();
    expect(windowLine).toContain(`(${cmp.window.days} days)`);
    expect(windowLine).toContain(`--from ${cmp.window.from} --to ${cmp.window.to}`);
    await shot(page, "scenarios");

    // An uploaded scenario (the test's own): previewed by the server, then compared like a shipped one.
    await page.locator("summary", { hasText: "Upload a scenario" }).click();
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "mine.yaml", mimeType: "application/yaml", buffer: Buffer.from(NO_IEEPA) });
    await page.locator('[data-testid="scenario-preview"]').waitFor();
    await expect.poll(() => page.url()).toContain("scenario=sha256-");
    await expect.poll(() => diff.textContent(), { timeout: 120_000 }).toMatch(/^−\d/);
    // On the day of the largest difference, 8703.80.00 loses its IEEPA layer.
    await expect
      .poll(() => page.locator('[data-testid="scenario-product"]').textContent(), { timeout: 60_000 })
      .toMatch(/with the scenario [\d.]+% \(\s*−\d/);
    await shot(page, "scenarios-upload");
    await page.close();
  });

  it("changes: the diff of two editions with legal effective dates", async () => {
    const page = await open("/changes?a=2025_rev_13&b=2025_rev_14");
    const diff = page.locator('[data-testid="diff"]');
    await diff.waitFor({ timeout: 60_000 });
    expect(await diff.textContent()).toContain("9903.81.94");
    expect(await diff.textContent()).toMatch(/effective \d+ \w+ 2025/);
    await shot(page, "changes");
    await page.close();
  });

  it("phone width: every page fits 390 px, no element scrolls sideways (tables become cards)", async () => {
    const list = (await (await fetch(`${server.url}/api/scenarios`)).json()) as {
      scenarios: { name: string; error: string | null }[];
    };
    const scenario = list.scenarios.find((s) => s.error === null)?.name ?? "";
    for (const [name, path, ready] of [
      ["overview-phone", "/", '[data-testid="overview-chart"] [data-step]'],
      ["product-phone", "/product?hts=8703.80.00&origin=CN&date=2025-06-01&value=10000", '[data-testid="stack-total"]'],
      ["scenarios-phone", `/scenarios?scenario=${scenario}`, '[data-testid="scenario-chart"] [data-overlay]'],
      ["changes-phone", "/changes?a=2025_rev_13&b=2025_rev_14", '[data-testid="diff"]'],
    ] as const) {
      const page = await open(path, 390);
      await page.locator(ready).first().waitFor({ timeout: 120_000 });
      const overflow = await page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth");
      expect(Number(overflow), name).toBeLessThanOrEqual(0);
      // No hidden sideways scrolling either: no element whose content is wider than its box and scrolls.
      const scrollers = await page.evaluate(`[...document.querySelectorAll("body *")]
        .filter((e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.tagName.toLowerCase() + "." + e.className + " " + e.scrollWidth + ">" + e.clientWidth)`);
      expect(scrollers, name).toEqual([]);
      // Every table's rows are shown as cards whose cells name their column.
      const unlabelled = await page.evaluate(`[...document.querySelectorAll("table.data tbody td")]
        .filter((td) => getComputedStyle(td).display !== "none" && !td.dataset.label && !td.classList.contains("card-title"))
        .length`);
      expect(unlabelled, name).toBe(0);
      await shot(page, name);
      await page.close();
    }
  });

  it("logged no error in the browser", () => {
    expect(h.errors).toEqual([]);
  });
});
