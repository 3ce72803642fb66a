/**
 * The register of HTS editions the project reads: the 44 USITC JSON archives from 2025 Basic to 2026 Revision 10, in
 * publication order, with their change records; and the later revisions (2026 Revision 11 onward) that exist here
 * only as change records. Publication dates come from the change-record headers (or, where a record prints none,
 * from manifest/editions.json with a citation). Publication dates are never legal effective dates.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DataFileError, InputError } from "../common/errors.js";
import { isLegalDay, type LegalDay } from "../common/legalDate.js";
import { readChangeRecord } from "../sources/changeRecord.js";
import { gunzipNamed } from "../sources/htsArchive.js";
import { editDistance } from "../common/editDistance.js";

/** One HTS edition with a JSON archive. Paths are relative to the data mirror root (e.g. shared/data). */
export interface Edition {
  /** "2025_basic", "2025_rev_27", "2026_rev_10". */
  id: string;
  year: number;
  /** Revision number; 0 for the basic edition. */
  revision: number;
  /** "2025 Basic", "2025 Revision 27". */
  label: string;
  /** "us/hts/hts_<id>.json.gz". */
  archive: string;
  /** The USITC change record of this edition (text extraction of the PDF, or Markdown for 2026 Revision 10). */
  changeRecord?: string | undefined;
}

/** A revision published after the last stored JSON archive: only its change record is available. */
export interface LaterRevision {
  id: string;
  year: number;
  revision: number;
  label: string;
  /** "us/hts-later/2026HTSRev<n>/change-record.md". */
  changeRecord: string;
}

/** Where a publication date was taken from. */
export type PublicationDateSource =
  { kind: "change-record"; file: string } | { kind: "manifest"; file: string; citation: string; secondary: boolean };

/** An edition or later revision with its publication date (the day USITC posted it, not a legal date). */
export type Dated<T> = T & {
  publishedOn?: LegalDay | undefined;
  publishedOnSource?: PublicationDateSource | undefined;
};

/** Editions whose stored archives decompress to the same bytes. */
export interface IdenticalEditionGroup {
  /** Edition ids, in edition order. */
  ids: string[];
  /** sha256 (hex) of the compared bytes (the decompressed JSON by default). */
  sha256: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The register
// ---------------------------------------------------------------------------------------------------------------

/** Canonical id: "2025_basic", "2026_rev_10". */
export function editionId(year: number, revision: number): string {
  return revision === 0 ? `${year}_basic` : `${year}_rev_${revision}`;
}

/** manifest/hts-editions.json: the register as data (ids, labels, archive and change-record paths, in order). */
export const EDITION_REGISTER_FILE = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "manifest", "hts-editions.json");

const registerSchema = z
  .object({
    description: z.string().min(1),
    editions: z.array(
      z
        .object({
          id: z.string().min(1),
          year: z.number().int(),
          revision: z.number().int().min(0),
          label: z.string().min(1),
          archive: z.string().min(1),
          changeRecord: z.string().min(1).optional(),
        })
        .strict(),
    ),
    laterRevisions: z.array(
      z.object({ id: z.string().min(1), year: z.number().int(), revision: z.number().int().min(1), label: z.string().min(1), changeRecord: z.string().min(1) }).strict(),
    ),
  })
  .strict();

function readRegister(file: string): z.infer<typeof registerSchema> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new DataFileError(file, "cannot read the edition register", { cause, code: "MISSING_FILE" });
  }
  const parsed = registerSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new DataFileError(file, `${i.path.join(".")}: ${i.message}`, { code: "BAD_MANIFEST" });
  }
  for (const e of parsed.data.editions) {
    if (e.id !== editionId(e.year, e.revision)) throw new DataFileError(file, `edition ${e.id} does not match year ${e.year} revision ${e.revision}`, { code: "BAD_MANIFEST" });
  }
  return parsed.data;
}

const REGISTER = readRegister(EDITION_REGISTER_FILE);

/** The editions with a JSON archive, oldest first (manifest/hts-editions.json). */
export const EDITIONS: readonly Edition[] = Object.freeze(REGISTER.editions.map((e) => Object.freeze({ ...e })));

/** Revisions after the last archive: change records only, for the ledger's dates (manifest/hts-editions.json). */
export const LATER_REVISIONS: readonly LaterRevision[] = Object.freeze(REGISTER.laterRevisions.map((e) => Object.freeze({ ...e })));

