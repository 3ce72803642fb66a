/**
 * `npx tsx bench/origins.ts [coldDir]`: every origin (issue 13). Prints, never asserts:
 *
 * 1. Cold build in a fresh compiled cache: the ledger (catalog + lists + US ledger), then the all-partner panel (every
 *    partner's line histories, shared by origin class, swept into steps) — wall time, CPU time and peak RSS of each;
 * 2. the daily all-partner series 2025-01-01 → 2026-12-31 after load, each in a new process: with the line histories
 *    and signatures persisted but no panel (the panel is rebuilt from them), with the histories only (signatures
 *    computed again), and with the panel persisted; then repeated in the process that built it;
 * 3. one stack of a non-China origin (mean over 20,000 resolutions of a German car, a Mexican USMCA part, a Swiss watch);
 * 4. what a user runs: the built CLI (dist/, `npm run build`) answering the daily ALL series from a cold data cache.
 *
 * The machine's load average is printed before and after: the figures are wall times on shared cores.
 */
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveCacheDir } from "../src/data/cacheDir.js";
import { allPartnerPanel } from "../src/analytics/allPartnerPanel.js";
import { defaultPanelWorkers } from "../src/analytics/allPartnerHistoryPool.js";
import { legalView } from "../src/ledger/legalViews.js";
import { openTariffscope } from "../src/session.js";

