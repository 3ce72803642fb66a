/**
 * Parse the description text of a Chapter 99 heading (USITC HTS JSON `description`, which may hold `<b>`/`<i>` tags)
 * into the facts it states: country scope, excepted headings, effective windows, compiler's notes, unfilled
 * placeholders and note references. See docs/us-duty-stacking.md §1.5.
 *
 * The parser is total: odd or unknown wording yields empty lists or an `other` entry, never an exception.
 */
import { addDays, parseWrittenDate, type LegalDay } from "../common/legalDate.js";
import { CHAPTER_98_99_CODE_SOURCE, readHeadingList } from "./footnoteRefs.js";

// ---------------------------------------------------------------------------------------------------------------
// Public types

/** Which countries a heading's text says it covers. */
export interface CountryScope {
  /** ISO 3166-1 alpha-2 codes (plus "EU" for the European Union) in order of appearance. */
  countries: string[];
  /** The phrase the scope was read from, e.g. "product of China, including Hong Kong and Macau"; "" when none. */
  phrase: string;
  /** True for "articles the product of any country". */
  anyCountry: boolean;
  /** A country set defined elsewhere: "any country identified in general note 3(b)", "a country enumerated in subdivision (v)(xiii) of U.S. note 2 …". */
  note?: string;
  /** Countries the text carves out of the scope ("… except for articles the product of China, including Hong Kong and Macau, as described in heading 9903.01.63 …"). */
  excluding?: { countries: string[]; phrase: string; note?: string };
}

/** What sort of date condition a window expresses. */
export type WindowKind = "entry" | "in-transit" | "contract" | "ftz-admission" | "other";

/**
 * A date condition stated in the text. Days follow the LegalDay convention: `from` is the first legal day that
 * qualifies, `to` the first that no longer does (half-open). "before 12:01 a.m. … on October 5, 2025" → to 2025-10-05;
 * "through November 29, 2025" → to 2025-11-30; "11:59 p.m. … on December 31, 2026" → to 2027-01-01.
 */
export interface DescriptionWindow {
  kind: WindowKind;
  /** First day of entry (entered for consumption or withdrawn from warehouse) that qualifies. */
  from?: LegalDay;
  /** First day of entry that no longer qualifies. */
  to?: LegalDay;
  /** In-transit rule: goods loaded onto a vessel (or exported) before this day. */
  loadedBefore?: LegalDay;
  /** In-transit and contract rules: goods entered before this day (equals `to`). */
  enteredBefore?: LegalDay;
  /** "… and that were not in transit on the final mode of transit prior to …": goods loaded on or after this day. */
  notLoadedBefore?: LegalDay;
  /** Contract rule: contract for sale dated before this day. */
  contractBefore?: LegalDay;
  /** Foreign-trade-zone rule: admitted in privileged foreign status before this day. */
  admittedBefore?: LegalDay;
  /** True when the window describes goods the heading carves out ("Except for goods loaded onto a vessel …"). */
  exception: boolean;
  /** Placeholder wording standing where a date should be ("[ ]", "7 days after the date of the executive order"). */
  unresolved: string[];
  /** The text the window was read from. */
  phrase: string;
}

/** Status words of a compiler's note. */
export type CompilerNoteStatus = "suspended" | "terminated" | "expired" | "effective" | "other";

/** A "[Compiler's note: …]" inside a description. */
export interface CompilerNote {
  status: CompilerNoteStatus;
  /** The date the note gives for its status ("terminated as of February 7, 2026", "became effective on August 6, 2025"). */
  asOf?: LegalDay;
  /** First Federal Register citation, normalised: "90 Fed. Reg. 50729". */
  fedReg?: string;
  /** The note without its brackets: "Compiler's note: provision suspended." */
  text: string;
}

