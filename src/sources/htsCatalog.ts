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
    a.description === b.description &&
    a.chapter99.join() === b.chapter99.join() &&
    a.chapter99Prefixes.join() === b.chapter99Prefixes.join()
  );
}

/**
 * Fold one edition (the next in order) into the catalog. `normalize` turns a heading description into its
 * change-detection form (HTML and whitespace removed).
 */
export function addEditionToCatalog(catalog: HtsCatalog, edition: HtsEdition, normalize: (html: string) => string): void {
  const idx = catalog.editions.length;
  catalog.editions.push(edition.id);
  for (const leaf of edition.leaves) {
    const node = edition.nodes[leaf.node]!;
    const legal = edition.nodes[leaf.legalNode]!;
    const facts = {
      legalCode: leaf.legalCode,
      general: legal.general,
      other: legal.other,
      description: node.description,
      chapter99: leaf.chapter99,
      chapter99Prefixes: leaf.chapter99Prefixes,
    };
    let versions = catalog.lines.get(leaf.code);
    if (!versions) {
      versions = [];
      catalog.lines.set(leaf.code, versions);
    }
    const last = versions[versions.length - 1];
    if (last && last.to === idx - 1 && sameLine(last, facts)) last.to = idx;
    else versions.push({ from: idx, to: idx, row: node.row, ...facts });
  }
  for (const [code, nodeIdx] of edition.chapter99) {
    const node = edition.nodes[nodeIdx]!;
    const normalized = normalize(node.description);
    let versions = catalog.headings.get(code);
    if (!versions) {
      versions = [];
      catalog.headings.set(code, versions);
    }
    const last = versions[versions.length - 1];
    if (
      last &&
      last.to === idx - 1 &&
      last.general.trim() === node.general.trim() &&
      last.other.trim() === node.other.trim() &&
      last.normalized === normalized
    ) {
      last.to = idx;
    } else {
      versions.push({
        from: idx,
        to: idx,
        general: node.general,
        other: node.other,
        description: node.description,
        normalized,
        row: node.row,
      });
    }
  }
}

/** The version of a line or heading printed in edition `idx`, if any. */
export function versionAt<T extends { from: number; to: number }>(versions: T[] | undefined, idx: number): T | undefined {
  if (!versions) return undefined;
  for (const v of versions) if (v.from <= idx && idx <= v.to) return v;
  return undefined;
}