// ---------------------------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------------------------

const ID_FORM =
  /^(?:hts[\s_-]*)?(\d{4})[\s_-]*(?:hts)?[\s_-]*(?:(basic)(?:[\s_-]*edition)?|(?:revision|rev|r)\.?[\s_-]*(\d{1,3}))(?:\.json(?:\.gz)?)?$/i;

/**
 * Read an edition name in any of the usual spellings: "2026_rev_10", "2026 rev 10", "2026HTSRev10",
 * "2026 Revision 10", "hts_2026_rev_10.json.gz", "2025_basic", "2025 Basic". Undefined when it is none of these.
 */
export function parseEditionName(text: string): { year: number; revision: number } | undefined {
  const m = ID_FORM.exec(text.trim());
  if (!m) return undefined;
  return { year: Number(m[1]), revision: m[2] ? 0 : Number(m[3]) };
}


/** Up to three valid ids nearest to what the caller wrote. */
function nearestIds(text: string, parsed: { year: number; revision: number } | undefined): string[] {
  if (parsed) {
    const rank = (e: Edition): number =>
      e.year === parsed.year ? Math.abs(e.revision - parsed.revision) : 1000 + Math.abs(e.year - parsed.year) * 100;
    return [...EDITIONS]
      .sort((a, b) => rank(a) - rank(b) || compareEditions(a, b))
      .slice(0, 3)
      .map((e) => e.id)
      .sort((a, b) => compareEditions(a, b));
  }
  const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const q = squash(text);
  return EDITIONS.map((e) => ({ id: e.id, d: editDistance(q, squash(e.id)) }))
    .sort((a, b) => a.d - b.d || compareEditions(a.id, b.id))
    .slice(0, 3)
    .map((x) => x.id);
}

/**
 * The edition an id names, in any accepted spelling (see parseEditionName). Throws an InputError
 * ("UNKNOWN_EDITION") with the nearest valid ids as suggestions when there is no such archived edition.
 */
export function editionById(id: string): Edition {
  const parsed = parseEditionName(id);
  if (parsed) {
    const found = EDITIONS.find((e) => e.year === parsed.year && e.revision === parsed.revision);
    if (found) return found;
    const later = LATER_REVISIONS.find((e) => e.year === parsed.year && e.revision === parsed.revision);
    if (later) {
      throw new InputError(
        "UNKNOWN_EDITION",
        "edition",
        `"${id}" (${later.label}) has no stored HTS archive, only a change record (see LATER_REVISIONS)`,
        nearestIds(id, parsed),
      );
    }
  }
  throw new InputError("UNKNOWN_EDITION", "edition", `"${id}" is not a stored HTS edition`, nearestIds(id, parsed));
}

/** Order of two editions (or later revisions, or ids in any accepted spelling): negative when a is older. */
export function compareEditions(a: string | { id: string }, b: string | { id: string }): number {
  const key = (x: string | { id: string }): { year: number; revision: number } => {
    const text = typeof x === "string" ? x : x.id;
    const p = parseEditionName(text);
    if (!p)
      throw new InputError(
        "UNKNOWN_EDITION",
        "edition",
        `"${text}" is not an edition name`,
        nearestIds(text, undefined),
      );
    return p;
  };
  const ka = key(a);
  const kb = key(b);
  return ka.year - kb.year || ka.revision - kb.revision;
}

// ---------------------------------------------------------------------------------------------------------------
// Publication dates
// ---------------------------------------------------------------------------------------------------------------

/** manifest/editions.json, beside src/ (and beside dist/ once built). */
export const EDITION_MANIFEST = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "manifest",
  "editions.json",
);

const ManifestSchema = z.object({
  description: z.string().optional(),
  editions: z.array(
    z.object({
      id: z.string(),
      publishedOn: z.string().refine(isLegalDay, "publishedOn must be a YYYY-MM-DD date"),
      citation: z.string().min(1),
      secondary: z.boolean(),
    }),
  ),
});

/** One fallback publication date of manifest/editions.json. */
export type ManifestPublicationDate = z.infer<typeof ManifestSchema>["editions"][number];

