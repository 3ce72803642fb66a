import { InputError } from "./errors.js";

/** Digits of an HTS code without dots or spaces: "0101210010". */
export type HtsDigits = string;

const VALID_LENGTHS = new Set([2, 4, 6, 8, 10]);

/** Strip dots, spaces and non-breaking spaces; return the digits, or undefined if it is not a code. */
export function htsDigits(code: string): HtsDigits | undefined {
  const digits = code.replace(/[.\s\u00a0]/g, "");
  if (!/^\d+$/.test(digits) || !VALID_LENGTHS.has(digits.length)) return undefined;
  return digits;
}

/** Normalize user input to digits or throw an InputError naming the field. */
export function parseHtsCode(code: string, field = "code"): HtsDigits {
  const digits = htsDigits(code.trim());
  if (digits === undefined) {
    throw new InputError(
      "MALFORMED_CODE",
      field,
      `"${code}" is not an HTS code (expected 2, 4, 6, 8 or 10 digits, dots optional, e.g. 8703.80.00 or 8703800000)`,
    );
  }
  return digits;
}

/** Format digits in the HTS's dotted style: 0101, 0101.21, 0101.21.00, 0101.21.00.10. */
export function formatHts(digits: HtsDigits): string {
  if (digits.length <= 4) return digits;
  const parts = [digits.slice(0, 4), digits.slice(4, 6)];
  if (digits.length > 6) parts.push(digits.slice(6, 8));
  if (digits.length > 8) parts.push(digits.slice(8, 10));
  return parts.join(".");
}

/** True when `code` lies under `prefix` (both as digits). */
export function isUnder(code: HtsDigits, prefix: HtsDigits): boolean {
  return code.startsWith(prefix);
}

/**
 * The valid codes nearest to an unknown one, for "did you mean": those sharing the longest prefix with it, closest
 * numerically first (codes compared as if padded to 10 digits). Returned formatted.
 */
export function nearestCodes(digits: HtsDigits, candidates: Iterable<HtsDigits>, max = 5): string[] {
  const all = [...candidates];
  const target = Number(digits.padEnd(10, "0"));
  for (let len = Math.min(digits.length, 10) - 1; len >= 2; len--) {
    const prefix = digits.slice(0, len);
    const hits = all.filter((c) => c.startsWith(prefix));
    if (hits.length > 0) {
      return hits
        .sort((a, b) => Math.abs(Number(a.padEnd(10, "0")) - target) - Math.abs(Number(b.padEnd(10, "0")) - target))
        .slice(0, max)
        .map(formatHts);
    }
  }
  return [];
}
