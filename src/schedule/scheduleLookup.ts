import { describeSpecialCode, specialChapterOf } from "./specialChapters.js";
import { InputError } from "../common/errors.js";
import { formatHts, nearestCodes, parseHtsCode } from "../common/htsCode.js";
import type { LegalDay } from "../common/legalDate.js";
import type { ChangeRecord } from "../sources/changeRecord.js";
import { changesFor } from "../sources/changeRecord.js";
import { parseHeadingDescription, descriptionToText, type HeadingText } from "../sources/chapter99Text.js";
import type { HtsCatalog } from "./htsCatalog.js";
import { ancestorsOf, leavesUnder, type HtsEdition, type HtsNode } from "./htsTree.js";
import { describeRate, parseRateText, type RateExpr } from "../sources/rateText.js";

/** `tariffscope hts show`: one line of one edition with its ancestors, legal line, base rate and Chapter 99 pointers. */
export interface LineReport {
  edition: string;
  code: string;
  description: string;
  /** Ancestors, root first; header rows have code "". */
  ancestors: { code: string; description: string }[];
  /** Legal rate line (8 digits, or the 10-digit row that prints the rate). */
  legalLine: string;
  baseRate: { text: string; parsed: RateExpr; summary: string };
  column2: { text: string; parsed: RateExpr; summary: string };
  footnotes: { column: string; text: string; headings: string[]; partialCoverage: boolean; onRow: string }[];
  /** Chapter 99 headings the footnotes point to (as inherited by this line), with their printed rate. */
  chapter99: { heading: string; general: string; summary: string; description: string }[];
  /** Statistical lines under the code (itself when it is one). */
  statisticalLines: { code: string; description: string; chapter99: string[] }[];
  source: { file: string; row: number };
  /** For a Chapter 98 provision or a Chapter 99 heading: which, and how it is used (it is not a product line). */
  specialChapter: { chapter: string; note: string } | null;
}

function findNode(edition: HtsEdition, digits: string): number | undefined {
  const direct = edition.byCode.get(digits);
  if (direct !== undefined) return direct;
  // "8703800000" typed for the 8-digit line 8703.80.00, which has no ".00" statistical suffix
  if (digits.length === 10 && digits.endsWith("00")) {
    const legal = edition.byCode.get(digits.slice(0, 8));
    if (legal !== undefined) return legal;
  }
  // Legal lines printed only as a 10-digit row (".00" suffix or another one).
  const leaves = leavesUnder(edition, digits);
  if (leaves.length === 1) return leaves[0]!.node;
  return undefined;
}

function unknownCode(edition: HtsEdition, digits: string): InputError {
  return new InputError(
    "UNKNOWN_CODE",
    "code",
    `${formatHts(digits)} is not in the ${edition.id} edition`,
    nearestCodes(digits, [...edition.byCode.keys()].filter((c) => !c.startsWith("99"))),
  );
}

export function showLine(edition: HtsEdition, code: string): LineReport {
  const digits = parseHtsCode(code, "code");
  const nodeIdx = findNode(edition, digits);
  if (nodeIdx === undefined) {
    const under = leavesUnder(edition, digits);
    if (under.length === 0) throw unknownCode(edition, digits);
  }
  const idx = nodeIdx ?? leavesUnder(edition, digits)[0]!.node;
  const node = edition.nodes[idx]!;
  const special = specialChapterOf(node.code);
  const chain: HtsNode[] = [...ancestorsOf(edition, idx), node];
  let legal: HtsNode | undefined;
  for (let k = chain.length - 1; k >= 0; k--) {
    if (chain[k]!.general !== "") {
      legal = chain[k];
      break;
    }
  }
  const leaves = leavesUnder(edition, node.code);
  if (!legal && leaves.length > 0) legal = edition.nodes[leaves[0]!.legalNode];
  const legalNode = legal ?? node;
  const baseParsed = parseRateText(legalNode.general);
  const otherParsed = parseRateText(legalNode.other);
  const footnotes = chain.flatMap((n) =>
    n.footnotes.map((f) => ({
      column: f.column,
      text: f.text,
      headings: [...f.headings, ...f.headingPrefixes],
      partialCoverage: f.partialCoverage,
      onRow: n.code === "" ? `(header) ${descriptionToText(n.description).slice(0, 40)}` : formatHts(n.code),
    })),
  );
  const pointed = new Set<string>();
  const ownLeaf = edition.leaves.find((l) => l.node === idx);
  for (const l of ownLeaf ? [ownLeaf] : leaves) for (const h of [...l.chapter99, ...l.chapter99Prefixes]) pointed.add(h);
  const chapter99 = [...pointed].sort().map((h) => {
    const d = h.replace(/\./g, "");
    const hIdx = edition.chapter99.get(d) ?? [...edition.chapter99.entries()].find(([k]) => k.startsWith(d))?.[1];
    const hn = hIdx !== undefined ? edition.nodes[hIdx] : undefined;
    return {
      heading: h,
      general: hn?.general ?? "(heading not printed in this edition)",
      summary: hn ? describeRate(parseRateText(hn.general, { chapter99: true })) : "",
      description: hn ? descriptionToText(hn.description).slice(0, 240) : "",
    };
  });
  return {
    edition: edition.id,
    code: formatHts(node.code),
    description: descriptionToText(node.description),
    ancestors: chain.slice(0, -1).map((n) => ({ code: n.code === "" ? "" : formatHts(n.code), description: descriptionToText(n.description) })),
    legalLine: formatHts(legalNode.code),
    baseRate: { text: legalNode.general, parsed: baseParsed, summary: describeRate(baseParsed) },
    column2: { text: legalNode.other, parsed: otherParsed, summary: describeRate(otherParsed) },
    footnotes,
    chapter99,
    statisticalLines: leaves.map((l) => ({
      code: formatHts(l.code),
      description: descriptionToText(edition.nodes[l.node]!.description),
      chapter99: [...l.chapter99, ...l.chapter99Prefixes],
    })),
    source: { file: edition.file, row: node.row },
    specialChapter: special ? { chapter: special.chapter, note: describeSpecialCode(node.code, special) } : null,
  };
}

