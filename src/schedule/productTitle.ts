import { truncateAtWord } from "../common/wordTruncate.js";
import { descriptionToText } from "../sources/chapter99Text.js";
import type { HtsEdition } from "./htsTree.js";

/**
 * Readable product titles. A line of the schedule often says only "New", "Other (338)" or "Men's (345)": its meaning
 * is in its ancestors ("Other vehicles, with only electric motors for propulsion" › "With an EPA-rated range not
 * exceeding 250 miles:" › "New"). A title is the nearest ancestor-or-self that names a thing (the *base*), followed by
 * the qualifiers between it and the previous thing-naming ancestor ("Of cotton", "With an EPA-rated range…", "New",
 * "Men's"), with statistical residue removed: textile category numbers "(345)", footnote markers "1/", references to
 * statistical notes, the trailing colon of header rows.
 */

/** Longest title returned (cut at a word boundary with an ellipsis). */
export const TITLE_MAX = 120;

/** Words that open a qualifier ("Of cotton", "Valued over $20", "Not knitted") rather than the name of a thing. */
const QUALIFIER_OPENERS = new Set([
  "of",
  "in",
  "with",
  "without",
  "containing",
  "having",
  "valued",
  "weighing",
  "measuring",
  "not",
  "exceeding",
  "wholly",
  "for",
  "over",
  "under",
  "less",
  "more",
  "at",
  "on",
  "subject",
  "imported",
  "put",
  "whether",
  "each",
  "if",
  "the",
  "from",
  "by",
  "described",
  "certified",
  "single",
  "multiple",
  "labeled",
  "labelled",
  "determined",
  "intended",
  "designed",
  "suitable",
  "presented",
  "packed",
  "whose",
  "which",
  "excluding",
  "including",
  "except",
  "above",
  "below",
  "between",
  "consisting",
  "comprising",
  "to",
  "as",
  "within",
]);

/** State words: a qualifier when the whole description is made of them ("New", "Fresh or chilled"), else a name. */
const STATES = new Set([
  "new",
  "used",
  "unused",
  "fresh",
  "chilled",
  "frozen",
  "dried",
  "knitted",
  "crocheted",
  "mounted",
  "unmounted",
  "bleached",
  "unbleached",
  "dyed",
  "printed",
  "colored",
  "coloured",
  "alloyed",
  "nonalloy",
  "unwrought",
  "wrought",
  "refined",
  "unrefined",
  "or",
  "and",
]);

