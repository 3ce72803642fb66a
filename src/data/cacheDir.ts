/**
 * Where the data cache and the data mirror are.
 *
 * Cache: `--dir` > `$TARIFFSCOPE_CACHE_DIR` > the user's cache folder (`$XDG_CACHE_HOME/tariffscope` or
 * `~/.cache/tariffscope` on Linux and other Unix, `~/Library/Caches/tariffscope` on macOS,
 * `%LOCALAPPDATA%\tariffscope` on Windows).
 *
 * Mirror: `--mirror` > `$TARIFFSCOPE_MIRROR` > a `shared/data` folder beside the package root or beside the current
 * directory (`<root>/../shared/data`, `<cwd>/../shared/data`) > none (official addresses only). The value `none`
 * (or `false` from `--no-mirror`) disables the mirror.
 */
import { statSync } from "node:fs";
import { homedir as osHomedir } from "node:os";
import path from "node:path";
import { InputError } from "../common/errors.js";
import { packageRoot } from "./manifest.js";

/** Environment variable naming the cache folder. */
export const CACHE_DIR_ENV = "TARIFFSCOPE_CACHE_DIR";
/** Environment variable naming the mirror folder (`none` disables the mirror). */
export const MIRROR_ENV = "TARIFFSCOPE_MIRROR";

/** Inputs of the cache-folder resolution; everything but `dir` defaults to the running process. */
export interface CacheDirOptions {
  /** Explicit folder (the `--dir` option). */
  dir?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homedir?: string;
  cwd?: string;
}

/** Inputs of the mirror resolution; everything but `mirror` defaults to the running process. */
export interface MirrorOptions {
  /** Explicit mirror folder (the `--mirror` option); `false` or `"none"` disables the mirror. */
  mirror?: string | false | null | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Package root to look beside; defaults to this package's root. */
  packageRoot?: string;
}

const nonEmpty = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== "" ? v : undefined);

/** The per-user cache folder of the platform, with `tariffscope` appended. */
export function userCacheDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = osHomedir(),
): string {
  if (platform === "win32") {
    const local = nonEmpty(env.LOCALAPPDATA) ?? path.win32.join(home, "AppData", "Local");
    return path.win32.join(local, "tariffscope");
  }
  if (platform === "darwin") return path.posix.join(home, "Library", "Caches", "tariffscope");
  const xdg = nonEmpty(env.XDG_CACHE_HOME);
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg !== undefined && path.posix.isAbsolute(xdg)) return path.posix.join(xdg, "tariffscope");
  return path.posix.join(home, ".cache", "tariffscope");
}

/** Resolve the cache folder: option > `$TARIFFSCOPE_CACHE_DIR` > the user's cache folder. Returns an absolute path. */
export function resolveCacheDir(options: CacheDirOptions = {}): string {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const chosen = nonEmpty(options.dir) ?? nonEmpty(env[CACHE_DIR_ENV]);
  if (chosen !== undefined) return path.resolve(cwd, chosen);
  return userCacheDir(options.platform ?? process.platform, env, options.homedir ?? osHomedir());
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Resolve the mirror folder, or `null` when there is none (sync then uses official addresses). An explicit folder
 * (option or environment) that does not exist is an `InputError`; auto-detected folders are used only when present.
 */
export function resolveMirror(options: MirrorOptions = {}): string | null {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  if (options.mirror === false) return null;
  const explicit: Array<[string, string | undefined]> = [
    ["--mirror", nonEmpty(options.mirror ?? undefined)],
    [MIRROR_ENV, nonEmpty(env[MIRROR_ENV])],
  ];
  for (const [source, value] of explicit) {
    if (value === undefined) continue;
    if (value === "none") return null;
    const dir = path.resolve(cwd, value);
    if (!isDirectory(dir)) throw new InputError("MIRROR_NOT_FOUND", source, `mirror folder not found: ${dir}`);
    return dir;
  }
  const root = options.packageRoot ?? packageRoot;
  const candidates = [path.resolve(root, "..", "shared", "data"), path.resolve(cwd, "..", "shared", "data")];
  return candidates.find(isDirectory) ?? null;
}

/** The mirror folder `resolveMirror` finds, or null when there is none or the configured one is not a folder. */
export function mirrorOrNull(options: MirrorOptions = {}): string | null {
  try {
    return resolveMirror(options);
  } catch {
    return null;
  }
}
