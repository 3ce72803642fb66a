/**
 * The source manifest (`manifest/sources.json`): every dataset the project reads, with its path in the local cache,
 * its official address and its checksum. The manifest is committed; the files are not (they are fetched by
 * `tariffscope data sync` from a mirror folder or from the publisher).
 *
 * Every entry says how to get it from its publisher (`official`: address, form and recipe, see `src/data/recipes/`)
 * or why no recipe can (`official: { none: true, publisher, why }`), and what it feeds.
 *
 * Storage convention for HTS editions: USITC publishes plain JSON; the cache stores it gzipped under the mirror's
 * name (`us/hts/hts_<id>.json.gz`). Their recipe `gzip-json` gzips on write, and the download is verified against
 * `contentSha256` (the SHA-256 of the uncompressed JSON), since the gzip bytes of a fresh compression never equal
 * the mirror's. Readers see one format.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DataFileError, InputError } from "../common/errors.js";
import { getRecipe, OFFICIAL_FORMS, RECIPES } from "./recipes/index.js";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits");

/** A cache-relative path: forward slashes, no leading slash, no `.` or `..` segments. */
const relPath = z
  .string()
  .min(1)
  .refine(
    (p) => !p.startsWith("/") && !p.includes("\\") && p.split("/").every((s) => s !== "" && s !== "." && s !== ".."),
    {
      message: "must be a relative path with forward slashes and no '.', '..' or empty segments",
    },
  );

/** An official source with a recipe. */
const officialRecipeSchema = z
  .object({
    /** Stable file address or API query. */
    url: z.string().url(),
    /** What the publisher serves there. */
    form: z.enum(OFFICIAL_FORMS),
    /** Recipe id (src/data/recipes/). */
    recipe: z.string().min(1),
    /**
     * SHA-256 of the publisher's file as served, when the stored file is not that file's bytes and the document is
     * known (an `extract` recipe's PDF: the text is extracted from a document with this checksum).
     */
    sha256: sha256Hex.optional(),
  })
  .strict();

/** No official source a recipe can turn into this file. */
const officialNoneSchema = z
  .object({
    none: z.literal(true),
    /** Who publishes the original (or the derived copy). */
    publisher: z.string().min(1),
    /** Why there is no recipe: why the mirror holds a derived or third-party copy. */
    why: z.string().min(1),
  })
  .strict();

const officialSchema = z.union([officialRecipeSchema, officialNoneSchema]);

/** The official source of one dataset. */
export type OfficialSource = z.infer<typeof officialSchema>;
export type OfficialRecipeSource = z.infer<typeof officialRecipeSchema>;

/** The entry's official source when it has a recipe, else undefined. */
export function officialRecipe(e: SourceEntry): OfficialRecipeSource | undefined {
  return "none" in e.official ? undefined : e.official;
}

/** Schema of one manifest entry. */
export const sourceEntrySchema = z
  .object({
    /** Stable identifier, e.g. "hts-2026-rev-10". */
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "must be lowercase letters, digits, '.' and '-'"),
    /** Path in the cache, identical to the path in a mirror folder. */
    path: relPath,
    /** Dataset group, e.g. "hts-editions"; must be declared in the manifest's `groups`. */
    group: z.string().min(1),
    /** Short human title. */
    title: z.string().min(1),
    /** Who publishes the document or data. */
    publisher: z.string().min(1),
    /** SHA-256 of the stored file (as in the mirror's SHA256SUMS). */
    sha256: sha256Hex,
    /** Size of the stored file in bytes, when known. */
    bytes: z.number().int().nonnegative().optional(),
    /** Official address of the document or data this file holds; null when no per-file address is known. */
    officialUrl: z.string().url().nullable(),
    /** Where a person can find the document when there is no direct address (landing page, archive, API). */
    officialPage: z.string().url().optional(),
    /**
     * How to get this file from its publisher: `{ url, form, recipe }` (the address, the form served there and the
     * recipe that turns it into the stored file), or `{ none: true, publisher, why }` when no recipe can produce it
     * (why the mirror holds a derived or third-party copy).
     */
    official: officialSchema,
    /** What this dataset feeds, i.e. what a user loses without it. */
    feeds: z.string().min(1),
    /** SHA-256 of the uncompressed content, for gzip-storing recipes (verifies a fresh download). */
    contentSha256: sha256Hex.optional(),
    /** Size of the uncompressed content, for gzip-storing recipes (the length the publisher serves). */
    contentBytes: z.number().int().nonnegative().optional(),
    /** False when the publisher's file is not byte-stable (republished with corrections, generated on request). */
    checksumStable: z.boolean(),
    /** How this file was derived from the official document, when it is not the document itself. */
    derivation: z.string().optional(),
    /** Licence note; for third-party research files: not redistributable, fetched from the publisher. */
    licence: z.string().optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if ("none" in e.official) return;
    const recipe = getRecipe(e.official.recipe);
    if (recipe === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["official", "recipe"],
        message: `unknown recipe "${e.official.recipe}" (known: ${[...RECIPES.keys()].join(", ")})`,
      });
      return;
    }
    if (!recipe.forms.includes(e.official.form)) {
      ctx.addIssue({
        code: "custom",
        path: ["official", "form"],
        message: `recipe ${recipe.id} does not take form ${e.official.form} (it takes ${recipe.forms.join(", ")})`,
      });
    }
    if (
      recipe.status.implemented &&
      (recipe.status.stored === "gzip" || recipe.status.stored === "convert") &&
      e.contentSha256 === undefined
    ) {
      ctx.addIssue({ code: "custom", path: ["contentSha256"], message: `recipe ${recipe.id} needs contentSha256` });
    }
  });

