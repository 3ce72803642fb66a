import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { ensureData } from "../data/locate.js";
import { loadManifest } from "../data/manifest.js";
import { resolveCacheDir } from "../data/cacheDir.js";
import { loadHtsCatalog } from "../schedule/scheduleCatalog.js";
import { openTariffscope, type Tariffscope } from "../session.js";
import { createServer, WEB_DIST, type TariffscopeServer } from "./app.js";

export const DEFAULT_PORT = 8377;

/** The dashboard's sources (web/), beside src/. */
export const WEB_ROOT = fileURLToPath(new URL("../../web/", import.meta.url));

export interface StartOptions {
  /** Port (0: any free port). Default 8377. */
  port?: number | undefined;
  /** Default 127.0.0.1 (loopback only). */
  host?: string | undefined;
  cacheDir?: string | undefined;
  /** Sync missing datasets from the mirror or the official addresses first (default true). */
  sync?: boolean | undefined;
  /** Build the dashboard when web/dist is missing (default true). */
  buildWeb?: boolean | undefined;
  /** Progress lines (default: stdout). */
  log?: ((line: string) => void) | undefined;
  logger?: boolean | Record<string, unknown> | undefined;
  /** Worker threads for average series and comparisons (default: cores − 1, 1 to 2; 0: on the event loop). */
  seriesThreads?: number | undefined;
  /** Series jobs that may wait for a thread before new ones get 503 with Retry-After (default 16). */
  seriesQueue?: number | undefined;
}

export interface RunningServer {
  app: TariffscopeServer;
  url: string;
  /** Resolves when the ledger is open (rejects if it cannot be). */
  ledger: Promise<Tariffscope>;
  close(): Promise<void>;
}

const secs = (t0: number): string => `${((performance.now() - t0) / 1000).toFixed(1)}s`;

/** Sync every dataset group, one progress line per group; a group that cannot be synced is reported, not fatal. */
async function syncData(cacheDir: string, log: (line: string) => void): Promise<void> {
  const groups = Object.keys(loadManifest().groups);
  log(`data: cache ${cacheDir}`);
  for (const group of groups) {
    const t0 = performance.now();
    try {
      const r = await ensureData(group, { cacheDir });
      const fetched = r.counts.fetched;
      log(
        `data: ${group.padEnd(22)} ${String(r.entries.length).padStart(4)} datasets  ${fetched ? `${fetched} fetched` : "all cached"}  ${secs(t0)}`,
      );
    } catch (err) {
      log(`data: ${group.padEnd(22)} NOT AVAILABLE: ${(err as Error).message.slice(0, 300)}`);
    }
  }
}

/** Build web/ into web/dist with Vite (programmatically). */
export async function buildWeb(log: (line: string) => void): Promise<boolean> {
  const t0 = performance.now();
  log("web: building the dashboard (web/dist is missing)…");
  // A production bundle even when called from a test run: NODE_ENV=test would give React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    const spec = "vite";
    const vite = (await import(spec)) as { build: (config: Record<string, unknown>) => Promise<unknown> };
    await vite.build({ root: WEB_ROOT, configFile: join(WEB_ROOT, "vite.config.ts"), mode: "production", logLevel: "warn" });
    log(`web: built in ${secs(t0)}`);
    return true;
  } catch (err) {
    log(`web: could not build the dashboard (${(err as Error).message.split("\n")[0]}); the API is served without it`);
    return false;
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Everything `npm start` does: data, dashboard, ledger, then listen (the API answers 503 until the ledger is open). */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const cacheDir = resolveCacheDir({ dir: options.cacheDir });
  if (options.sync !== false) await syncData(cacheDir, log);
  if (options.buildWeb !== false && !existsSync(join(WEB_DIST, "index.html"))) await buildWeb(log);

  const t0 = performance.now();
  // The ledger opens once the server listens (/api/status answers from the first moment; the ledger routes answer
  // 503 NOT_READY until it is open). One HTS catalog per process: the session and the schedule readers share it.
  let listening!: () => void;
  const listened = new Promise<void>((resolve) => (listening = resolve));
  const catalog = listened.then(() => loadHtsCatalog({ cacheDir }));
  const ledger = listened.then(() => openTariffscope({ cacheDir, catalog }));
  ledger.then(
    (ts) =>
      log(
        `ledger: ${ts.ledger.version.slice(0, 12)} ${ts.fromCache ? "from the compiled cache" : "compiled"} in ${secs(t0)}, covering ${ts.ledger.coverage.from} to ${ts.ledger.coverage.to}`,
      ),
    (err: unknown) => log(`ledger: could not be opened: ${(err as Error).message}`),
  );
  const app = await createServer({
    ts: ledger,
    catalog,
    cacheDir,
    logger: options.logger ?? false,
    seriesThreads: options.seriesThreads,
    seriesQueue: options.seriesQueue,
  });
  let address: string;
  try {
    address = await app.listen({ port: options.port ?? DEFAULT_PORT, host: options.host ?? "127.0.0.1" });
  } finally {
    listening();
  }
  const url = address.replace("://[::1]", "://localhost");

  // Warm what the dashboard asks first, once the ledger is open: the default overview series and the word-search
  // index, both on the worker pool (off the event loop).
  void ledger
    .then(() => Promise.all([app.inject({ url: "/api/average?origin=CN" }), app.inject({ url: "/api/hts/search?q=steel&limit=1" })]))
    .catch(() => undefined);

  return { app, url, ledger, close: () => app.close() };
}
