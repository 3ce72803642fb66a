/**
 * What the ledger does not cover of an edition's Chapter 99: every heading (dddd.dd.dd) the edition prints that no
 * measure references and `unmodelled-headings.yaml` does not name is listed with its text and printed rate; and every
 * heading whose printed rate differs from the rate of each in-force measure open on the edition's day (the check
 * `ledger check` makes against the stored editions, here on one edition that may be newer than them). Nothing is
 * dropped: the counts add up to the headings printed.
 */
import { join } from "node:path";
import { readHtsArchive, type HtsRawRow } from "../sources/htsArchive.js";
import { LEDGER_DIR } from "./compileLedger.js";
import { loadLedgerFiles } from "./eventFiles.js";
import { toStackMeasures } from "./stackMeasures.js";
import type { Measure } from "./measureSchema.js";
import { printedRatePercent } from "./printedRate.js";
import { loadUnmodelledHeadings, unmodelledGroupOf, type UnmodelledGroup } from "./unmodelledHeadings.js";

const HEADING = /^99\d{2}\.\d{2}\.\d{2}$/;

/** A printed Chapter 99 heading. */
export interface PrintedHeading {
  heading: string;
  description: string;
  /** The general rate column as printed. */
  general: string;
}

/** A heading whose printed rate is not the ledger's. */
export interface RateDifference extends PrintedHeading {
  /** The printed rate as a percentage; null when the text is not a rate this reader knows (named, never skipped). */
  printedPercent: number | null;
  /** The in-force measures open on the day, with their rates. */
  ledger: Array<{ measure: string; percent: number }>;
}

/** The report. */
export interface HeadingCoverage {
  /** The edition read (id) and its file. */
  edition: string;
  file: string;
  /** The day measures are taken on for the rate comparison. */
  asOf: string;
  printed: number;
  modelled: number;
  unmodelled: number;
  /** Per group of `unmodelled-headings.yaml`: its reason and how many printed headings it named. */
  unmodelledGroups: Array<{ reason: string; headings: number }>;
  uncovered: PrintedHeading[];
  rateDiffers: RateDifference[];
  /** With an earlier edition to compare with: the Chapter 99 headings printed now and not then. */
  newSince?: { edition: string; headings: string[] };
}

/** The Chapter 99 headings (dddd.dd.dd) of an edition's rows, in file order. */
export function chapter99Headings(rows: readonly HtsRawRow[]): PrintedHeading[] {
  return rows
    .filter((r) => HEADING.test(r.htsno))
    .map((r) => ({
      heading: r.htsno,
      description: r.description.replace(/\s+/g, " ").trim(),
      general: r.general.trim(),
    }));
}

const nominal = (m: Measure): number => ("addOn" in m.rate ? m.rate.addOn : "total" in m.rate ? m.rate.total : 0);

/** Compare one edition's Chapter 99 with the ledger; see the module comment. */
export function headingCoverage(
  rows: readonly HtsRawRow[],
  measures: readonly Measure[],
  unmodelled: readonly UnmodelledGroup[],
  edition: { id: string; file: string; asOf: string },
): HeadingCoverage {
  const byHeading = new Map<string, Measure[]>();
  for (const m of measures) {
    const list = byHeading.get(m.heading) ?? [];
    list.push(m);
    byHeading.set(m.heading, list);
  }
  const printed = chapter99Headings(rows);
  const groupCounts = new Map<UnmodelledGroup, number>();
  const uncovered: PrintedHeading[] = [];
  const rateDiffers: RateDifference[] = [];
  let modelled = 0;
  for (const p of printed) {
    const ms = byHeading.get(p.heading);
    if (ms) {
      modelled++;
      const open = ms.filter(
        (m) =>
          m.role === "duty" &&
          m.status === "in-force" &&
          m.window.from <= edition.asOf &&
          (m.window.to === undefined || edition.asOf < m.window.to),
      );
      const percent = printedRatePercent(p.general);
      if (open.length > 0 && (percent === undefined || !open.some((m) => nominal(m) === percent))) {
        rateDiffers.push({
          ...p,
          printedPercent: percent ?? null,
          ledger: open.map((m) => ({ measure: m.id, percent: nominal(m) })),
        });
      }
      continue;
    }
    const group = unmodelledGroupOf(unmodelled, p.heading);
    if (group) groupCounts.set(group, (groupCounts.get(group) ?? 0) + 1);
    else uncovered.push(p);
  }
  const unmodelledCount = [...groupCounts.values()].reduce((a, b) => a + b, 0);
  return {
    edition: edition.id,
    file: edition.file,
    asOf: edition.asOf,
    printed: printed.length,
    modelled,
    unmodelled: unmodelledCount,
    unmodelledGroups: unmodelled.map((g) => ({ reason: g.reason, headings: groupCounts.get(g) ?? 0 })),
    uncovered,
    rateDiffers,
  };
}

/**
 * Read an edition's archive and the curated ledger, and compare them (`headingCoverage`); with `previous` (an earlier
 * edition's archive), also say which Chapter 99 headings are new since it.
 */
export async function editionCoverage(
  archive: string,
  edition: { id: string; file: string; asOf: string },
  options: { ledgerDir?: string; unmodelledFile?: string; previous?: { id: string; archive: string } } = {},
): Promise<HeadingCoverage> {
  const rows = await readHtsArchive(archive);
  const measures = toStackMeasures(await loadLedgerFiles(join(options.ledgerDir ?? LEDGER_DIR, "events")));
  const unmodelled = await loadUnmodelledHeadings(
    options.unmodelledFile ?? join(options.ledgerDir ?? LEDGER_DIR, "unmodelled-headings.yaml"),
  );
  const report = headingCoverage(rows, measures, unmodelled, edition);
  if (options.previous === undefined) return report;
  const before = new Set(chapter99Headings(await readHtsArchive(options.previous.archive)).map((h) => h.heading));
  const headings = chapter99Headings(rows)
    .map((h) => h.heading)
    .filter((h) => !before.has(h));
  return { ...report, newSince: { edition: options.previous.id, headings } };
}
