import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const cacheDir = process.env.TARIFFSCOPE_CACHE_DIR ?? fileURLToPath(new URL("./.cache/data", import.meta.url));

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    env: { TARIFFSCOPE_CACHE_DIR: cacheDir },
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Two test files at a time: many files spend their time waiting on child processes (the CLI, the server, Chromium),
    // and vitest's default on a 2-core machine is one.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