const FROM = "2025-01-01";
const TO = "2026-12-31";
const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`;
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(", ");
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** A child run: open the session from the compiled cache and time the series (and its load). */
async function child(dir: string): Promise<void> {
  const t0 = performance.now();
  const ts = await openTariffscope({ cacheDir: dir });
  const opened = performance.now();
  const c0 = cpu();
  const s = await ts.averageAll({ from: FROM, to: TO, cacheDir: dir });
  const done = performance.now();
  clearInterval(sampler);
  process.stdout.write(
    `${JSON.stringify({ open: (opened - t0) / 1000, series: (done - opened) / 1000, cpu: cpu() - c0, days: s.days.length, peak: Math.max(peak, process.memoryUsage().rss) })}\n`,
  );
}

if (process.argv[2] === "--child") {
  await child(process.argv[3]!);
  process.exit(0);
}

console.log(`load average (1, 5, 15 min): ${load()}; cores: ${(await import("node:os")).availableParallelism()}`);
const source = resolveCacheDir({});
// A copy of the data cache without its compiled forms: the build below is cold.
const cold = process.argv[2] ?? mkdtempSync(join(tmpdir(), "tariffscope-cold-"));
if (!process.argv[2]) {
  cpSync(source, cold, { recursive: true, filter: (src) => !src.includes(`${join(source, "compiled")}`) });
}
let t = performance.now();
let c = cpu();
const ts = await openTariffscope({ cacheDir: cold });
const ledgerWall = (performance.now() - t) / 1000;
console.log(`cold build, ledger (catalog + lists + US ledger, ${ts.ledger.measures.length} measures): ${ledgerWall.toFixed(1)} s wall, ${(cpu() - c).toFixed(1)} s CPU, peak RSS ${mb(peak)}`);

t = performance.now();
c = cpu();
const view = legalView(ts.ledger, undefined).id;
const panel = await allPartnerPanel(ts, { view, facts: {}, cacheDir: cold });
const panelWall = (performance.now() - t) / 1000;
const b = panel.build;
console.log(
  `cold build, all-partner panel (${panel.segments[0]!.partners.length} partners in ${b.originClasses} origin classes; ${b.lineKeys} line histories shared by content and class, ${b.resolved} resolved, ${b.readFromDisk} read back; ${defaultPanelWorkers()} worker threads, this thread handing out batches; ${panel.from} → ${panel.to}): ${panelWall.toFixed(1)} s wall, ${(cpu() - c).toFixed(1)} s CPU, peak RSS ${mb(peak)}`,
);
console.log(`cold build, ledger + panel: ${(ledgerWall + panelWall).toFixed(1)} s wall, peak RSS ${mb(peak)}`);

t = performance.now();
const inProcess = await ts.averageAll({ from: FROM, to: TO, cacheDir: cold });
console.log(`daily ALL series ${FROM} → ${TO} (${inProcess.days.length} days), in the process that built the panel: ${((performance.now() - t) / 1000).toFixed(2)} s`);
t = performance.now();
await ts.averageAll({ from: FROM, to: TO, cacheDir: cold });
console.log(`  repeated: ${((performance.now() - t) / 1000).toFixed(2)} s`);
for (const d of inProcess.days.filter((x) => ["2025-01-01", "2025-04-09", "2025-04-10", "2025-08-07", "2025-11-15", "2026-01-01", "2026-02-24", "2026-08-01"].includes(x.date))) {
  console.log(`  ${d.date}  ${d.totalPercent.toFixed(2)}%`);
}

// New processes: first with the line histories but without the panel, then with the panel.
const self = fileURLToPath(import.meta.url);
const runChild = (): { open: number; series: number; cpu: number; days: number; peak: number } =>
  JSON.parse(execFileSync(process.execPath, ["--import", "tsx", self, "--child", cold], { encoding: "utf8", maxBuffer: 1 << 26 }).trim().split("\n").pop()!) as {
    open: number;
    series: number;
    cpu: number;
    days: number;
    peak: number;
  };
const removeCompiled = (prefix: string): void => {
  for (const f of readdirSync(join(cold, "compiled"))) if (f.startsWith(prefix)) rmSync(join(cold, "compiled", f));
};
removeCompiled("all-partner-panel-");
let r = runChild();
console.log(
  `daily ALL series in a new process, line histories and signatures persisted, panel rebuilt from them: ${r.series.toFixed(2)} s (${r.cpu.toFixed(1)} s CPU) after a ${r.open.toFixed(1)} s load, peak RSS ${mb(r.peak)}`,
);
removeCompiled("all-partner-panel-");
removeCompiled("all-partner-signatures-");
r = runChild();
console.log(
  `daily ALL series in a new process, line histories persisted only (signatures computed, panel rebuilt): ${r.series.toFixed(2)} s (${r.cpu.toFixed(1)} s CPU) after a ${r.open.toFixed(1)} s load, peak RSS ${mb(r.peak)}`,
);
r = runChild();
console.log(`daily ALL series in a new process, panel persisted: ${r.series.toFixed(2)} s (${r.cpu.toFixed(1)} s CPU) after a ${r.open.toFixed(1)} s load, peak RSS ${mb(r.peak)}`);

const cases = [
  { hts: "8703.23.01.90", origin: "DE", date: "2025-08-01" },
  { hts: "8708.30.50.90", origin: "MX", date: "2026-03-01", facts: { usmcaQualifying: true } },
  { hts: "9102.11.45.00", origin: "CH", date: "2025-11-14" },
];
const N = 20_000;
t = performance.now();
for (let i = 0; i < N; i++) ts.stack(cases[i % cases.length]!);
console.log(`one stack (non-China origins): ${(((performance.now() - t) / N) * 1000).toFixed(1)} µs mean over ${N}`);

// 4. What a user runs: the built CLI (npm run build) answering the daily ALL series from a data cache with no compiled
//    forms — ledger and panel built cold in one process — with its peak RSS read from /proc while it runs.
const cli = join(fileURLToPath(new URL("..", import.meta.url)), "dist", "cli", "main.js");
if (existsSync(cli)) {
  const fresh = mkdtempSync(join(tmpdir(), "tariffscope-cli-cold-"));
  cpSync(source, fresh, { recursive: true, filter: (src) => !src.includes(`${join(source, "compiled")}`) });
  const started = performance.now();
  const child = spawn(process.execPath, [cli, "average", "--origin", "ALL", "--from", FROM, "--to", TO, "--json"], {
    env: { ...process.env, TARIFFSCOPE_CACHE_DIR: fresh },
    stdio: ["ignore", "pipe", "ignore"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  let hwm = 0;
  const poll = setInterval(() => {
    const m = /VmHWM:\s+(\d+) kB/.exec(existsSync(`/proc/${child.pid}/status`) ? readFileSync(`/proc/${child.pid}/status`, "utf8") : "");
    if (m) hwm = Math.max(hwm, Number(m[1]) * 1024);
  }, 100);
  const code = await new Promise<number | null>((r) => child.on("close", r));
  clearInterval(poll);
  const days = code === 0 ? (JSON.parse(out) as { days: unknown[] }).days.length : 0;
  console.log(
    `cold build through the built CLI (average --origin ALL --from ${FROM} --to ${TO}: ledger + panel + series in one process, exit ${code}, ${days} days): ${((performance.now() - started) / 1000).toFixed(1)} s wall, peak RSS ≥ ${mb(hwm)}`,
  );
  rmSync(fresh, { recursive: true, force: true });
} else {
  console.log("cold build through the built CLI: skipped (no dist/: run npm run build)");
}
console.log(`load average (1, 5, 15 min) at the end: ${load()}`);
clearInterval(sampler);
if (!process.argv[2] && existsSync(cold)) rmSync(cold, { recursive: true, force: true });