/** `tariffscope hts heading`: a Chapter 99 heading as parsed, and its history across editions. */
export interface HeadingReport {
  heading: string;
  edition: string;
  general: { text: string; parsed: RateExpr; summary: string };
  other: { text: string; summary: string };
  parsed: HeadingText;
  /** One entry per run of editions in which the heading printed the same rate and description. */
  history: {
    fromEdition: string;
    toEdition: string;
    general: string;
    summary: string;
    /** Legal effective dates the change record of `fromEdition` gives for this heading, with source. */
    legalDates: { date: LegalDay; nature: string; source: string }[];
    textChanged: boolean;
  }[];
  appearsIn: number;
  source: { file: string; row: number };
}


export function showHeading(
  catalog: HtsCatalog,
  edition: HtsEdition,
  code: string,
  changeRecords: Map<string, ChangeRecord>,
): HeadingReport {
  const digits = parseHtsCode(code, "heading");
  if (!digits.startsWith("99")) {
    throw new InputError("NOT_A_HEADING", "heading", `${formatHts(digits)} is not a Chapter 99 heading (use \`hts show\` for products)`);
  }
  const versions = catalog.headings.get(digits);
  if (!versions) throw new InputError("UNKNOWN_HEADING", "heading", `${formatHts(digits)} is not printed in any edition`, nearestCodes(digits, catalog.headings.keys()));
  const nodeIdx = edition.chapter99.get(digits);
  const latest = versions[versions.length - 1]!;
  const node = nodeIdx !== undefined ? edition.nodes[nodeIdx]! : undefined;
  const general = node?.general ?? latest.general;
  const description = node?.description ?? latest.description;
  const parsedRate = parseRateText(general, { chapter99: true });
  const dotted = formatHts(digits);
  const history = versions.map((v, i) => {
    const fromEdition = catalog.editions[v.from]!;
    const rec = changeRecords.get(fromEdition);
    const legalDates = rec
      ? changesFor(rec, dotted)
          .filter((c) => c.effectiveDate !== undefined)
          .map((c) => ({ date: c.effectiveDate!, nature: c.nature, source: c.legalSource }))
      : [];
    return {
      fromEdition,
      toEdition: catalog.editions[v.to]!,
      general: v.general,
      summary: describeRate(parseRateText(v.general, { chapter99: true })),
      legalDates,
      textChanged: i > 0 && versions[i - 1]!.normalized !== v.normalized,
    };
  });
  return {
    heading: dotted,
    edition: edition.id,
    general: { text: general, parsed: parsedRate, summary: describeRate(parsedRate) },
    other: { text: node?.other ?? latest.other, summary: describeRate(parseRateText(node?.other ?? latest.other, { chapter99: true })) },
    parsed: parseHeadingDescription(description),
    history,
    appearsIn: versions.reduce((a, v) => a + v.to - v.from + 1, 0),
    source: node ? { file: edition.file, row: node.row } : { file: `us/hts/hts_${catalog.editions[latest.from]}.json.gz`, row: latest.row },
  };
}
