/**
 * `npx tsx bench/load.ts [seconds] [rate]`: the HTTP server under load, and the dashboard's first load.
 *
 * 1. Starts `src/server/main.ts` in a child process on a free loopback port (so the load generator does not share its
 *    event loop), waits for the ledger.
 * 2. autocannon against GET /api/stack at a fixed overall rate (default 500 req/s for 60 s), each request a random
 *    statistical line (present in every edition) on a random day of the coverage: prints p50/p90/p99 latency,
 *    throughput, errors and non-2xx answers.
 * 3. The dashboard's first load in Debian's Chromium (when /usr/bin/chromium exists): time to the overview chart, cold
 *    (first series of the server) and warm; and the bundle's gzip size.
 *
 * Figures are printed, never asserted. The data cache must be synced (`tariffscope data sync`).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { loadHtsCatalog } from "../src/schedule/scheduleCatalog.js";
import { formatHts } from "../src/common/htsCode.js";
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from "../test/support/chromium.js";

const seconds = Number(process.argv[2] ?? 60);
const rate = Number(process.argv[3] ?? 500);
const root = join(import.meta.dirname, "..");
const CHROMIUM = CHROMIUM_PATH;

function startChild(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "src/server/main.ts"), "--port", "0", "--no-sync"],
    {
      cwd: root,
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, stop: () => child.kill("SIGTERM") });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

async function waitReady(url: string): Promise<void> {
  for (;;) {
    const s = (await (await fetch(`${url}/api/status`)).json()) as { ledger: { state: string; error: string | null } };
    if (s.ledger.state === "ready") return;
    if (s.ledger.state === "failed") throw new Error(`ledger failed: ${s.ledger.error}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function load(url: string): Promise<void> {
  const { catalog } = await loadHtsCatalog();
  const last = catalog.editions.length - 1;
  const codes = [...catalog.lines.entries()]
    .filter(([, v]) => v[0]!.from === 0 && v[v.length - 1]!.to === last)
    .map(([c]) => formatHts(c));
  const status = (await (await fetch(`${url}/api/status`)).json()) as {
    ledger: { coverage: { from: string; to: string } };
  };
  const from = Date.parse(status.ledger.coverage.from);
  const days = Math.round((Date.parse(status.ledger.coverage.to) - from) / 86_400_000);
  const randomPath = (): string => {
    const code = codes[Math.floor(Math.random() * codes.length)]!;
    const day = new Date(from + Math.floor(Math.random() * (days + 1)) * 86_400_000).toISOString().slice(0, 10);
    return `/api/stack?hts=${code}&origin=CN&date=${day}`;
  };
  process.stdout.write(
    `load: GET /api/stack, ${codes.length} lines × ${days + 1} days at random, ${rate} req/s for ${seconds} s\n`,
  );
  const result = await autocannon({
    url,
    connections: 64,
    duration: seconds,
    overallRate: rate,
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: randomPath() }) }],
  });
  const l = result.latency;
  process.stdout.write(
    [
      "  autocannon (its fixed-rate mode sends in bursts on each tick, so queueing inflates its latencies):",
      `  requests:   ${result.requests.total} (${result.requests.average.toFixed(0)} req/s average)`,
      `  latency:    p50 ${l.p50} ms · p90 ${l.p90} ms · p99 ${l.p99} ms · max ${l.max} ms`,
      `  errors:     ${result.errors} (timeouts ${result.timeouts}) · non-2xx ${result.non2xx}`,
      `  throughput: ${(result.throughput.average / 1024).toFixed(0)} KiB/s`,
    ].join("\n") + "\n",
  );
  await wrkLoad(url, Array.from({ length: 5000 }, randomPath));
}

/**
 * wrk (Debian package), paced: each of 10 connections waits 1000·10/rate ms after each answer, so the offered load is
 * about `rate` req/s without bursts; wrk reports latency from send to answer. Random paths from a generated file.
 */
async function wrkLoad(url: string, paths: string[]): Promise<void> {
  const wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].find((p) => existsSync(p));
  if (!wrk) {
    process.stdout.write("  wrk: not installed (apt-get install wrk) — skipped\n");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "tariffscope-wrk-"));
  const list = join(dir, "paths.txt");
  writeFileSync(list, paths.join("\n"));
  const connections = 10;
  const delayMs = Math.max(0, Math.round((1000 * connections) / rate) - 1);
  const script = join(dir, "paced.lua");
  writeFileSync(
    script,
    [
      `local paths = {}`,
      `for line in io.lines("${list}") do paths[#paths + 1] = line end`,
      `local i = 0`,
      `request = function() i = i + 1; return wrk.format("GET", paths[(i % #paths) + 1]) end`,
      `delay = function() return ${delayMs} end`,
      `done = function(summary, latency, requests)`,
      `  io.write(string.format("WRK %d %d %.3f %.3f %.3f %.3f %d %d\\n", summary.requests, summary.duration, latency:percentile(50)/1000, latency:percentile(90)/1000, latency:percentile(99)/1000, latency.max/1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))`,
      `end`,
    ].join("\n"),
  );
  const out = await new Promise<string>((resolve) => {
    const child = spawn(wrk, ["-t1", `-c${connections}`, `-d${seconds}s`, "-s", script, url], { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.on("exit", () => resolve(text));
  });
  rmSync(dir, { recursive: true, force: true });
  const m = /WRK (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+) (\d+)/.exec(out);
  if (!m) {
    process.stdout.write(`  wrk: no summary (${out.trim().slice(0, 200)})\n`);
    return;
  }
  const [, n, us, p50, p90, p99, max, errors, status] = m;
  process.stdout.write(
    `  wrk (paced, ${connections} connections): ${n} requests (${(Number(n) / (Number(us) / 1e6)).toFixed(0)} req/s) · latency p50 ${p50} ms · p90 ${p90} ms · p99 ${p99} ms · max ${max} ms · errors ${errors} (non-2xx ${status})\n`,
  );
}

async function firstLoad(url: string): Promise<void> {
  const dist = join(root, "web", "dist", "assets");
  let gz = 0;
  let raw = 0;
  for (const f of readdirSync(dist)) {
    const bytes = readFileSync(join(dist, f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  process.stdout.write(
    `bundle: ${(raw / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzipped (web/dist/assets)\n`,
  );
  if (!chromiumInstalled()) {
    process.stdout.write(`dashboard first load: skipped (no Chromium at ${CHROMIUM})\n`);
    return;
  }
  const browser = await launchChromium();
  for (const label of ["cold browser, first page", "cold browser, again"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(url, { waitUntil: "domcontentloaded" });
    const dom = performance.now() - t0;
    await page.locator('[data-testid="overview-chart"] [data-step]').first().waitFor({ timeout: 120_000 });
    const chart = performance.now() - t0;
    process.stdout.write(
      `dashboard first load (${label}): DOM ${dom.toFixed(0)} ms, overview chart drawn ${chart.toFixed(0)} ms\n`,
    );
    await context.close();
  }
  await browser.close();
}

const server = await startChild();
try {
  const t0 = performance.now();
  await waitReady(server.url);
  process.stdout.write(`server: ${server.url}, ledger ready in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  await firstLoad(server.url);
  await load(server.url);
} finally {
  server.stop();
}
