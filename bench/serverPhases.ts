/**
 * Benchmark phases that run the CLI and the server as child processes, as a user does. Prints one JSON line.
 * Usage: tsx bench/serverPhases.ts <phase>
 *
 * - start-cli:          wall time of `node dist/cli/main.js stack …` (warm caches), median of 5 runs.
 * - start-server:       process start → first `GET /api/status` answer, for the built server (`node dist/server/main.js`)
 *                       and for `npm start`'s command (tsx on the sources), with and without the data sync; median of 3.
 * - stack-under-series: `GET /api/stack` paced at 200 req/s while the server computes cold average series and
 *                       comparisons (the persisted series cache removed first); latency p50/p99/max, then the same
 *                       with the server idle.
 *
 * `dist/` must be built (`npm ci` or `npm run build`); the data cache synced. Figures are printed, never asserted.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { resolveCacheDir } from "../src/data/cacheDir.js";

const phase = process.argv[2];
const root = join(import.meta.dirname, "..");
const result: Record<string, unknown> = { phase };
const t0 = performance.now();

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Child {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

/** Resident memory of a process (all its threads), MB. */
function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Start a server process; resolves when it prints its address. */
function startServer(args: string[]): Promise<Child> {
  const child = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, pid: child.pid!, stop: () => (child.kill("SIGTERM"), exited) });
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
}

