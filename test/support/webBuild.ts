import { mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildWeb } from "../../src/server/start.js";
import { repoRoot } from "./mirror.js";

/**
 * The dashboard bundle for browser tests, built at most once per change of its sources: every browser test file calls
 * `ensureDashboardBuilt()`; the first one builds, the others (in the same run or a later one) find `web/dist` newer than
 * every source file of the dashboard and use it. Test files may run in parallel processes, so the build is guarded by a
 * lock folder (created atomically); a lock older than LOCK_STALE_MS is a crashed build's and is taken over.
 */

const WEB = join(repoRoot, "web");
const DIST_INDEX = join(WEB, "dist", "index.html");
const LOCK = join(repoRoot, "test-output", "web-build.lock");
const LOCK_STALE_MS = 5 * 60_000;
/** Files outside web/ that the bundle depends on. */
const ALSO = [join(repoRoot, "package-lock.json")];

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "dist" || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSourceMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function mtimeOr0(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Is web/dist missing or older than any source of the dashboard? */
export function dashboardStale(): boolean {
  const built = mtimeOr0(DIST_INDEX);
  if (built === 0) return true;
  return Math.max(newestSourceMtime(WEB), ...ALSO.map(mtimeOr0)) > built;
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    if (Date.now() - mtimeOr0(LOCK) > LOCK_STALE_MS) {
      rmdirSync(LOCK);
      return tryLock();
    }
    return false;
  }
}

/** Build the dashboard unless `web/dist` is current; throws if the build fails. */
export async function ensureDashboardBuilt(): Promise<void> {
  mkdirSync(join(repoRoot, "test-output"), { recursive: true });
  for (;;) {
    if (!dashboardStale()) return;
    if (tryLock()) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    if (dashboardStale() && !(await buildWeb(() => undefined)))
      throw new Error("the dashboard did not build (run `npm run build:web` to see why)");
  } finally {
    rmdirSync(LOCK);
  }
}
