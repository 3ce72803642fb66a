/**
 * Name normalisation for screening: one canonical form for a party's name so that case, punctuation, diacritics,
 * company-form suffixes ("Co., Ltd.", "GmbH", "LLC"), common abbreviations and romanisation variants of Chinese
 * place names (Wade–Giles / postal against pinyin) do not decide a match. Pure functions, no list access.
 */

/** The writing system of a name, as far as screening needs it. */
export type NameScript = "latin" | "han" | "cyrillic" | "arabic" | "other";

const SCRIPT_TESTS: [NameScript, RegExp][] = [
  ["han", /\p{Script=Han}/u],
  ["cyrillic", /\p{Script=Cyrillic}/u],
  ["arabic", /\p{Script=Arabic}/u],
  ["latin", /\p{Script=Latin}/u],
];

/** The scripts a name's letters are written in (digits and punctuation count for none); "other" for any letter outside these. */
export function scriptsOf(name: string): Set<NameScript> {
  const out = new Set<NameScript>();
  // Printable ASCII (most names): Latin if it has a letter, no script otherwise.
  if (/^[ -~]*$/.test(name)) {
    if (/[A-Za-z]/.test(name)) out.add("latin");
    return out;
  }
  for (const ch of name) {
    if (!/\p{L}/u.test(ch)) continue;
    const hit = SCRIPT_TESTS.find(([, re]) => re.test(ch));
    out.add(hit ? hit[0] : "other");
  }
  return out;
}

/** Company-form words removed at the end of a name (after punctuation is gone), repeatedly. */
const COMPANY_FORMS = new Set([
  "co", "company", "companies", "ltd", "limited", "corp", "corporation", "inc", "incorporated", "llc", "llp", "lp",
  "plc", "gmbh", "mbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "oy", "ab", "as", "kk", "pte",
  "pvt", "private", "sdn", "bhd", "jsc", "pjsc", "ojsc", "cjsc", "ooo", "oao", "zao", "fze", "fzco", "fzc", "fzllc",
  "tic", "sti", "ltda", "cia", "sl",
]);

/** Phrases folded to one word before the company form is removed. */
const PHRASES: [RegExp, string][] = [
  [/\blimited liability company\b/g, "llc"],
  [/\bjoint stock company\b/g, "jsc"],
  [/\bpublic limited company\b/g, "plc"],
  [/\bsociedad anonima\b/g, "sa"],
  [/\bsociete anonyme\b/g, "sa"],
];

/**
 * Word variants folded to one spelling: abbreviations and older romanisations of Chinese names (the Entity List
 * spells most Chinese names in pinyin; counterparties' records often do not).
 */
export const WORD_VARIANTS: Readonly<Record<string, string>> = {
  // abbreviations and plurals
  tech: "technology",
  technologies: "technology",
  techs: "technology",
  intl: "international",
  int: "international",
  mfg: "manufacturing",
  univ: "university",
  inst: "institute",
  sci: "science",
  sciences: "science",
  elec: "electronic",
  electronics: "electronic",
  eng: "engineering",
  dev: "development",
  equip: "equipment",
  // romanisation variants of Chinese place and institution names → pinyin as the list writes them
  peking: "beijing",
  peiping: "beijing",
  canton: "guangzhou",
  kwangtung: "guangdong",
  tientsin: "tianjin",
  nanking: "nanjing",
  chungking: "chongqing",
  amoy: "xiamen",
  szechuan: "sichuan",
  szechwan: "sichuan",
  sian: "xian",
  hangchow: "hangzhou",
  soochow: "suzhou",
  shenchen: "shenzhen",
  chengtu: "chengdu",
  wuhsi: "wuxi",
  qinghua: "tsinghua",
  hupeh: "hubei",
  shantung: "shandong",
  kiangsu: "jiangsu",
  chekiang: "zhejiang",
  fukien: "fujian",
  honan: "henan",
};

/** A normalised name: its words and two keys (spaced, and with every space removed). */
export interface NormalisedName {
  /** Words after folding and company-form removal. */
  words: string[];
  /** `words` joined by one space. */
  key: string;
  /** `words` joined with nothing: "Da-Jiang" and "Da Jiang" and "Dajiang" meet here. */
  compact: string;
}

/**
 * Normalise a Latin-script name: NFKC, lower case, diacritics removed, "&" → "and", apostrophes and hyphens inside
 * a word joined ("Xi'an" → "xian"), other punctuation to spaces, word variants folded, trailing company forms
 * removed (never the last remaining word). Letters of other scripts are kept as they are.
 */
export function normaliseName(name: string): NormalisedName {
  let s = name.normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFKC").toLowerCase();
  // Dotted initials ("S.A.", "K.K.") become one word before punctuation goes.
  s = s.replace(/(^|[\s,])((?:\p{L}\.){2,})/gu, (_m, pre: string, d: string) => `${pre}${d.replace(/\./g, "")} `);
  s = s.replace(/&/g, " and ").replace(/(\p{L})['’`\-‐‑](?=\p{L})/gu, "$1");
  s = s.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  for (const [re, to] of PHRASES) s = s.replace(re, to);
  let words = s.split(" ").filter((w) => w !== "").map((w) => WORD_VARIANTS[w] ?? w);
  while (words.length > 1 && COMPANY_FORMS.has(words[words.length - 1]!)) words = words.slice(0, -1);
  return { words, key: words.join(" "), compact: words.join("") };
}

/** Company-form-only fragments ("Ltd.", "Co.", "Inc.") that the `; `-joined alias lists split off a name. */
export function isCompanyFormOnly(fragment: string): boolean {
  const w = fragment
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter((x) => x !== "");
  return w.length > 0 && w.every((x) => COMPANY_FORMS.has(x));
}
