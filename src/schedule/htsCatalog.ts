import type { HtsEdition } from "./htsTree.js";

/**
 * The HTS across editions, folded into versions: a statistical line or a Chapter 99 heading keeps one version for as
 * long as its printed facts stay the same, so 44 editions of ~20,000 lines fit in a few MB and answer "what did the
 * schedule print for this line in edition X" without re-reading the archives.
 */

/** A run of consecutive editions [from, to] (indexes in `HtsCatalog.editions`) in which a line printed the same facts. */
export interface LineVersion {
  from: number;
  to: number;
  /** Digits of the legal rate line. */
  legalCode: string;
  /** The legal line's `general` (column 1 General) text, raw. */
  general: string;
  /** The legal line's `other` (column 2) text, raw. */
  other: string;
  /** The legal line's `special` (column 1 Special: preference programs such as USMCA "S"/"S+") text, raw. */
  special: string;
  description: string;
  /** Chapter 99 headings the line's footnotes point to (inherited as the tree dictates). */
  chapter99: string[];
  chapter99Prefixes: string[];
  /** Row of the statistical line in the first edition of the run. */
  row: number;
}

/** A run of editions in which a Chapter 99 heading printed the same rate and (HTML-insensitive) description. */
export interface HeadingVersion {
  from: number;
  to: number;
  general: string;
  other: string;
  /** The description as printed (HTML kept). */
  description: string;
  /** Description with HTML and whitespace noise removed, the basis for change detection. */
  normalized: string;
  row: number;
}

export interface HtsCatalog {
  /** Edition ids, oldest first. */
  editions: string[];
  /** HTS-10 digits → versions, oldest first. Lines absent from an edition have no version covering it. */
  lines: Map<string, LineVersion[]>;
  /** Chapter 99 heading digits (8 or 10) → versions. */
  headings: Map<string, HeadingVersion[]>;
}

export function emptyCatalog(): HtsCatalog {
  return { editions: [], lines: new Map(), headings: new Map() };
}

function sameLine(a: LineVersion, b: Omit<LineVersion, "from" | "to" | "row">): boolean {
  return (
    a.legalCode === b.legalCode &&
    a.general === b.general &&
    a.other === b.other &&
    a.special === b.special &&
    a.description === b.description &&
    a.chapter99.join() === b.chapter99.join() &&
    a.chapter99Prefixes.join() === b.chapter99Prefixes.join()
  );
}

/** What one edition contributes to the catalog: plain data, cheap to pass between worker threads. */
export interface EditionSummary {
  id: string;
  lines: (Omit<LineVersion, "from" | "to"> & { code: string })[];
  headings: (Omit<HeadingVersion, "from" | "to"> & { code: string })[];
}

/**
 * Reduce a parsed edition to its catalog facts. `normalize` turns a heading description into its change-detection
 * form (HTML and whitespace removed).
 */
export function summarizeEdition(edition: HtsEdition, normalize: (html: string) => string): EditionSummary {
  const lines: EditionSummary["lines"] = edition.leaves.map((leaf) => {
    const node = edition.nodes[leaf.node]!;
    const legal = edition.nodes[leaf.legalNode]!;
    return {
      code: leaf.code,
      legalCode: leaf.legalCode,
      general: legal.general,
      other: legal.other,
      special: legal.special,
      description: node.description,
      chapter99: leaf.chapter99,
      chapter99Prefixes: leaf.chapter99Prefixes,
      row: node.row,
    };
  });
  const headings: EditionSummary["headings"] = [...edition.chapter99].map(([code, idx]) => {
    const node = edition.nodes[idx]!;
    return {
      code,
      general: node.general,
      other: node.other,
      description: node.description,
      normalized: normalize(node.description),
      row: node.row,
    };
  });
  return { id: edition.id, lines, headings };
}

/** Fold the summary of the next edition (in order) into the catalog. */
export function addSummaryToCatalog(catalog: HtsCatalog, summary: EditionSummary): void {
  const idx = catalog.editions.length;
  catalog.editions.push(summary.id);
  for (const { code, ...facts } of summary.lines) {
    let versions = catalog.lines.get(code);
    if (!versions) {
      versions = [];
      catalog.lines.set(code, versions);
    }
    const last = versions[versions.length - 1];
    if (last && last.to === idx - 1 && sameLine(last, facts)) last.to = idx;
    else versions.push({ from: idx, to: idx, ...facts });
  }
  for (const { code, ...h } of summary.headings) {
    let versions = catalog.headings.get(code);
    if (!versions) {
      versions = [];
      catalog.headings.set(code, versions);
    }
    const last = versions[versions.length - 1];
    if (
      last &&
      last.to === idx - 1 &&
      last.general.trim() === h.general.trim() &&
      last.other.trim() === h.other.trim() &&
      last.normalized === h.normalized
    ) {
      last.to = idx;
    } else {
      versions.push({ from: idx, to: idx, ...h });
    }
  }
}

/** Fold one parsed edition (the next in order) into the catalog. */
export function addEditionToCatalog(catalog: HtsCatalog, edition: HtsEdition, normalize: (html: string) => string): void {
  addSummaryToCatalog(catalog, summarizeEdition(edition, normalize));
}

/** The version of a line or heading printed in edition `idx`, if any. */
export function versionAt<T extends { from: number; to: number }>(versions: readonly T[] | undefined, idx: number): T | undefined {
  if (!versions) return undefined;
  for (const v of versions) if (v.from <= idx && idx <= v.to) return v;
  return undefined;
}
