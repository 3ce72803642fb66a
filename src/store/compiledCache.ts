import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";

/**
 * Compiled forms (catalogs, ledgers, panels) cached on disk under `<cacheDir>/compiled/`, keyed by the checksums of
 * their sources and the format version of the code that built them. A key change means a rebuild; nothing is ever
 * read from a cache entry whose key does not match. Writes are atomic (temp file + rename).
 */
export interface CacheKeyParts {
  /** Bumped by the code when the compiled shape changes. */
  format: string;
  /** sha256 of every source file that went into the build, in a stable order. */
  sources: string[];
}

export function cacheKey(parts: CacheKeyParts): string {
  const h = createHash("sha256");
  h.update(parts.format);
  for (const s of parts.sources) h.update("\0").update(s);
  return h.digest("hex").slice(0, 24);
}

export interface CachedResult<T> {
  value: T;
  hit: boolean;
  key: string;
  file: string;
}

/** Return the compiled value for `key`, building and storing it when absent. Older entries of `name` are removed. */
export async function compiled<T>(
  cacheDir: string,
  name: string,
  key: string,
  build: () => Promise<T>,
): Promise<CachedResult<T>> {
  const dir = join(cacheDir, "compiled");
  const file = join(dir, `${name}-${key}.v8`);
  try {
    const bytes = await readFile(file);
    return { value: deserialize(bytes) as T, hit: true, key, file };
  } catch {
    // absent or unreadable: rebuild
  }
  const value = await build();
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, serialize(value));
  await rename(tmp, file);
  for (const f of await readdir(dir)) {
    if (f.startsWith(`${name}-`) && f.endsWith(".v8") && f !== `${name}-${key}.v8`) await unlink(join(dir, f)).catch(() => {});
  }
  return { value, hit: false, key, file };
}

/** Read a compiled entry if present (undefined when absent or unreadable). */
export async function readCompiled<T>(cacheDir: string, name: string, key: string): Promise<T | undefined> {
  try {
    return deserialize(await readFile(join(cacheDir, "compiled", `${name}-${key}.v8`))) as T;
  } catch {
    return undefined;
  }
}

/** Write a compiled entry atomically, replacing older entries of the same name. */
export async function writeCompiled(cacheDir: string, name: string, key: string, value: unknown): Promise<void> {
  const dir = join(cacheDir, "compiled");
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name}-${key}.v8`);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, serialize(value));
  await rename(tmp, file);
  for (const f of await readdir(dir)) {
    if (f.startsWith(`${name}-`) && f.endsWith(".v8") && f !== `${name}-${key}.v8`) await unlink(join(dir, f)).catch(() => {});
  }
}
