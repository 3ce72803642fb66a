import type { HtsRawRow } from "../sources/htsArchive.js";
import { parseFootnote, type FootnoteRef } from "../sources/footnoteRefs.js";

/**
 * One row of an HTS edition placed in its product tree. The tree is rebuilt from `indent` alone: header rows with a
 * blank code ("Horses:") are nodes too, and parents are found by walking back up the indent levels, never by code
 * prefix.
 */
export interface HtsNode {
  /** Position of the row in the source file (0-based): provenance for every fact read from it. */
  row: number;
  /** Digits of the code ("0101210010"), or "" for a text-only header row. */
  code: string;
  indent: number;
  description: string;
  /** Index (in `HtsEdition.nodes`) of the parent node, -1 for top-level rows. */
  parent: number;
  general: string;
  other: string;
  special: string;
  units: string[];
  footnotes: FootnoteRef[];
}

/** A statistical (HTS-10) leaf resolved to its legal line and base rate. */
export interface HtsLeaf {
  /** Index of the leaf node. */
  node: number;
  code: string;
  /** Index of the node whose `general` text is the legal rate of this leaf (itself, or the nearest rated ancestor). */
  legalNode: number;
  /** Digits of the legal rate line (8 digits usually; 10 when the rate is printed on the statistical row). */
  legalCode: string;
  /** Chapter 99 references that apply to this leaf: inherited General-column footnotes of its ancestors, plus its own. */
  chapter99: string[];
  /** 6-digit heading references such as "9903.92", inherited likewise. */
  chapter99Prefixes: string[];
}

export interface HtsEdition {
  id: string;
  file: string;
  nodes: HtsNode[];
  leaves: HtsLeaf[];
  /** Digits → node index, for every numbered row (later duplicates keep the first). */
  byCode: Map<string, number>;
  /** Chapter 99 heading rows (codes starting 99), digits → node index. */
  chapter99: Map<string, number>;
}

function isChapter99(code: string): boolean {
  return code.startsWith("99");
}

/**
 * Build the product tree of one edition. Every 10-digit row of chapters 01–97 becomes a leaf resolved to its legal
 * line: the nearest node, itself included, with a non-empty `general` text of any kind (the stack is updated on every
 * non-empty rate, parsable or not, so a compound-rated parent is never skipped in favour of an earlier sibling).
 */
export function buildHtsEdition(id: string, file: string, rows: HtsRawRow[]): HtsEdition {
  const nodes: HtsNode[] = [];
  const byCode = new Map<string, number>();
  const chapter99 = new Map<string, number>();
  // stack[k] = index of the latest node at indent k
  const stack: number[] = [];
  // Footnote texts repeat thousands of times per edition: parse each distinct one once.
  const footnoteMemo = new Map<string, FootnoteRef>();
  const footnote = (f: HtsRawRow["footnotes"][number]): FootnoteRef => {
    const key = `${f.columns.join(",")}\u0000${f.value}`;
    let ref = footnoteMemo.get(key);
    if (!ref) {
      ref = parseFootnote(f);
      footnoteMemo.set(key, ref);
    }
    return ref;
  };
  for (const r of rows) {
    const code = r.htsno.replace(/\./g, "");
    stack.length = Math.min(stack.length, r.indent);
    let parent = -1;
    for (let k = r.indent - 1; k >= 0; k--) {
      const p = stack[k];
      if (p !== undefined) {
        parent = p;
        break;
      }
    }
    const idx = nodes.length;
    nodes.push({
      row: r.index,
      code,
      indent: r.indent,
      description: r.description,
      parent,
      general: r.general.trim(),
      other: r.other.trim(),
      special: r.special.trim(),
      units: r.units,
      footnotes: r.footnotes.map(footnote),
    });
    stack[r.indent] = idx;
    if (code !== "") {
      if (!byCode.has(code)) byCode.set(code, idx);
      if (isChapter99(code) && code.length >= 8) chapter99.set(code, idx);
    }
  }
  const leaves: HtsLeaf[] = [];
  const hasTenDigitRow = new Set<string>();
  for (const n of nodes) if (n.code.length === 10) hasTenDigitRow.add(n.code.slice(0, 8));
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (isChapter99(n.code) || n.code.startsWith("98")) continue;
    if (n.code.length === 10) leaves.push(resolveLeaf(nodes, i));
    // A rated 8-digit legal line printed without any statistical row (e.g. many watch lines of chapter 91) is its
    // own statistical line, reported with suffix 00 (as Census reports it).
    else if (n.code.length === 8 && n.general !== "" && !hasTenDigitRow.has(n.code)) leaves.push({ ...resolveLeaf(nodes, i), code: `${n.code}00` });
  }
  return { id, file, nodes, leaves, byCode, chapter99 };
}

function resolveLeaf(nodes: HtsNode[], i: number): HtsLeaf {
  const leaf = nodes[i]!;
  let legalNode = -1;
  const refs = new Set<string>();
  const prefixes = new Set<string>();
  for (let k = i; k >= 0; k = nodes[k]!.parent) {
    const n = nodes[k]!;
    if (legalNode < 0 && n.general !== "") legalNode = k;
    for (const f of n.footnotes) {
      if (f.column !== "general" && !(k === i && f.column === "desc")) continue;
      // Partial-coverage footnotes (note 20(g) on 9903.88.04) cover only the rows that carry them.
      if (f.partialCoverage && k !== i) continue;
      for (const h of f.headings) if (h.startsWith("99")) refs.add(h);
      for (const p of f.headingPrefixes) if (p.startsWith("99")) prefixes.add(p);
    }
  }
  const legal = legalNode >= 0 ? nodes[legalNode]! : leaf;
  return {
    node: i,
    code: leaf.code,
    legalNode: legalNode >= 0 ? legalNode : i,
    legalCode: legal.code,
    chapter99: [...refs].sort(),
    chapter99Prefixes: [...prefixes].sort(),
  };
}

/** The ancestors of a node, root first (header rows included). */
export function ancestorsOf(edition: HtsEdition, node: number): HtsNode[] {
  const out: HtsNode[] = [];
  for (let k = edition.nodes[node]!.parent; k >= 0; k = edition.nodes[k]!.parent) out.push(edition.nodes[k]!);
  return out.reverse();
}

/** Statistical leaves under a code (itself when it is a leaf), in file order. */
export function leavesUnder(edition: HtsEdition, digits: string): HtsLeaf[] {
  return edition.leaves.filter((l) => l.code.startsWith(digits));
}
