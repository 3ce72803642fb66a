import { InputError } from "../common/errors.js";
import { formatHts } from "../common/htsCode.js";
import type { LegalDay } from "../common/legalDate.js";
import { changesFor, type ChangeRecord } from "../sources/changeRecord.js";
import { truncateAtWord } from "../common/wordTruncate.js";
import { descriptionToText, normalizeDescriptionForDiff } from "../sources/chapter99Text.js";
import { versionAt, type HtsCatalog } from "./htsCatalog.js";

/** Legal effective dates that the change records of the editions after A up to B give for an item. */
export interface LegalDate {
  edition: string;
  date: LegalDay;
  nature: string;
  source: string;
}

export interface EditionDiff {
  from: string;
  to: string;
  headings: {
    added: { heading: string; general: string; description: string; legalDates: LegalDate[] }[];
    removed: { heading: string; general: string; legalDates: LegalDate[] }[];
    changed: {
      heading: string;
      before: string;
      after: string;
      rateChanged: boolean;
      textChanged: boolean;
      legalDates: LegalDate[];
    }[];
  };
  lines: {
    established: { code: string; description: string; legalDates: LegalDate[] }[];
    discontinued: { code: string; legalDates: LegalDate[] }[];
    baseRateChanged: { code: string; legalLine: string; before: string; after: string; legalDates: LegalDate[] }[];
  };
  /** Editions between A and B that have no stored change record (their dates cannot be given). */
  editionsWithoutRecord: string[];
}

function editionIndex(catalog: HtsCatalog, id: string, field: string): number {
  const i = catalog.editions.indexOf(id);
  if (i < 0)
    throw new InputError(
      "UNKNOWN_EDITION",
      field,
      `"${id}" is not an edition in the catalog`,
      catalog.editions.slice(-3),
    );
  return i;
}

/**
 * Two texts of the schedule (a description or a rate) that read the same once markup, entities, typographic noise and
 * all whitespace are removed: "$1.13/m3" and "$1.13/m<sup>3</sup>" are the same rate; "<b>Other</b>" and "Other" the
 * same description; "and9903.02.84" (a space lost in one revision) and "and 9903.02.84" the same text.
 */
function sameText(a: string, b: string): boolean {
  return a === b || comparable(a) === comparable(b);
}

const comparable = (text: string): string => normalizeDescriptionForDiff(text).replace(/\s+/g, "");

/** Readable text of a description, cut at a word boundary (ellipsis) when longer than `max`. */
const excerpt = (description: string, max: number): string => truncateAtWord(descriptionToText(description), max);

/**
 * Headings added / removed / changed and HTS-10 lines established / discontinued / with a new base rate. Changes are
 * judged on the normalised text: a change of markup, entities or whitespace only is not a change.
 */
export function diffEditions(
  catalog: HtsCatalog,
  a: string,
  b: string,
  records: Map<string, ChangeRecord>,
): EditionDiff {
  const ia = editionIndex(catalog, a, "editionA");
  const ib = editionIndex(catalog, b, "editionB");
  if (ia === ib) throw new InputError("SAME_EDITION", "editionB", `both editions are ${a}`);
  const [lo, hi] = ia < ib ? [ia, ib] : [ib, ia];
  const between = catalog.editions.slice(lo + 1, hi + 1);
  const editionsWithoutRecord = between.filter((e) => !records.has(e));
  const datesFor = (item: string): LegalDate[] => {
    const out: LegalDate[] = [];
    for (const e of between) {
      const rec = records.get(e);
      if (!rec) continue;
      for (const c of changesFor(rec, item)) {
        if (c.effectiveDate) out.push({ edition: e, date: c.effectiveDate, nature: c.nature, source: c.legalSource });
      }
    }
    return out;
  };
  const diff: EditionDiff = {
    from: catalog.editions[ia]!,
    to: catalog.editions[ib]!,
    headings: { added: [], removed: [], changed: [] },
    lines: { established: [], discontinued: [], baseRateChanged: [] },
    editionsWithoutRecord,
  };
  for (const [code, versions] of catalog.headings) {
    const va = versionAt(versions, ia);
    const vb = versionAt(versions, ib);
    const h = formatHts(code);
    if (!va && vb)
      diff.headings.added.push({
        heading: h,
        general: vb.general,
        description: excerpt(vb.description, 200),
        legalDates: datesFor(h),
      });
    else if (va && !vb) diff.headings.removed.push({ heading: h, general: va.general, legalDates: datesFor(h) });
    else if (va && vb && va !== vb) {
      const rateChanged = !sameText(va.general, vb.general) || !sameText(va.other, vb.other);
      const textChanged = !sameText(va.description, vb.description);
      if (rateChanged || textChanged) {
        diff.headings.changed.push({
          heading: h,
          before: va.general,
          after: vb.general,
          rateChanged,
          textChanged,
          legalDates: datesFor(h),
        });
      }
    }
  }
  for (const [code, versions] of catalog.lines) {
    const va = versionAt(versions, ia);
    const vb = versionAt(versions, ib);
    const c = formatHts(code);
    if (!va && vb)
      diff.lines.established.push({ code: c, description: excerpt(vb.description, 120), legalDates: datesFor(c) });
    else if (va && !vb) diff.lines.discontinued.push({ code: c, legalDates: datesFor(c) });
    else if (va && vb && !sameText(va.general, vb.general)) {
      const legal = formatHts(vb.legalCode);
      diff.lines.baseRateChanged.push({
        code: c,
        legalLine: legal,
        before: va.general,
        after: vb.general,
        legalDates: datesFor(legal),
      });
    }
  }
  const byCode = (x: { heading?: string; code?: string }, y: { heading?: string; code?: string }): number =>
    (x.heading ?? x.code ?? "").localeCompare(y.heading ?? y.code ?? "");
  diff.headings.added.sort(byCode);
  diff.headings.removed.sort(byCode);
  diff.headings.changed.sort(byCode);
  diff.lines.established.sort(byCode);
  diff.lines.discontinued.sort(byCode);
  diff.lines.baseRateChanged.sort(byCode);
  return diff;
}
