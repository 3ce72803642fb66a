import { DEFAULT_PORT, startServer } from "./start.js";

/** `npm start`: sync data, build the dashboard if needed, open the ledger, serve on 127.0.0.1. */
interface Args {
  port: number;
  host: string;
  dir?: string;
  sync: boolean;
  workers?: number;
}

function parseArgs(argv: string[]): Args {
  const out: Args = {
    port: process.env.PORT ? Number(process.env.PORT) : DEFAULT_PORT,
    host: process.env.HOST ?? "127.0.0.1",
    sync: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--port" || flag === "-p") out.port = Number(value());
    else if (flag === "--host") out.host = value();
    else if (flag === "--dir") out.dir = value();
    else if (flag === "--no-sync") out.sync = false;
    else if (flag === "--workers") {
      const v = value();
      out.workers = Number(v);
      if (!Number.isInteger(out.workers) || out.workers < 0 || out.workers > 64)
        throw new Error(`--workers: "${v}" is not a number of threads (0 to 64)`);
    }
    else if (flag === "--help" || flag === "-h") {
      process.stdout.write(
        "usage: npm start -- [--port 8377] [--host 127.0.0.1] [--dir <data cache>] [--no-sync] [--workers N]\n  PORT and HOST are read from the environment too.\n  --workers: threads computing average series and comparisons (default: cores - 1, 1 to 2; 0: on the event loop)\n",
      );
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535)
    throw new Error(`--port: "${out.port}" is not a port number`);
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const server = await startServer({
    port: args.port,
    host: args.host,
    cacheDir: args.dir,
    sync: args.sync,
    seriesThreads: args.workers,
    logger: { level: "warn" },
  });
  process.stdout.write(`tariffscope: serving ${server.url}  (API: ${server.url}/api/openapi.json)\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`tariffscope: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