/** Who a garment line is for: "Men's", "Women's or girls'", "Boys' and girls'", "Infants'". */
const WEARER = /^(?:(?:men|women|boy|girl|infant|babie|baby|child|children)(?:'s|s'|')\s*(?:,|or|and)?\s*)+$/i;

/** Statistical-note and similar references that say nothing to a reader of a title. */
const NOTE_REFERENCE =
  /,?\s*(?:of (?:a|the) kind |as )?(?:described|provided for|specified|enumerated) in (?:statistical|additional U\.S\.|U\.S\.|subheading|general) note \d+(?:\s*\([a-z0-9]+\))*(?: (?:to|of) (?:this )?chapter(?: \d+)?)?/gi;

/** Parentheticals that enumerate examples or exceptions: "(for example, diodes, transistors)", "(other than …)". */
const ASIDE = /\s*\((?:for example|other than|including|excluding|except|see|whether|e\.g\.)[^()]*\)/gi;

export type SegmentKind = "other" | "qualifier" | "thing";

export interface TitleSegment {
  /** The description made readable (HTML, category numbers, footnote markers, note references and colon removed). */
  text: string;
  kind: SegmentKind;
}

/** One description (HTML or text) cleaned of statistical residue, and whether it names a thing. */
export function titleSegment(description: string): TitleSegment {
  const text = descriptionToText(description)
    .replace(/\s*\((?:\d{3}(?:\s*[/,&]\s*|\s+and\s+|\s*-\s*)?)+\)/g, "") // textile categories: (345), (338/339)
    .replace(/(?<=[\p{L})'’])\s*\d{1,2}\/(?=$|[\s,;:.])/gu, "") // footnote markers: "Other 1/"
    .replace(NOTE_REFERENCE, "")
    .replace(ASIDE, "")
    .replace(/\s+/g, " ")
    .replace(/[\s:;,.]+$/, "")
    .trim();
  if (/^others?$/i.test(text) || text === "") return { text, kind: "other" };
  // "Other, of an engine power exceeding 37 kW": a qualifier once the bare "Other" is set aside.
  const afterOther = text.match(/^Others?\s*,\s*(.+)$/i)?.[1];
  if (afterOther !== undefined) {
    const rest = classify(afterOther);
    if (rest === "qualifier") return { text: afterOther, kind: rest };
  }
  return { text, kind: classify(text) };
}

/** Whether a cleaned description qualifies (opens with "of", "valued", a number; a wearer; a state) or names. */
function classify(text: string): "qualifier" | "thing" {
  const first = (text.match(/^[\p{L}'’-]+/u)?.[0] ?? "").toLowerCase();
  const words = text.toLowerCase().match(/[\p{L}'’-]+/gu) ?? [];
  const adjective = words.length === 1 && /(?:al|ic|ed|ous|ive|ible|able)$/.test(words[0]!);
  if (
    adjective ||
    /^\d/.test(text) ||
    QUALIFIER_OPENERS.has(first) ||
    WEARER.test(text) ||
    words.every((w) => STATES.has(w))
  )
    return "qualifier";
  return "thing";
}

/**
 * The naming words at the head of a title: up to the first qualifier word after the start ("Toys for pets" → "Toys";
 * "Machines and apparatus for the manufacture of semiconductor devices" → "Machines and apparatus"). What a line *is*,
 * as opposed to what it is for or made of.
 */
export function titleHead(title: string): string {
  const words = title.split(/\s+/);
  const cut = words.findIndex((w, i) => i > 0 && QUALIFIER_OPENERS.has(w.toLowerCase().replace(/[^\p{L}'’-]/gu, "")));
  const head = (cut < 0 ? words : words.slice(0, cut)).join(" ");
  return head.split(/\s*;\s*/)[0]!.replace(/[\s,:.]+$/, "");
}

/** Ancestors recur in thousands of chains: each description is cleaned once (bounded memo). */
const segmentMemo = new Map<string, TitleSegment>();
function memoSegment(description: string): TitleSegment {
  let s = segmentMemo.get(description);
  if (s === undefined) {
    s = titleSegment(description);
    if (segmentMemo.size >= 100_000) segmentMemo.clear();
    segmentMemo.set(description, s);
  }
  return s;
}

/** Longest base before the qualifiers (a heading's list of things is cut at a clause boundary). */
const BASE_MAX = 80;

/**
 * The naming part of a base: up to the first ";" (headings list several things), "Other " dropped, and a long list
 * cut after its last whole clause (comma) that fits in BASE_MAX characters.
 */
function baseText(text: string): string {
  let head = text.split(/\s*;\s*/)[0]!.replace(/^Other\s+(?=\p{L})/u, "");
  if (head.length > BASE_MAX) {
    const comma = head.lastIndexOf(",", BASE_MAX);
    head = comma > 20 ? head.slice(0, comma) : truncateAtWord(head, BASE_MAX);
  }
  return head.charAt(0).toUpperCase() + head.slice(1);
}

/** What a qualifier qualifies: its opening word ("of", "valued"), or "wearer" for "Men's or boys'". */
function qualifierAxis(text: string): string {
  return WEARER.test(text) ? "wearer" : (text.match(/^[\p{L}'’-]+/u)?.[0] ?? "").toLowerCase();
}

/** A qualifier as it reads after a comma: first letter lowered unless the word is an acronym ("EPA-rated"). */
function qualifierText(text: string): string {
  return /^\p{Lu}[\p{Lu}\d]/u.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The title of a line from its description and its ancestors' descriptions, **root first**, the line's own last
 * (HTML or plain text). Never empty when any description has text.
 */
export function titleOf(chain: readonly string[]): string {
  const segments = chain.map(memoSegment);
  let base = -1;
  for (let i = segments.length - 1; i >= 0; i--)
    if (segments[i]!.kind === "thing") {
      base = i;
      break;
    }
  if (base < 0) {
    // Nothing names a thing (a bare chapter-less chain of qualifiers): the qualifiers alone, else the raw text.
    const parts = segments.filter((s) => s.kind === "qualifier").map((s) => s.text);
    const fallback = parts.length ? parts.join(", ") : descriptionToText(chain[chain.length - 1] ?? "");
    return truncateAtWord(fallback, TITLE_MAX);
  }
  let previous = -1;
  for (let i = base - 1; i >= 0; i--)
    if (segments[i]!.kind === "thing") {
      previous = i;
      break;
    }
  // Qualifiers in tree order; a deeper one on the same axis refines the one above ("Of wool or fine animal hair" ›
  // "Of wool"; "Men's or boys'" › "Men's") and replaces it.
  const qualifiers: { axis: string; text: string }[] = [];
  for (let i = previous + 1; i < segments.length; i++) {
    if (i === base || segments[i]!.kind !== "qualifier") continue;
    const text = segments[i]!.text;
    const axis = qualifierAxis(text);
    const same = qualifiers.findIndex((q) => q.axis === axis);
    if (same >= 0) qualifiers.splice(same, 1);
    qualifiers.push({ axis, text: qualifierText(text) });
  }
  const title = [nameOf(segments, base, previous), ...qualifiers.map((q) => q.text)].join(", ");
  return truncateAtWord(title, TITLE_MAX);
}

/** Words of a short name that say what it is on their own only when the thing above already names them. */
const SHORT_NAME_WORDS = 2;

/**
 * The name at the start of a title: the base, or — when the base is a short name the thing above does not mention
 * ("Females" under "Purebred breeding animals", "Locking" under "Nuts") — "<thing above>: <base>". A short name the
 * thing above does mention stands alone ("Smartphones" under "Telephone sets, including smartphones…").
 */
function nameOf(segments: readonly TitleSegment[], base: number, previous: number): string {
  const own = baseText(segments[base]!.text);
  const words = own.toLowerCase().match(/[\p{L}\p{N}'’-]+/gu) ?? [];
  if (previous < 0 || words.length > SHORT_NAME_WORDS) return own;
  const above = segments[previous]!.text.toLowerCase();
  if (words.some((w) => above.includes(w.replace(/s$/, "")))) return own;
  return `${baseText(titleHead(segments[previous]!.text))}: ${qualifierText(own)}`;
}

/** The descriptions from the root of the tree down to `node` (header rows included). */
export function descriptionChain(edition: HtsEdition, node: number): string[] {
  const chain: string[] = [];
  for (let k = node; k >= 0; k = edition.nodes[k]!.parent) chain.unshift(edition.nodes[k]!.description);
  return chain;
}

/** The title of the node at index `node` of an edition. */
export function titleOfNode(edition: HtsEdition, node: number): string {
  return titleOf(descriptionChain(edition, node));
}

/**
 * The title of a code (digits or dotted) in an edition; undefined when the edition has no such row. For a line
 * discontinued before the edition, pass its last description as `ownDescription`: the title is then built under its
 * nearest numbered ancestor that the edition still has (its 8-, 6- or 4-digit code).
 */
export function titleOfCode(edition: HtsEdition, code: string, ownDescription?: string): string | undefined {
  const digits = code.replace(/\D/g, "");
  const node = edition.byCode.get(digits);
  if (node !== undefined && ownDescription === undefined) return titleOfNode(edition, node);
  if (ownDescription === undefined) return undefined;
  for (const len of [8, 6, 4]) {
    const parent = digits.length > len ? edition.byCode.get(digits.slice(0, len)) : undefined;
    if (parent !== undefined) return titleOf([...descriptionChain(edition, parent), ownDescription]);
  }
  return titleOf([ownDescription]);
}
