import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { MAX_SCENARIO_BYTES, parseScenario } from "../analytics/scenarios.js";
import { ApiError, nearest } from "./errors.js";
import { Lru } from "./lru.js";

export { MAX_SCENARIO_BYTES };

/** A scenario file's text (YAML or JSON) before validation, with the name it is known by. */
export type ScenarioText = { name?: string; file?: string; text: string };

/** Where a scenario comes from (a threat, a ruling, an announcement). */
export interface ScenarioSource {
  title: string;
  url?: string;
  date?: string;
}

/** A shipped scenario, as listed by /api/scenarios. */
export interface ScenarioInfo {
  /** File name without extension: what `scenario=` takes. */
  name: string;
  /** The scenario's own name (a title), null when the file does not validate. */
  title: string | null;
  description: string | null;
  source: ScenarioSource | null;
  edits: number;
  file: string;
  bytes: number;
  sha256: string;
  /** Why the file does not validate, when it does not. */
  error: string | null;
}

/** What /api/scenario/preview answers: the scenario read and validated (never executed), and a `scenario=` reference. */
export interface ScenarioPreview {
  /** Content address of the uploaded text: pass it as `scenario=` to /api/average, /api/compare, /api/stack, /api/history. */
  ref: string;
  title: string;
  description: string;
  source: ScenarioSource;
  view: string | null;
  edits: number;
  format: "yaml" | "json";
  bytes: number;
  sha256: string;
  /** The scenario as validated (plain data). */
  content: Record<string, unknown>;
}

/** Scenario names: letters, digits, `-` and `_` only (no dots, no slashes: never a path). */
export const SCENARIO_NAME = "^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$";
const NAME_RE = new RegExp(SCENARIO_NAME);
const EXTENSION = ".yaml";

/**
 * The shipped scenarios (`scenarios/*.yaml`) and the texts uploaded through the preview, by content address. Names
 * are checked against the folder's listing: no request value is ever used as a path.
 */
export class ScenarioStore {
  private readonly uploads = new Lru<string, { text: string; name: string | null }>(64);

  constructor(readonly dir: string) {}

  async list(): Promise<ScenarioInfo[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((f) => f.endsWith(EXTENSION)).sort();
    } catch {
      return [];
    }
    const out: ScenarioInfo[] = [];
    for (const f of files) {
      const name = f.slice(0, -EXTENSION.length);
      if (!NAME_RE.test(name)) continue;
      const path = join(this.dir, f);
      const info = await stat(path);
      if (!info.isFile() || info.size > MAX_SCENARIO_BYTES) continue;
      const text = await readFile(path, "utf8");
      const common = {
        name,
        file: `scenarios/${f}`,
        bytes: info.size,
        sha256: createHash("sha256").update(text).digest("hex"),
      };
      try {
        const sc = parseScenario(text, `scenarios/${f}`);
        out.push({
          ...common,
          title: sc.name,
          description: sc.description,
          source: sc.source,
          edits: sc.edits.length,
          error: null,
        });
      } catch (err) {
        out.push({ ...common, title: null, description: null, source: null, edits: 0, error: (err as Error).message });
      }
    }
    return out;
  }

  /** Keep an uploaded text (already validated) and return its reference. */
  remember(text: string, name: string | null): string {
    const ref = `sha256-${createHash("sha256").update(text).digest("hex")}`;
    this.uploads.set(ref, { text, name });
    return ref;
  }

  /** The scenario a `scenario=` value names: a shipped file or an uploaded text. 404 with suggestions when unknown. */
  async load(name: string, field = "scenario"): Promise<ScenarioText> {
    if (!NAME_RE.test(name))
      throw new ApiError(400, "BAD_PARAMETER", `${field}: "${name}" is not a scenario name`, field);
    if (name.startsWith("sha256-")) {
      const up = this.uploads.get(name);
      if (!up)
        throw new ApiError(
          404,
          "UNKNOWN_SCENARIO",
          `${field}: no uploaded scenario ${name.slice(0, 20)}… on this server (upload it again)`,
          field,
        );
      return { name: up.name ?? name.slice(0, 19), text: up.text };
    }
    const shipped = await this.list();
    const hit = shipped.find((s) => s.name === name);
    if (!hit) {
      throw new ApiError(
        404,
        "UNKNOWN_SCENARIO",
        `${field}: "${name}" is not a shipped scenario`,
        field,
        nearest(
          name,
          shipped.map((s) => s.name),
        ),
      );
    }
    return { name: hit.name, file: hit.file, text: await readFile(join(this.dir, `${hit.name}${EXTENSION}`), "utf8") };
  }
}
