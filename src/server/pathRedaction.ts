import { homedir, tmpdir } from "node:os";
import { resolve, sep } from "node:path";

/**
 * No answer of the API shows where things are on the server. Answers name data files by their manifest path
 * (us/hts/hts_2026_rev_10.json.gz) and repository files by their repository path (ledger/events/s301.yaml); this is the
 * last line behind that rule, applied to every serialized /api answer, for messages that carry a path from below (a
 * data-file error, a hint naming the cache folder): the known folders become relative names, and any other path under
 * a system root is cut to `<server path>`.
 */
export interface PathRoot {
  /** An absolute folder. */
  path: string;
  /** What a file under it becomes: its path relative to the folder, after this prefix ("" or "~/"). */
  childPrefix: string;
  /** What the folder itself becomes. */
  self: string;
}

/** Absolute paths under the usual system roots that the known folders did not account for. */
const OTHER_PATH = /(?<![\w.:/\\-])\/(?:home|root|tmp|var|usr|etc|opt|srv|mnt|media|Users|private|proc|sys|run)(?:\/[^\s"'`()<>,;:\\]*)?/g;

export class PathRedactor {
  private readonly roots: { raw: string; child: string; childPrefix: string; self: string }[];

  constructor(roots: PathRoot[]) {
    // Longest first, so a cache inside the repository is named as the cache. Compared in their JSON-escaped form.
    this.roots = roots
      .filter((r) => r.path.length > 1)
      .map((r) => {
        const raw = JSON.stringify(resolve(r.path)).slice(1, -1);
        return { raw, child: raw + JSON.stringify(sep).slice(1, -1), childPrefix: r.childPrefix, self: r.self };
      })
      .sort((a, b) => b.raw.length - a.raw.length);
  }

  /** The serialized answer with every server path replaced (the text is JSON; replacements keep it valid JSON). */
  redact(json: string): string {
    let out = json;
    for (const r of this.roots) {
      if (!out.includes(r.raw)) continue;
      out = out.replaceAll(r.child, r.childPrefix).replaceAll(r.raw, r.self);
    }
    return out.replace(OTHER_PATH, "<server path>");
  }
}

/** The folders a tariffscope server knows: data cache, mirror, repository, scenarios folder, home and temp. */
export function serverPathRedactor(folders: {
  cacheDir: string;
  mirror: string | null;
  repoRoot: string;
  scenariosDir: string;
}): PathRedactor {
  return new PathRedactor([
    { path: folders.cacheDir, childPrefix: "", self: "<data cache>" },
    ...(folders.mirror ? [{ path: folders.mirror, childPrefix: "<mirror>/", self: "<mirror>" }] : []),
    { path: folders.scenariosDir, childPrefix: "scenarios/", self: "scenarios" },
    { path: folders.repoRoot, childPrefix: "", self: "<repository>" },
    { path: homedir(), childPrefix: "~/", self: "~" },
    { path: tmpdir(), childPrefix: "<tmp>/", self: "<tmp>" },
  ]);
}
