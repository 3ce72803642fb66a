/**
 * A set of printed HTS codes (2–10 digits) matched by prefix at their printed granularity: a code "8703.80" covers
 * every HTS-10 under it. Lookup tests the five prefixes of a 10-digit code against a hash set, so it is O(1).
 */
export class PrefixSet {
  private readonly codes = new Set<string>();

  constructor(codes: Iterable<string> = []) {
    for (const c of codes) this.add(c);
  }

  add(code: string): void {
    this.codes.add(code.replace(/\D/g, ""));
  }

  get size(): number {
    return this.codes.size;
  }

  /** The most specific printed code covering `digits`, or undefined. */
  match(digits: string): string | undefined {
    if (this.codes.size === 0) return undefined; // most measures exclude nothing: no prefix to cut
    for (let len = digits.length; len >= 2; len--) {
      const p = digits.slice(0, len);
      if (this.codes.has(p)) return p;
    }
    return undefined;
  }

  has(digits: string): boolean {
    return this.match(digits) !== undefined;
  }

  values(): string[] {
    return [...this.codes].sort();
  }
}
