/**
 * Reader of the USITC HTS release list (`https://hts.usitc.gov/reststop/releaseList`, the `officialPage` of every HTS
 * edition in the manifest): which HTS releases the publisher lists, by name, with the day each was released.
 *
 * Shape. USITC documents the REST service's endpoints, not this answer's fields, so the reader relies only on what
 * could be confirmed from answers quoted in public code: a JSON array of objects, one per release, each with
 * `name` (the release's file name, e.g. "2025HTSRev28", "2026HTSBasic" — the same name the change-record address
 * takes, `reststop/file?release=<name>`), `description` ("2025 HTS Revision 28"), `status` ("current" for the one in
 * force) and `releaseStartDate` ("MM/DD/YYYY", the day it was posted: a publication date, never a legal date). Only
 * `name` is required; every other field is optional and read when it has the quoted type; fields not named here are
 * ignored. An answer of another shape is a `DataFileError` naming the element at fault, never an empty list.
 */
import { DataFileError } from "../common/errors.js";

/** One release of the list. */
export interface HtsRelease {
  /** The publisher's name of the release: "2026HTSRev10", "2025HTSBasic". */
  name: string;
  /** Its place in the sequence, when the name is an edition name (basic = revision 0); absent otherwise. */
  edition?: { year: number; revision: number };
  /** The publisher's description, when given. */
  description?: string;
  /** The publisher's status ("current", …), when given. */
  status?: string;
  /** The day USITC posted the release (YYYY-MM-DD, from `releaseStartDate`), when given. */
  releasedOn?: string;
}

/** "2026HTSRev10" → { year: 2026, revision: 10 }; "2025HTSBasic" → revision 0; anything else → undefined. */
export function releaseEdition(name: string): { year: number; revision: number } | undefined {
  const m = /^(\d{4})HTS(?:(Basic)|Rev(\d{1,3}))$/i.exec(name.trim());
  if (!m) return undefined;
  return { year: Number(m[1]), revision: m[2] !== undefined ? 0 : Number(m[3]) };
}

/** The publisher's release name of an edition: (2026, 10) → "2026HTSRev10", (2025, 0) → "2025HTSBasic". */
export function releaseName(year: number, revision: number): string {
  return revision === 0 ? `${year}HTSBasic` : `${year}HTSRev${revision}`;
}

/** Order of two editions: negative when `a` is older. */
export function compareReleaseEditions(
  a: { year: number; revision: number },
  b: { year: number; revision: number },
): number {
  return a.year - b.year || a.revision - b.revision;
}

function usDay(text: string): string | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return undefined;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

/**
 * Read the parsed JSON of a release list. `label` names the answer in errors (its address). Throws a `DataFileError`
 * when the answer is not an array, is empty, or an element has no string `name`, or a `releaseStartDate` that is not
 * a calendar day MM/DD/YYYY; two elements of one name are an error too (the list would be ambiguous).
 */
export function readReleaseList(value: unknown, label: string): HtsRelease[] {
  if (!Array.isArray(value)) {
    throw new DataFileError(label, `a release list should be a JSON array of releases, found ${typeName(value)}`, {
      code: "BAD_RELEASE_LIST",
      position: "top level",
    });
  }
  if (value.length === 0)
    throw new DataFileError(label, "the release list names no release", { code: "BAD_RELEASE_LIST" });
  const seen = new Set<string>();
  return value.map((raw, i) => {
    const position = `element ${i}`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      throw new DataFileError(label, `a release should be an object, found ${typeName(raw)}`, {
        code: "BAD_RELEASE_LIST",
        position,
      });
    }
    const r = raw as Record<string, unknown>;
    if (typeof r.name !== "string" || r.name.trim() === "") {
      throw new DataFileError(
        label,
        `a release needs a non-empty string "name", found ${JSON.stringify(r.name) ?? "nothing"}`,
        {
          code: "BAD_RELEASE_LIST",
          position,
        },
      );
    }
    const name = r.name.trim();
    if (seen.has(name))
      throw new DataFileError(label, `release "${name}" is listed twice`, { code: "BAD_RELEASE_LIST", position });
    seen.add(name);
    const release: HtsRelease = { name };
    const edition = releaseEdition(name);
    if (edition) release.edition = edition;
    if (typeof r.description === "string" && r.description.trim() !== "") release.description = r.description.trim();
    if (typeof r.status === "string" && r.status.trim() !== "") release.status = r.status.trim();
    if (r.releaseStartDate !== undefined && r.releaseStartDate !== null) {
      const day = typeof r.releaseStartDate === "string" ? usDay(r.releaseStartDate) : undefined;
      if (day === undefined) {
        throw new DataFileError(
          label,
          `release "${name}": releaseStartDate ${JSON.stringify(r.releaseStartDate)} is not a day MM/DD/YYYY`,
          {
            code: "BAD_RELEASE_LIST",
            position,
          },
        );
      }
      release.releasedOn = day;
    }
    return release;
  });
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`;
}