/** Read and check the fallback publication dates of manifest/editions.json. */
export async function readEditionManifest(file: string = EDITION_MANIFEST): Promise<ManifestPublicationDate[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new DataFileError(
      file,
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      {
        code: "MISSING_FILE",
        cause: err,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DataFileError(file, `invalid JSON: ${(err as Error).message}`, { code: "INVALID_JSON", cause: err });
  }
  const parsed = ManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataFileError(file, issue.message, { code: "BAD_MANIFEST", position: issue.path.join(".") });
  }
  for (const entry of parsed.data.editions) {
    if (!parseEditionName(entry.id)) {
      throw new DataFileError(file, `"${entry.id}" is not an edition id`, {
        code: "BAD_MANIFEST",
        position: `editions.${entry.id}`,
      });
    }
  }
  return parsed.data.editions;
}

async function datePublication<T extends { id: string; changeRecord?: string | undefined }>(
  mirrorDir: string,
  entry: T,
  manifest: ManifestPublicationDate[],
  manifestFile: string,
): Promise<Dated<T>> {
  if (entry.changeRecord !== undefined) {
    const file = join(mirrorDir, entry.changeRecord);
    if (existsSync(file)) {
      const record = await readChangeRecord(file, entry.id);
      if (record.publishedOn !== undefined) {
        return {
          ...entry,
          publishedOn: record.publishedOn,
          publishedOnSource: { kind: "change-record", file: entry.changeRecord },
        };
      }
    }
  }
  const fallback = manifest.find((m) => parseEditionName(m.id) && compareEditions(m.id, entry.id) === 0);
  if (fallback) {
    return {
      ...entry,
      publishedOn: fallback.publishedOn,
      publishedOnSource: {
        kind: "manifest",
        file: manifestFile,
        citation: fallback.citation,
        secondary: fallback.secondary,
      },
    };
  }
  return { ...entry, publishedOn: undefined, publishedOnSource: undefined };
}

/**
 * The register with publication dates: from each change record's header when printed, else from
 * manifest/editions.json. An entry with neither keeps `publishedOn` undefined.
 * @param mirrorDir root of the data mirror (the folder holding `us/`)
 */
export async function loadEditionRegister(
  mirrorDir: string,
  manifestFile: string = EDITION_MANIFEST,
): Promise<{ editions: Dated<Edition>[]; later: Dated<LaterRevision>[] }> {
  const manifest = await readEditionManifest(manifestFile);
  const editions = await Promise.all(EDITIONS.map((e) => datePublication(mirrorDir, e, manifest, manifestFile)));
  const later = await Promise.all(LATER_REVISIONS.map((e) => datePublication(mirrorDir, e, manifest, manifestFile)));
  return { editions, later };
}

// ---------------------------------------------------------------------------------------------------------------
// Identical archives
// ---------------------------------------------------------------------------------------------------------------

function archivePath(dir: string, e: Edition): string {
  const nested = join(dir, e.archive);
  return existsSync(nested) ? nested : join(dir, basename(e.archive));
}

/**
 * Groups of editions whose stored archives are byte-identical, oldest first. By default the decompressed JSON is
 * compared (`compare: "content"`): the stored .gz files of identical editions differ in their gzip header (time
 * stamp), so comparing the compressed files (`compare: "file"`) finds none.
 * @param dir the data mirror root (holding us/hts/) or the folder of the hts_<id>.json.gz files
 */
export async function findIdenticalEditions(
  dir: string,
  options: { compare?: "content" | "file" } = {},
): Promise<IdenticalEditionGroup[]> {
  const compare = options.compare ?? "content";
  const byHash = new Map<string, string[]>();
  for (const e of EDITIONS) {
    const file = archivePath(dir, e);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      throw new DataFileError(
        file,
        `cannot read the archive of ${e.label} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        {
          code: "MISSING_FILE",
          cause: err,
        },
      );
    }
    const payload = compare === "content" ? gunzipNamed(file, bytes) : bytes;
    const sha256 = createHash("sha256").update(payload).digest("hex");
    const ids = byHash.get(sha256) ?? [];
    ids.push(e.id);
    byHash.set(sha256, ids);
  }
  return [...byHash]
    .filter(([, ids]) => ids.length > 1)
    .map(([sha256, ids]) => ({ ids, sha256 }))
    .sort((a, b) => compareEditions(a.ids[0]!, b.ids[0]!));
}