/** Milliseconds from spawning the server to its first 200 on /api/status (polled every 5 ms). */
async function timeToStatus(args: string[]): Promise<number> {
  const s = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  let url: string | undefined;
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    url ??= /serving (http:\/\/\S+)/.exec(out)?.[1];
  });
  try {
    for (;;) {
      if (url) {
        const r = await fetch(`${url}/api/status`).catch(() => undefined);
        if (r?.ok) return performance.now() - s;
      }
      if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
      await sleep(5);
    }
  } finally {
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

async function waitLedger(url: string): Promise<void> {
  for (;;) {
    const s = (await (await fetch(`${url}/api/status`)).json()) as { ledger: { state: string; error: string | null } };
    if (s.ledger.state === "ready") return;
    if (s.ledger.state === "failed") throw new Error(`ledger failed: ${s.ledger.error}`);
    await sleep(100);
  }
}

/** Pace GET requests at `rate` per second until `until` resolves; each latency measured from send to full answer. */
async function paced(
  url: string,
  paths: () => string,
  rate: number,
  until: Promise<unknown>,
): Promise<{ latencies: number[]; errors: number }> {
  let done = false;
  void until.then(() => (done = true));
  const latencies: number[] = [];
  let errors = 0;
  const inflight = new Set<Promise<void>>();
  const interval = 1000 / rate;
  let next = performance.now();
  while (!done) {
    const send = performance.now();
    const p = fetch(`${url}${paths()}`)
      .then(async (r) => {
        await r.arrayBuffer();
        if (!r.ok) errors++;
        latencies.push(performance.now() - send);
      })
      .catch(() => void errors++)
      .finally(() => inflight.delete(p));
    inflight.add(p);
    next += interval;
    await sleep(Math.max(0, next - performance.now()));
  }
  await Promise.all(inflight);
  return { latencies, errors };
}

function summary(latencies: number[]): Record<string, number> {
  const s = [...latencies].sort((a, b) => a - b);
  return {
    requests: s.length,
    p50Ms: +percentile(s, 50).toFixed(2),
    p99Ms: +percentile(s, 99).toFixed(2),
    maxMs: +s[s.length - 1]!.toFixed(2),
  };
}

if (phase === "start-cli") {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    const r = spawnSync(
      process.execPath,
      [join(root, "dist/cli/main.js"), "stack", "8703.80.00", "--origin", "CN", "--date", "2025-06-01", "--json"],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
    runs.push(performance.now() - s);
  }
  Object.assign(result, {
    command: "tariffscope stack 8703.80.00 --origin CN --date 2025-06-01 --json",
    medianMs: Math.round(median(runs)),
    runsMs: runs.map(Math.round),
  });
} else if (phase === "start-server") {
  const variants: Record<string, string[]> = {
    "node dist/server/main.js --no-sync": [join(root, "dist/server/main.js"), "--port", "0", "--no-sync"],
    "node dist/server/main.js": [join(root, "dist/server/main.js"), "--port", "0"],
    "npm start (tsx src/server/main.ts)": ["--import", "tsx", join(root, "src/server/main.ts"), "--port", "0"],
  };
  for (const [name, args] of Object.entries(variants)) {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) runs.push(await timeToStatus(args));
    result[name] = { medianMs: Math.round(median(runs)), runsMs: runs.map(Math.round) };
  }
} else if (phase === "stack-under-series") {
  // Cold series: no persisted histories.
  rmSync(join(resolveCacheDir(), "compiled", "series-lines"), { recursive: true, force: true });
  const { loadHtsCatalog } = await import("../src/schedule/scheduleCatalog.js");
  const { formatHts } = await import("../src/common/htsCode.js");
  const { catalog } = await loadHtsCatalog();
  const last = catalog.editions.length - 1;
  const codes = [...catalog.lines.entries()]
    .filter(([, v]) => v[0]!.from === 0 && v[v.length - 1]!.to === last)
    .map(([c]) => formatHts(c));
  const server = await startServer(["--import", "tsx", join(root, "src/server/main.ts"), "--port", "0", "--no-sync"]);
  try {
    await waitLedger(server.url);
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const stackPath = (): string => {
      const day = new Date(Date.parse("2025-01-01T00:00:00Z") + Math.floor(rand() * 690) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      return `/api/stack?hts=${codes[Math.floor(rand() * codes.length)]!}&origin=CN&date=${day}`;
    };
    // The heavy requests: averages for partners of every kind, other views, scenario series and comparisons.
    const heavy = [
      ...["CN", "HK", "VN", "MX", "CA", "JP", "TH", "KR", "IN", "TW", "GB", "BR"].map(
        (o) => `/api/average?origin=${o}`,
      ),
      "/api/average?origin=CN&view=adjudicated",
      "/api/average?origin=CN&weights=approx-2017",
      ...["no-ieepa", "threat-100-2025-11-01"].map((s) => `/api/compare?origin=CN&scenario=${s}`),
    ];
    // The heavy requests come from another process (two at a time), so receiving their large answers does not
    // delay this process's timing of /api/stack.
    const s = performance.now();
    const sender = `const paths = ${JSON.stringify(heavy)}; const statuses = {};
      await Promise.all([0, 1].map(async () => { for (let p = paths.shift(); p; p = paths.shift()) {
        const r = await fetch(${JSON.stringify(server.url)} + p); await r.arrayBuffer(); statuses[r.status] = (statuses[r.status] ?? 0) + 1; } }));
      process.stdout.write(JSON.stringify(statuses));`;
    const series = new Promise<Record<string, number>>((resolve, reject) => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", sender], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.on("exit", (code) =>
        code === 0
          ? resolve(JSON.parse(out) as Record<string, number>)
          : reject(new Error(`heavy sender exited ${code}`)),
      );
    });
    const during = await paced(server.url, stackPath, 200, series);
    const seriesMs = performance.now() - s;
    const rssAfterHeavy = rssMB(server.pid);
    const idle = await paced(server.url, stackPath, 200, sleep(10_000));
    // 100 distinct ranges of the China series (the audit's case: the server's memory grew with every range).
    const rangeRss: number[] = [];
    const rangeStart = performance.now();
    for (let i = 0; i < 100; i++) {
      const from = new Date(Date.parse("2025-01-01T00:00:00Z") + ((i * 37) % 600) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const to = new Date(Date.parse(from + "T00:00:00Z") + (30 + ((i * 53) % 90)) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      await (await fetch(`${server.url}/api/average?origin=CN&from=${from}&to=${to}`)).arrayBuffer();
      if ((i + 1) % 25 === 0) rangeRss.push(rssMB(server.pid));
    }
    const rangesMs = performance.now() - rangeStart;
    Object.assign(result, {
      heavyRequests: heavy.length,
      heavyStatuses: await series,
      seriesWallMs: Math.round(seriesMs),
      stackWhileSeries: { ...summary(during.latencies), errors: during.errors },
      stackIdle: { ...summary(idle.latencies), errors: idle.errors },
      serverRssMB: { afterHeavy: rssAfterHeavy, after25_50_75_100Ranges: rangeRss },
      rangesMedianMs: Math.round(rangesMs / 100),
    });
  } finally {
    await server.stop();
  }
} else {
  throw new Error(`unknown phase ${phase}`);
}
result.wallMs = Math.round(performance.now() - t0);
process.stdout.write(`${JSON.stringify(result)}\n`);