/** One dataset of the manifest. */
export type SourceEntry = z.infer<typeof sourceEntrySchema>;

const manifestHeaderSchema = z
  .object({
    version: z.literal(1),
    generatedBy: z.string().optional(),
    conventions: z.record(z.string()).optional(),
    groups: z.record(z.string()),
    entries: z.array(z.unknown()),
  })
  .strict();

/** The whole manifest. */
export interface SourceManifest {
  version: 1;
  generatedBy?: string;
  /** Documented conventions (storage format, checksum rules), free text keyed by topic. */
  conventions?: Record<string, string>;
  /** Group name → description. */
  groups: Record<string, string>;
  entries: SourceEntry[];
}

/** Package root: two levels above this module (src/data or dist/data). */
export const packageRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Path of the committed manifest. */
export const defaultManifestPath: string = resolve(packageRoot, "manifest", "sources.json");

function describeIssues(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length > 0 ? i.path.join(".") : "(entry)"}: ${i.message}`).join("; ");
}

/**
 * Validate parsed manifest JSON. Errors are `DataFileError`s naming the manifest file and the entry (index and id)
 * at fault, with the field and the rule broken.
 */
export function parseManifest(data: unknown, file = "manifest/sources.json"): SourceManifest {
  const header = manifestHeaderSchema.safeParse(data);
  if (!header.success) {
    throw new DataFileError(file, `not a source manifest: ${describeIssues(header.error)}`, { code: "BAD_MANIFEST" });
  }
  const { groups } = header.data;
  const entries: SourceEntry[] = [];
  const ids = new Map<string, number>();
  const paths = new Map<string, number>();
  header.data.entries.forEach((raw, index) => {
    const rawId = typeof raw === "object" && raw !== null && "id" in raw ? String((raw as { id: unknown }).id) : "?";
    const where = `entry ${index} (${rawId})`;
    const parsed = sourceEntrySchema.safeParse(raw);
    if (!parsed.success) {
      throw new DataFileError(file, `invalid ${describeIssues(parsed.error)}`, {
        code: "BAD_MANIFEST",
        position: where,
      });
    }
    const e = parsed.data;
    if (!(e.group in groups)) {
      throw new DataFileError(file, `group "${e.group}" is not declared in "groups"`, {
        code: "BAD_MANIFEST",
        position: where,
      });
    }
    const dupId = ids.get(e.id);
    if (dupId !== undefined) {
      throw new DataFileError(file, `duplicate id (also entry ${dupId})`, { code: "BAD_MANIFEST", position: where });
    }
    const dupPath = paths.get(e.path);
    if (dupPath !== undefined) {
      throw new DataFileError(file, `duplicate path ${e.path} (also entry ${dupPath})`, {
        code: "BAD_MANIFEST",
        position: where,
      });
    }
    ids.set(e.id, index);
    paths.set(e.path, index);
    entries.push(e);
  });
  return {
    version: 1,
    ...(header.data.generatedBy !== undefined ? { generatedBy: header.data.generatedBy } : {}),
    ...(header.data.conventions !== undefined ? { conventions: header.data.conventions } : {}),
    groups,
    entries,
  };
}

const loaded = new Map<string, SourceManifest>();

/** Read and validate a manifest file (default: the committed `manifest/sources.json`); cached per path. */
export function loadManifest(file: string = defaultManifestPath): SourceManifest {
  const abs = resolve(file);
  const hit = loaded.get(abs);
  if (hit) return hit;
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (err) {
    throw new DataFileError(abs, `cannot read the source manifest (${(err as Error).message})`, {
      code: "BAD_MANIFEST",
      cause: err,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DataFileError(abs, `manifest is not valid JSON (${(err as Error).message})`, {
      code: "BAD_MANIFEST",
      cause: err,
    });
  }
  const manifest = parseManifest(data, abs);
  loaded.set(abs, manifest);
  return manifest;
}

/**
 * The entries selected by `only`: group names and/or entry ids (an array, or one comma-separated string).
 * No filter selects everything. An unknown name is an `InputError` listing the groups.
 */
export function selectEntries(manifest: SourceManifest, only?: string | readonly string[]): SourceEntry[] {
  const names = (typeof only === "string" ? only.split(",") : (only ?? []))
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) return manifest.entries;
  const ids = new Set(manifest.entries.map((e) => e.id));
  const unknown = names.filter((n) => !(n in manifest.groups) && !ids.has(n));
  if (unknown.length > 0) {
    throw new InputError(
      "UNKNOWN_DATASET",
      "--only",
      `unknown group or dataset id: ${unknown.join(", ")} (groups: ${Object.keys(manifest.groups).join(", ")})`,
      closest(unknown[0] ?? "", [...Object.keys(manifest.groups), ...ids]),
    );
  }
  const wanted = new Set(names);
  return manifest.entries.filter((e) => wanted.has(e.group) || wanted.has(e.id));
}

function closest(name: string, candidates: string[]): string[] {
  const n = name.toLowerCase();
  return candidates.filter((c) => c.includes(n) || (n.length >= 3 && n.includes(c))).slice(0, 5);
}
