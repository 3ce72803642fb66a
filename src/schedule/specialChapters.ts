import { InputError } from "../common/errors.js";
import { formatHts, htsDigits } from "../common/htsCode.js";

/**
 * The two chapters of the HTS that classify no goods: Chapter 98 (special classification provisions: goods returned,
 * repaired or assembled abroad, personal and official exemptions…) and Chapter 99 (temporary legislation, temporary
 * modifications and additional duties). Their codes are declared beside the goods' own Chapter 1–97 code, never
 * instead of it, so the catalog of products leaves them out (see `buildHtsEdition`). This table says what each
 * chapter is and where a person asking for one of its codes should look instead.
 */
export interface SpecialChapter {
  chapter: "98" | "99";
  /** What a code of the chapter is: "a Chapter 98 provision". */
  kind: string;
  /** What the chapter holds. */
  holds: string;
  /** How such a code is used at entry, and so what to ask instead. */
  use: string;
  /** Where the code itself is printed; `{code}` is the code asked. */
  lookUp: string;
}

export const SPECIAL_CHAPTERS: readonly SpecialChapter[] = [
  {
    chapter: "98",
    kind: "a Chapter 98 provision",
    holds: "special classification: goods returned, repaired or assembled abroad, personal and official exemptions…",
    use: "an entry claims it beside the goods' own Chapter 1–97 code, whose duties apply to the dutiable value; ask for the stack of that code with the entry fact chapter98=true",
    lookUp: "`hts show {code}` prints the provision's text and rate basis",
  },
  {
    chapter: "99",
    kind: "a Chapter 99 heading",
    holds: "temporary legislation, temporary modifications and additional duties",
    use: "it is declared beside a product's code; the stack of a product lists the Chapter 99 headings that apply to it",
    lookUp: "`hts heading {code}` prints the heading",
  },
];

/** The special chapter a code belongs to, if any (the code as typed: dots optional). */
export function specialChapterOf(code: string): SpecialChapter | undefined {
  const digits = htsDigits(code.trim());
  if (digits === undefined) return undefined;
  return SPECIAL_CHAPTERS.find((c) => digits.startsWith(c.chapter));
}

/** What a special chapter's code is and how it is used; with `lookUp`, where it is printed. */
export function describeSpecialCode(code: string, chapter: SpecialChapter, options: { lookUp?: boolean } = {}): string {
  const shown = formatHts(htsDigits(code.trim()) ?? code);
  const where = options.lookUp ? ` (${chapter.lookUp.replaceAll("{code}", shown)})` : "";
  return `${shown} is ${chapter.kind} (${chapter.holds}), not a product line: ${chapter.use}${where}`;
}

/**
 * Refuse a Chapter 98 or 99 code where a product is asked for (stack, history): an InputError naming the field and
 * saying what the code is, rather than "unknown code" or a stack computed for something that is not a product.
 */
export function refuseSpecialCode(code: string, field = "hts"): void {
  const chapter = specialChapterOf(code);
  if (chapter) throw new InputError(`CHAPTER_${chapter.chapter}_CODE`, field, describeSpecialCode(code, chapter, { lookUp: true }));
}
