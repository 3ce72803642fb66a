import { InputError } from "../common/errors.js";
import { editDistance } from "../common/editDistance.js";

/**
 * China's product catalog: the tariff lines of China's 2018 nomenclature as the PIIE workbook prints them (10-digit
 * statistical lines under HS-8 tariff lines), with their descriptions. A query code (4 to 10 digits, dots allowed)
 * names every line it is a prefix of.
 */
export interface CnLine {
  /** Ten digits (a compound-rate line's two parts: suffix A or B). */
  code: string;
  description: string;
}

export interface CnCatalog {
  lines: CnLine[];
  /** Where the lines come from (manifest path and sheet). */
  source: string;
}

export function cnCatalogFrom(lines: CnLine[], source: string): CnCatalog {
  return { lines: [...lines].sort((a, b) => a.code.localeCompare(b.code)), source };
}

/** Digits of a code as typed ("1201.90", "1201 90 10"), or an error naming the input. */
export function cnCodeDigits(code: string): string {
  const digits = code.replace(/[.\s]/g, "").toUpperCase();
  if (!/^\d{4,10}$|^\d{10}[AB]$/.test(digits)) throw new InputError("BAD_CODE", "hts", `"${code}" is not a tariff code (4 to 10 digits, dots allowed, e.g. 1201.90 or 12019010)`);
  return digits;
}

/** Indices of the lines a code names (a prefix of theirs); an error with the nearest codes when there are none. */
export function cnLinesFor(catalog: CnCatalog, code: string): number[] {
  const digits = cnCodeDigits(code);
  const out: number[] = [];
  // Binary search for the first line at or after the prefix; lines are sorted by code.
  let lo = 0;
  let hi = catalog.lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (catalog.lines[mid]!.code < digits) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < catalog.lines.length && catalog.lines[i]!.code.startsWith(digits); i++) out.push(i);
  if (out.length === 0) {
    const near = nearestCodes(catalog, digits);
    throw new InputError("UNKNOWN_CODE", "hts", `no Chinese tariff line ${code} in ${catalog.source}`, near);
  }
  return out;
}

function nearestCodes(catalog: CnCatalog, digits: string): string[] {
  const len = Math.min(Math.max(digits.length, 6), 8);
  const seen = new Set<string>();
  for (const l of catalog.lines) seen.add(l.code.slice(0, len));
  return [...seen]
    .map((c) => ({ c, d: editDistance(c, digits.slice(0, len).padEnd(len, "0")) }))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, 5)
    .map((x) => x.c);
}

/** "1201901000" → "1201.90.10.00" (China's lines print as HS-8 plus two statistical digits). */
export function cnDotted(code: string): string {
  const parts = [code.slice(0, 4), code.slice(4, 6), code.slice(6, 8), code.slice(8, 10)].filter((p) => p.length > 0);
  return parts.join(".") + code.slice(10);
}