/** Everything parsed from one Chapter 99 description. */
export interface HeadingText {
  /** HTML removed, entities decoded, whitespace collapsed. */
  text: string;
  countryScope: CountryScope;
  /**
   * Chapter 98/99 headings named in "Except for products described in headings …", "except as provided for in heading …"
   * and carve-out clauses ("except for articles … as described in heading 9903.01.63 that are …"), ranges expanded, in
   * order of appearance. Chapter 1–97 codes and "Notwithstanding heading …" references are not included.
   */
  exceptHeadings: string[];
  windows: DescriptionWindow[];
  compilerNotes: CompilerNote[];
  /** Unfilled placeholders: "[ ]", "[Insert EO number]", "7 days after the date of the executive order". */
  placeholders: string[];
  /** Note references, normalised: "U.S. note 2(s)", "U.S. note 20(vvv)", "U.S. note 2(v)(xiii)", "general note 3(b)". */
  noteRefs: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// HTML and whitespace

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  frac12: "½",
  deg: "°",
  cent: "¢",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Remove HTML tags (block tags become a space), decode entities, drop zero-width characters, collapse whitespace. */
export function descriptionToText(html: unknown): string {
  if (typeof html !== "string") return "";
  return decodeEntities(
    html.replace(/<\s*(?:br|p|div|li|tr|td|\/p|\/div|\/li|\/tr|\/td)\b[^>]*>/gi, " ").replace(/<\/?[a-z][^>]*>/gi, ""),
  )
    .replace(/\u200b|\u200c|\u200d|\ufeff/g, "")
    .replace(/[\s\u00a0\u2007\u202f]+/g, " ")
    .trim();
}

/**
 * A comparison key for a description: HTML removed and typographic noise levelled (curly quotes, backticks, dashes,
 * spaces around punctuation and brackets). Two revisions that differ only by `<b>` tags or such spacing compare equal;
 * any change of words, numbers or headings still differs.
 */
export function normalizeDescriptionForDiff(html: unknown): string {
  return descriptionToText(html)
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[‐‑‒–—]/g, "-")
    .replace(/\s*([[\](),;:.-])\s*/g, "$1")
    .trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Compiler's notes

const COMPILER_NOTE_START = /\[\s*Compiler(?:['’`]?s)?\s+note/gi;

/** Split off every bracketed compiler's note (brackets may nest). Returns the notes' inner texts and the rest. */
function splitCompilerNotes(text: string): { notes: string[]; body: string } {
  const notes: string[] = [];
  let body = "";
  let cursor = 0;
  COMPILER_NOTE_START.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = COMPILER_NOTE_START.exec(text)) !== null) {
    let depth = 0;
    let end = text.length;
    for (let i = m.index; i < text.length; i++) {
      if (text[i] === "[") depth++;
      else if (text[i] === "]" && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    body += text.slice(cursor, m.index);
    const inner = text.slice(m.index + 1, end).replace(/\]$/, "");
    notes.push(inner.trim());
    cursor = end;
    COMPILER_NOTE_START.lastIndex = end;
  }
  body += text.slice(cursor);
  return { notes, body: body.replace(/\s+/g, " ").trim() };
}

const STATUS_WORDS: [CompilerNoteStatus, RegExp][] = [
  ["suspended", /\bsuspend/i],
  ["terminated", /\bterminat/i],
  ["expired", /\bexpir/i],
  ["effective", /\beffective\b/i],
];

const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;
const WRITTEN_DATE = String.raw`${MONTH}\.?\s+\d{1,2},?\s+\d{4}`;

function parseCompilerNote(inner: string): CompilerNote {
  const text = inner.replace(/\s+/g, " ").trim();
  let status: CompilerNoteStatus = "other";
  let statusAt = 0;
  for (const [name, re] of STATUS_WORDS) {
    const m = re.exec(text);
    if (m) {
      status = name;
      statusAt = m.index;
      break;
    }
  }
  const note: CompilerNote = { status, text };
  if (status !== "other") {
    const date = new RegExp(WRITTEN_DATE, "i").exec(text.slice(statusAt));
    const day = date ? parseWrittenDate(date[0].replace(/,?\s+(\d{4})$/, ", $1")) : undefined;
    if (day) note.asOf = day;
  }
  const fr = /(\d+)\s*(?:Fed\.?\s*Reg\.?|FR)\s*(\d[\d,]*)/.exec(text);
  if (fr) note.fedReg = `${fr[1]} Fed. Reg. ${fr[2]!.replace(/,/g, "")}`;
  return note;
}

// ---------------------------------------------------------------------------------------------------------------
// Placeholders

const PLACEHOLDER_PATTERNS = [
  /\[\s*\]/g,
  /\[\s*insert[^\]]*\]/gi,
  /\b\d+\s+days\s+after\s+the\s+date\s+of\s+(?:the|this)\s+(?:executive\s+order|proclamation|notice)\b/gi,
];

function findPlaceholders(body: string): string[] {
  const found: { at: number; text: string }[] = [];
  for (const re of PLACEHOLDER_PATTERNS)
    for (const m of body.matchAll(re)) found.push({ at: m.index ?? 0, text: m[0] });
  return unique(found.sort((a, b) => a.at - b.at).map((f) => f.text));
}

// ---------------------------------------------------------------------------------------------------------------
// Note references

const ROMAN = /^(?:x{0,3})(?:ix|iv|v?i{0,3})$/;
const LABELS = String.raw`(?:\s*\([A-Za-z0-9]{1,6}\))+`;
const SUBDIVISION_REF = new RegExp(
  String.raw`\bsubdivisions?\s+(${LABELS}(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|through)\s+|\s*[–—-]\s*)${LABELS})*)\s+(?:of|to)\s+(U\.?\s?S\.?\s+)?note\s+(\d+)`,
  "gi",
);
const DIRECT_NOTE_REF = new RegExp(
  String.raw`\b(additional\s+U\.?\s?S\.?\s+|general\s+|statistical\s+|U\.?\s?S\.?\s+)?notes?\s+(\d+(?:\s*\([A-Za-z0-9]{1,6}\))*(?:\s*(?:,|\bor\b|\band\b)\s*\d+(?:\s*\([A-Za-z0-9]{1,6}\))+)*)`,
  "gi",
);

function labelsOf(text: string): string[] {
  return [...text.matchAll(/\(([A-Za-z0-9]{1,6})\)/g)].map((m) => m[1]!);
}

/** "(c)(ii), (iv), (vi)–(viii) and (e)" → [[c,ii],[c,iv],[c,vi],[c,viii],[e]]: a lone roman label after a deeper item is its sibling. */
function subdivisionItems(list: string): string[][] {
  const items: string[][] = [];
  for (const part of list.split(/\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|through)\s+|\s*[–—-]\s*/)) {
    const labels = labelsOf(part);
    if (labels.length === 0) continue;
    const prev = items[items.length - 1];
    if (prev && prev.length >= 2 && labels.length === 1 && ROMAN.test(labels[0]!)) {
      items.push([...prev.slice(0, -1), labels[0]!]);
    } else items.push(labels);
  }
  return items;
}

function findNoteRefs(text: string): string[] {
  const refs: string[] = [];
  const consumed: [number, number][] = [];
  for (const m of text.matchAll(SUBDIVISION_REF)) {
    consumed.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
    for (const item of subdivisionItems(m[1]!)) refs.push(`U.S. note ${m[3]}${item.map((l) => `(${l})`).join("")}`);
  }
  for (const m of text.matchAll(DIRECT_NOTE_REF)) {
    const at = m.index ?? 0;
    if (consumed.some(([s, e]) => at >= s && at < e)) continue;
    const kind = (m[1] ?? "").toLowerCase().replace(/\s+/g, " ").trim();
    const prefix = kind.startsWith("additional")
      ? "additional U.S. note"
      : kind === "general"
        ? "general note"
        : kind === "statistical"
          ? "statistical note"
          : "U.S. note";
    for (const part of m[2]!.split(/\s*(?:,|\bor\b|\band\b)\s*/)) {
      const num = /^(\d+)/.exec(part.trim());
      if (num)
        refs.push(
          `${prefix} ${num[1]}${labelsOf(part)
            .map((l) => `(${l})`)
            .join("")}`,
        );
    }
  }
  return unique(refs);
}

// ---------------------------------------------------------------------------------------------------------------
// Countries

/** Country names as written in HTS descriptions → ISO 3166-1 alpha-2 ("EU" for the European Union). */
const COUNTRY_NAMES: [string, string][] = [
  ["Afghanistan", "AF"],
  ["Algeria", "DZ"],
  ["Angola", "AO"],
  ["Argentina", "AR"],
  ["Australia", "AU"],
  ["Austria", "AT"],
  ["Bahrain", "BH"],
  ["Bangladesh", "BD"],
  ["Belarus", "BY"],
  ["Belgium", "BE"],
  ["Bolivia", "BO"],
  ["Bosnia and Herzegovina", "BA"],
  ["Botswana", "BW"],
  ["Brazil", "BR"],
  ["Brunei", "BN"],
  ["Burma", "MM"],
  ["Cambodia", "KH"],
  ["Cameroon", "CM"],
  ["Canada", "CA"],
  ["Chad", "TD"],
  ["Chile", "CL"],
  ["China", "CN"],
  ["People's Republic of China", "CN"],
  ["Colombia", "CO"],
  ["Costa Rica", "CR"],
  ["Côte d'Ivoire", "CI"],
  ["Cote d'Ivoire", "CI"],
  ["Cuba", "CU"],
  ["Democratic Republic of the Congo", "CD"],
  ["Republic of the Congo", "CG"],
  ["Dominican Republic", "DO"],
  ["Ecuador", "EC"],
  ["Egypt", "EG"],
  ["El Salvador", "SV"],
  ["Equatorial Guinea", "GQ"],
  ["European Union", "EU"],
  ["member nation of the European Union", "EU"],
  ["member state of the European Union", "EU"],
  ["member countries of the European Union", "EU"],
  ["member states of the European Union", "EU"],
  ["Falkland Islands", "FK"],
  ["Fiji", "FJ"],
  ["France", "FR"],
  ["Germany", "DE"],
  ["Ghana", "GH"],
  ["Guatemala", "GT"],
  ["Guyana", "GY"],
  ["Honduras", "HN"],
  ["Hong Kong", "HK"],
  ["Iceland", "IS"],
  ["India", "IN"],
  ["Indonesia", "ID"],
  ["Iraq", "IQ"],
  ["Ireland", "IE"],
  ["Israel", "IL"],
  ["Italy", "IT"],
  ["Japan", "JP"],
  ["Jordan", "JO"],
  ["Kazakhstan", "KZ"],
  ["Kenya", "KE"],
  ["Korea", "KR"],
  ["South Korea", "KR"],
  ["Republic of Korea", "KR"],
  ["North Korea", "KP"],
  ["Democratic People's Republic of Korea", "KP"],
  ["Laos", "LA"],
  ["Lesotho", "LS"],
  ["Libya", "LY"],
  ["Liechtenstein", "LI"],
  ["Macau", "MO"],
  ["Macao", "MO"],
  ["Madagascar", "MG"],
  ["Malawi", "MW"],
  ["Malaysia", "MY"],
  ["Mauritius", "MU"],
  ["Mexico", "MX"],
  ["Moldova", "MD"],
  ["Mongolia", "MN"],
  ["Morocco", "MA"],
  ["Mozambique", "MZ"],
  ["Myanmar (Burma)", "MM"],
  ["Myanmar", "MM"],
  ["Namibia", "NA"],
  ["Nauru", "NR"],
  ["Netherlands", "NL"],
  ["New Zealand", "NZ"],
  ["Nicaragua", "NI"],
  ["Nigeria", "NG"],
  ["North Macedonia", "MK"],
  ["Norway", "NO"],
  ["Oman", "OM"],
  ["Pakistan", "PK"],
  ["Panama", "PA"],
  ["Papua New Guinea", "PG"],
  ["Peru", "PE"],
  ["Philippines", "PH"],
  ["Poland", "PL"],
  ["Russia", "RU"],
  ["Russian Federation", "RU"],
  ["Saudi Arabia", "SA"],
  ["Serbia", "RS"],
  ["Singapore", "SG"],
  ["South Africa", "ZA"],
  ["Spain", "ES"],
  ["Sri Lanka", "LK"],
  ["Sweden", "SE"],
  ["Switzerland", "CH"],
  ["Syria", "SY"],
  ["Taiwan", "TW"],
  ["Thailand", "TH"],
  ["Trinidad and Tobago", "TT"],
  ["Tunisia", "TN"],
  ["Turkey", "TR"],
  ["Türkiye", "TR"],
  ["Uganda", "UG"],
  ["Ukraine", "UA"],
  ["United Arab Emirates", "AE"],
  ["United Kingdom", "GB"],
  ["Vanuatu", "VU"],
  ["Venezuela", "VE"],
  ["Vietnam", "VN"],
  ["Viet Nam", "VN"],
  ["Zambia", "ZM"],
  ["Zimbabwe", "ZW"],
];

function namePattern(name: string): string {
  return name
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/'/g, "['’`]")
    .replace(/ô/g, "[ôo]")
    .replace(/ /g, "\\s+");
}

const COUNTRY_ALTERNATION = [...COUNTRY_NAMES]
  .sort((a, b) => b[0].length - a[0].length)
  .map(([name]) => namePattern(name))
  .join("|");
const COUNTRY_AT_START = new RegExp(`^(?:the\\s+|a\\s+)?(${COUNTRY_ALTERNATION})(?![\\w’'])`, "i");
/** Between two names: ", ", " or ", ", including ", ", or of "; a parenthetical remark after a name is skipped. */
const COUNTRY_LIST_SEPARATOR =
  /^(?:\s*\((?:[^()]|\([^()]*\))*\))?(?:\s*,\s*(?:and\s+|or\s+)?(?:including\s+)?|\s+(?:and|or|including)\s+)(?:of\s+)?/i;
const COUNTRY_BY_NAME = new Map(
  COUNTRY_NAMES.map(([name, code]) => [name.toLowerCase().replace(/['’`]/g, "'").replace(/ô/g, "o"), code]),
);

function countryCode(name: string): string | undefined {
  return COUNTRY_BY_NAME.get(name.toLowerCase().replace(/\s+/g, " ").replace(/['’`]/g, "'").replace(/ô/g, "o"));
}

/** Read "China, including Hong Kong and Macau" / "Israel, Malawi, Philippines, or Zambia" at the start of `text`. */
function readCountryList(text: string): { countries: string[]; length: number } {
  const countries: string[] = [];
  let pos = 0;
  let length = 0;
  for (;;) {
    const m = COUNTRY_AT_START.exec(text.slice(pos));
    if (!m) break;
    const code = countryCode(m[1]!);
    if (code && !countries.includes(code)) countries.push(code);
    pos += m[0].length;
    length = pos;
    const sep = COUNTRY_LIST_SEPARATOR.exec(text.slice(pos));
    if (!sep || !COUNTRY_AT_START.test(text.slice(pos + sep[0].length))) break;
    pos += sep[0].length;
  }
  return { countries, length };
}

const COUNTRY_SET_NOTE =
  /^((?:any|a)\s+country(?:\s+other\s+than\s+a\s+country)?\s+(?:identified|enumerated|described|listed|specified)\s+in\s+.+?)(?=,|;|\s+that\b|\s+as\s+provided\b|\s+\[|$)/i;

interface ScopeReading {
  countries: string[];
  phrase: string;
  anyCountry: boolean;
  note?: string;
}

/** Interpret the words after "product(s) of". */
function readScopeAfter(prefix: string, tail: string): ScopeReading | undefined {
  const setNote = COUNTRY_SET_NOTE.exec(tail);
  if (setNote) {
    const note = setNote[1]!.trim();
    return { countries: [], phrase: `${prefix}${note}`, anyCountry: false, note };
  }
  if (/^any\s+country\b/i.test(tail)) return { countries: [], phrase: `${prefix}any country`, anyCountry: true };
  const list = readCountryList(tail);
  if (list.countries.length === 0) return undefined;
  return { countries: list.countries, phrase: `${prefix}${tail.slice(0, list.length)}`, anyCountry: false };
}

const SCOPE_LEAD = /\b(?:the\s+)?(products?|originating\s+goods?)\s+of\s+/gi;
/** Text just before "product(s) of" that makes the country list a carve-out: "except for articles the", "except". */
const EXCLUDING_LEAD = /\bexcept(?:ing)?\s+(?:for\s+)?(?:(?:articles|goods|products)\s+)?(?:the\s+)?$/i;

function findCountryScope(body: string): CountryScope {
  const scope: CountryScope = { countries: [], phrase: "", anyCountry: false };
  let found = false;
  let firstCarveOut = body.length;
  for (const m of body.matchAll(SCOPE_LEAD)) {
    const at = m.index ?? 0;
    const reading = readScopeAfter(`${m[1]} of `, body.slice(at + m[0].length));
    if (!reading) continue;
    const leadingThe = /^the\s+/i.exec(m[0])?.[0] ?? "";
    const excluding = EXCLUDING_LEAD.test(body.slice(Math.max(0, at - 60), at) + leadingThe);
    if (excluding) {
      firstCarveOut = Math.min(firstCarveOut, at);
      if (!scope.excluding) {
        scope.excluding = { countries: reading.countries, phrase: reading.phrase };
        if (reading.note) scope.excluding.note = reading.note;
      }
      continue;
    }
    if (found) continue;
    found = true;
    scope.countries = reading.countries;
    scope.phrase = reading.phrase;
    scope.anyCountry = reading.anyCountry;
    if (reading.note) scope.note = reading.note;
  }
  if (!found) {
    // "civil aircraft … of the United Kingdom", "enteral syringes, of China": a named country after a bare "of".
    for (const m of body.matchAll(/\bof\s+(?=(?:the\s+)?[A-Z])/g)) {
      if ((m.index ?? 0) >= firstCarveOut) break;
      const tail = body.slice((m.index ?? 0) + m[0].length);
      const list = readCountryList(tail);
      if (list.countries.length === 0 || !/^(?:the\s+)?[A-Z]/.test(tail)) continue;
      scope.countries = list.countries;
      scope.phrase = `of ${tail.slice(0, list.length)}`;
      break;
    }
  }
  return scope;
}

// ---------------------------------------------------------------------------------------------------------------
// Excepted headings

const EXCEPT_WORD = /\bexcept(?:ing)?\b/gi;
const CHAPTER_98_99_CODE = new RegExp(CHAPTER_98_99_CODE_SOURCE);

function findExceptHeadings(body: string): string[] {
  const out: string[] = [];
  const starts = [...body.matchAll(EXCEPT_WORD)].map((m) => m.index ?? 0);
  starts.forEach((start, k) => {
    const clauseEnd = starts[k + 1] ?? body.length;
    const window = body.slice(start, Math.min(clauseEnd, start + 240));
    const code = CHAPTER_98_99_CODE.exec(window);
    if (!code) return;
    const list = readHeadingList(body, start + code.index);
    for (const h of list.headings) if (!out.includes(h)) out.push(h);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Windows

const TIME_OF_DAY = String.raw`(?:(12:01|11:59)\s*([ap])\.?\s*m\.?\s*(?:(?:eastern|local|port|standard|daylight|day|light)\s+)*(?:time\s+)?(?:on\s+)?)?`;
const PLACEHOLDER_DATE = String.raw`\[\s*\]|\d+\s+days\s+after\s+the\s+date\s+of\s+the\s+executive\s+order(?:,\s*excluding\s+the\s+day\s+the\s+executive\s+order\s+is\s+signed)?`;
/** A point in time: optional clock time, then a written date or a placeholder. */
const WHEN = String.raw`${TIME_OF_DAY}(?:${WRITTEN_DATE}|${PLACEHOLDER_DATE})`;
const ENTERED = String.raw`entered\s+for\s+consumption,?\s*(?:or\s+withdrawn\s+from\s+warehouse\s+for\s+consumption,?\s*)?(?:in\s+the\s+United\s+States,?\s*)?`;

interface When {
  day?: LegalDay;
  unresolved?: string;
  /** 11:59 p.m.: the stated day is still inside the window. */
  endOfDay: boolean;
  /** A clock time was given (12:01 a.m. starts the stated day). */
  timed: boolean;
}

function readWhen(text: string): When {
  const m = new RegExp(`^${TIME_OF_DAY}`, "i").exec(text);
  const timePart = m?.[0] ?? "";
  const rest = text.slice(timePart.length).trim();
  const date = new RegExp(`^${WRITTEN_DATE}`, "i").exec(rest);
  const when: When = { endOfDay: m?.[1] === "11:59", timed: Boolean(m?.[1]) };
  if (date) {
    const day = parseWrittenDate(date[0].replace(/,?\s+(\d{4})$/, ", $1"));
    if (day) when.day = day;
    else when.unresolved = date[0];
  } else when.unresolved = rest;
  return when;
}

/** Day an upper bound ("before X", "prior to X", "through X", "…11:59 p.m. on X") makes the first excluded one. */
function upperBound(word: string, when: When): LegalDay | undefined {
  if (!when.day) return undefined;
  return /through/i.test(word) || when.endOfDay ? addDays(when.day, 1) : when.day;
}

/** Day a lower bound ("on or after X", "after 12:01 a.m. on X", "after X") makes the first included one. */
function lowerBound(word: string, when: When): LegalDay | undefined {
  if (!when.day) return undefined;
  return /^after$/i.test(word.trim()) && !when.timed ? addDays(when.day, 1) : when.day;
}

function setIf<K extends keyof DescriptionWindow>(
  w: DescriptionWindow,
  key: K,
  value: DescriptionWindow[K] | undefined,
): void {
  if (value !== undefined) w[key] = value;
}

/** True when the clause ending at `at` is an "except for articles … that are entered …" carve-out. */
function isCarveOut(body: string, at: number): boolean {
  const before = body.slice(0, at);
  const last = [...before.matchAll(/\bexcept(?:ing)?\b/gi)].pop();
  if (!last) return false;
  const clause = before.slice(last.index ?? 0);
  if (clause.length > 300 || clause.includes(";")) return false;
  if (/,\s*(?:articles|the foregoing)\b/i.test(clause)) return false; // the except clause already closed
  if (/\d{4}\.\d{2}\.\d{2}\s*,/.test(clause)) return false; // "Except as provided in heading 9903.91.10, effective …"
  return true;
}

interface WindowRule {
  re: RegExp;
  build: (m: RegExpExecArray, body: string) => DescriptionWindow;
}

function newWindow(kind: WindowKind, phrase: string, exception: boolean): DescriptionWindow {
  return { kind, exception, unresolved: [], phrase: phrase.trim() };
}

function noteUnresolved(w: DescriptionWindow, ...whens: (When | undefined)[]): void {
  for (const when of whens) if (when?.unresolved) w.unresolved.push(when.unresolved);
}

const WINDOW_RULES: WindowRule[] = [
  {
    // In transit: "(Except for goods) loaded onto a vessel … before <when>[; and (2) are entered … (on or after <when>, and) before <when>]"
    re: new RegExp(
      String.raw`(Except\s+for\s+goods\s+)?(?:that:?\s*(?:\(1\)\s*)?(?:were\s+)?)?(?:loaded\s+onto\s+a\s+vessel|exported\s+to\s+the\s+United\s+States)[^;]*?\b(?:before|prior\s+to)\s+(${WHEN})` +
        String.raw`(?:[;,]?\s*(?:and\s+)?(?:\(2\)\s*)?(?:are\s+)?${ENTERED}(?:(on\s+or\s+after|after)\s+(${WHEN}),?\s*(?:and\s+)?)?(?:(before|prior\s+to)\s+(${WHEN}))?)?`,
      "gi",
    ),
    build(m, body) {
      const w = newWindow("in-transit", m[0], Boolean(m[1]) || isCarveOut(body, m.index));
      const loaded = readWhen(m[2]!);
      const lowerWord = m[5];
      const lower = m[6] ? readWhen(m[6]) : undefined;
      const upper = m[10] ? readWhen(m[10]) : undefined;
      setIf(w, "loadedBefore", loaded.day);
      if (lower && lowerWord) setIf(w, "from", lowerBound(lowerWord, lower));
      if (upper && m[9]) {
        setIf(w, "to", upperBound(m[9], upper));
        setIf(w, "enteredBefore", upperBound(m[9], upper));
      }
      noteUnresolved(w, loaded, lower, upper);
      return w;
    },
  },
  {
    // "Effective with respect to entries[, of …,] on or after <when>[, and before|through <when>]"
    re: new RegExp(
      String.raw`effective\s+with\s+respect\s+to\s+entries\b[^;]{0,120}?\bon\s+or\s+after\s+(${WHEN})(?:,?\s*(?:and\s+)?(before|through|prior\s+to)\s+(${WHEN}))?`,
      "gi",
    ),
    build(m, body) {
      const w = newWindow("entry", m[0], isCarveOut(body, m.index));
      const lower = readWhen(m[1]!);
      const upper = m[5] ? readWhen(m[5]) : undefined;
      setIf(w, "from", lowerBound("on or after", lower));
      if (upper && m[4]) setIf(w, "to", upperBound(m[4], upper));
      noteUnresolved(w, lower, upper);
      return w;
    },
  },
  {
    // "contract for sale dated prior to <when> for goods that are entered … prior to <when>"
    re: new RegExp(
      String.raw`contract\s+for\s+sale\s+dated\s+(?:prior\s+to|before)\s+(${WHEN})\s+for\s+goods\s+that\s+are\s+${ENTERED}(prior\s+to|before)\s+(${WHEN})`,
      "gi",
    ),
    build(m, body) {
      const w = newWindow("contract", m[0], isCarveOut(body, m.index));
      const contract = readWhen(m[1]!);
      const upper = readWhen(m[5]!);
      setIf(w, "contractBefore", contract.day);
      setIf(w, "to", upperBound(m[4]!, upper));
      setIf(w, "enteredBefore", upperBound(m[4]!, upper));
      noteUnresolved(w, contract, upper);
      return w;
    },
  },
  {
    // "admitted into a U.S. foreign trade zone under "privileged foreign status" … prior to <when>"
    re: new RegExp(
      String.raw`admitted\s+(?:in)?to\s+a\s+U\.?\s?S\.?\s*foreign\s+trade\s+zone[^;]*?\b(prior\s+to|before)\s+(${WHEN})`,
      "gi",
    ),
    build(m, body) {
      const w = newWindow("ftz-admission", m[0], isCarveOut(body, m.index));
      const when = readWhen(m[2]!);
      setIf(w, "admittedBefore", upperBound(m[1]!, when));
      noteUnresolved(w, when);
      return w;
    },
  },
  {
    // "entered for consumption … between <when>, and <when>"
    re: new RegExp(String.raw`${ENTERED}between\s+(${WHEN}),?\s*and\s+(${WHEN})`, "gi"),
    build(m, body) {
      const w = newWindow("entry", m[0], isCarveOut(body, m.index));
      const lower = readWhen(m[1]!);
      const upper = readWhen(m[4]!);
      setIf(w, "from", lowerBound("on or after", lower));
      setIf(w, "to", upperBound("before", upper));
      noteUnresolved(w, lower, upper);
      return w;
    },
  },
  {
    // "entered for consumption … (on or after|after) <when>[, and before <when>][, and that were not in transit … prior to <when>]"
    re: new RegExp(
      String.raw`${ENTERED}(?:(on\s+or\s+after|after)\s+(${WHEN}))?(?:,?\s*(?:and\s+)?(before|prior\s+to)\s+(${WHEN}))?` +
        String.raw`(?:,?\s*and\s+that\s+were\s+not\s+in\s+transit\b[^;]*?\b(?:prior\s+to|before)\s+(${WHEN}))?`,
      "gi",
    ),
    build(m, body) {
      const w = newWindow("entry", m[0], isCarveOut(body, m.index));
      const lower = m[2] ? readWhen(m[2]) : undefined;
      const upper = m[6] ? readWhen(m[6]) : undefined;
      const notLoaded = m[9] ? readWhen(m[9]) : undefined;
      if (lower && m[1]) setIf(w, "from", lowerBound(m[1], lower));
      if (upper && m[5]) setIf(w, "to", upperBound(m[5], upper));
      setIf(w, "notLoadedBefore", notLoaded?.day);
      noteUnresolved(w, lower, upper, notLoaded);
      return w;
    },
  },
];

const ANY_WHEN = new RegExp(
  `(?:(on\\s+or\\s+after|after|before|prior\\s+to|through|until|beginning|since)\\s+)?(${WHEN})`,
  "gi",
);

function overlaps(spans: [number, number][], start: number, end: number): boolean {
  return spans.some(([s, e]) => start < e && end > s);
}

function findWindows(body: string): DescriptionWindow[] {
  const found: { at: number; window: DescriptionWindow }[] = [];
  const spans: [number, number][] = [];
  for (const rule of WINDOW_RULES) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(body)) !== null) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      if (overlaps(spans, start, end)) continue;
      const window = rule.build(m, body);
      const hasContent =
        window.unresolved.length > 0 ||
        (["from", "to", "loadedBefore", "notLoadedBefore", "contractBefore", "admittedBefore"] as const).some(
          (k) => window[k] !== undefined,
        );
      if (!hasContent) continue;
      spans.push([start, end]);
      found.push({ at: start, window });
    }
  }
  // Any date left over becomes an `other` window so that no stated date is silently dropped.
  for (const m of body.matchAll(ANY_WHEN)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps(spans, start, end)) continue;
    const phraseStart = Math.max(0, body.lastIndexOf(",", start - 1) + 1, body.lastIndexOf(";", start - 1) + 1);
    const w = newWindow("other", body.slice(phraseStart, end), isCarveOut(body, start));
    const when = readWhen(m[2]!);
    const word = m[1] ?? "";
    if (/before|prior|through|until/i.test(word)) setIf(w, "to", upperBound(word, when));
    else if (/after|beginning|since/i.test(word)) setIf(w, "from", lowerBound(word, when));
    noteUnresolved(w, when);
    spans.push([start, end]);
    found.push({ at: start, window: w });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.window);
}

// ---------------------------------------------------------------------------------------------------------------
// Entry point

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Parse one Chapter 99 description (HTML allowed). Never throws. */
export function parseHeadingDescription(html: unknown): HeadingText {
  const text = descriptionToText(html);
  const { notes, body } = splitCompilerNotes(text);
  return {
    text,
    countryScope: findCountryScope(body),
    exceptHeadings: findExceptHeadings(body),
    windows: findWindows(body),
    compilerNotes: notes.map(parseCompilerNote),
    placeholders: findPlaceholders(body),
    noteRefs: findNoteRefs(text),
  };
}
