import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Piscina } from "piscina";

/**
 * The worker module `name` beside the module at `callerUrl` (its `import.meta.url`): the .ts source under tsx or vitest
 * (the thread loads it through tsx), the .js build otherwise.
 */
export function workerModuleBeside(callerUrl: string, name: string): { filename: string; execArgv: string[] | undefined } {
  const fromSource = callerUrl.endsWith(".ts");
  const filename = fileURLToPath(new URL(`./${name}.${fromSource ? "ts" : "js"}`, callerUrl));
  if (!fromSource) return { filename, execArgv: undefined };
  const tsxLoader = pathToFileURL(createRequire(callerUrl).resolve("tsx")).href;
  return { filename, execArgv: [...process.execArgv, "--import", tsxLoader] };
}

/** How long a closing pool lets its running tasks finish before it ends their threads anyway. */
export const POOL_CLOSE_TIMEOUT_MS = 60_000;

/**
 * Close a worker pool without cutting a thread off inside a native call: ending a worker thread while it is inside a
 * DuckDB call can abort the whole process ("terminate called after throwing an instance of 'Napi::Error'"), so queued
 * tasks are cancelled, running ones are let finish (at most the pool's `closeTimeout`, POOL_CLOSE_TIMEOUT_MS when
 * built with it), and only then are the threads ended. A timeout is not an error of the caller's: it is swallowed.
 */
export async function closeWorkerPool(pool: Piscina<unknown, unknown>): Promise<void> {
  const ignoreTimeout = (): void => undefined;
  pool.on("error", ignoreTimeout);
  try {
    await pool.close({ force: true });
  } finally {
    pool.off("error", ignoreTimeout);
  }
}
