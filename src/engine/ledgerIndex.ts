import { nearestCodes } from "../common/htsCode.js";
import type { Ledger, LedgerMeasure, LineFacts } from "../ledger/ledgerTypes.js";
import { PrefixSet } from "../ledger/prefixSet.js";

/** Does the measure's origin scope (`origins`, `exceptOrigins`) cover the origin? */
function originScopeMatches(m: LedgerMeasure, origin: string): boolean {
  if (m.exceptOrigins?.includes(origin)) return false;
  return m.origins.includes("*") || m.origins.includes(origin);
}

/**
 * In-memory lookup structures over a compiled ledger: per-measure product matchers and a memo of which measures can
 * ever apply to a (line version, origin) pair. Built once per process from the plain (cacheable) ledger.
 */
export class LedgerIndex {
  private readonly include: PrefixSet[];
  private readonly exclude: PrefixSet[];
  private readonly sortedCodes: string[];
  /** Inverted index: printed code (digits) → measures listing it; plus the measures covering all products. */
  private readonly byPrefix = new Map<string, number[]>();
  private readonly allProducts: number[] = [];
  private readonly byFootnote = new Map<string, number[]>();

  constructor(readonly ledger: Ledger) {
    this.include = ledger.measures.map((m) => new PrefixSet(m.includeCodes));
    this.exclude = ledger.measures.map((m) => new PrefixSet(m.excludeCodes));
    this.sortedCodes = [...ledger.catalog.lines.keys()].sort();
    for (const m of ledger.measures) {
      if (m.products.all) this.allProducts.push(m.index);
      for (const c of m.includeCodes) {
        const list = this.byPrefix.get(c) ?? [];
        list.push(m.index);
        this.byPrefix.set(c, list);
      }
      if (m.products.footnote !== undefined) {
        const list = this.byFootnote.get(m.products.footnote) ?? [];
        list.push(m.index);
        this.byFootnote.set(m.products.footnote, list);
      }
    }
  }

  /** Candidate measures for a line by product alone (before origin and exclusions), via the inverted indexes. */
  private candidates(code10: string, line: LineFacts): Set<number> {
    const out = new Set<number>(this.allProducts);
    for (let len = 2; len <= code10.length; len++) for (const i of this.byPrefix.get(code10.slice(0, len)) ?? []) out.add(i);
    for (const h of line.chapter99) for (const i of this.byFootnote.get(h) ?? []) out.add(i);
    for (const p of line.chapter99Prefixes) {
      for (const [h, list] of this.byFootnote) if (h.startsWith(`${p}.`)) for (const i of list) out.add(i);
    }
    return out;
  }

  /** Exemptions whose product state cannot be reconstructed (`uncertainScope`): any stack with a duty they target may be affected. */
  get uncertainExemptions(): LedgerMeasure[] {
    return (this.uncertainExemptionList ??= this.ledger.measures.filter((m) => m.role === "exemption" && m.uncertainScope === true));
  }
  private uncertainExemptionList: LedgerMeasure[] | undefined;

  /** Does the measure's product scope cover this statistical line (in the given line version)? */
  productMatches(m: LedgerMeasure, code10: string, line: LineFacts): boolean {
    if (this.exclude[m.index]!.has(code10)) return false;
    const p = m.products;
    if (p.all) return true;
    if (this.include[m.index]!.has(code10)) return true;
    if (p.footnote !== undefined) {
      const h = p.footnote;
      if (line.chapter99.includes(h)) return true;
      for (const prefix of line.chapter99Prefixes) if (h.startsWith(`${prefix}.`)) return true;
    }
    return false;
  }

  originMatches(m: LedgerMeasure, origin: string): boolean {
    const matcher = this.originMatcher(origin);
    // A measure of this ledger: read off the origin's matcher; any other (a caller's own) by its scope.
    if (this.ledger.measures[m.index] === m) return matcher[m.index] === 1;
    return originScopeMatches(m, origin);
  }

  private readonly matchers = new Map<string, Uint8Array>();

  /** For each measure of the ledger (by index), whether its origin scope covers the origin: computed once per origin. */
  originMatcher(origin: string): Uint8Array {
    let matcher = this.matchers.get(origin);
    if (!matcher) {
      matcher = new Uint8Array(this.ledger.measures.length);
      this.ledger.measures.forEach((m, i) => (matcher![i] = originScopeMatches(m, origin) ? 1 : 0));
      this.matchers.set(origin, matcher);
    }
    return matcher;
  }

  private readonly originClasses = new Map<string, string>();

  /**
   * Origins that no measure names (in `origins` or `exceptOrigins`) are treated alike; the class key lets them share
   * memoised answers.
   */
  originClass(origin: string): string {
    let key = this.originClasses.get(origin);
    if (key === undefined) {
      key = this.ledger.measures
        .filter((m) => m.origins.includes(origin) || m.exceptOrigins?.includes(origin))
        .map((m) => m.index)
        .join(",");
      this.originClasses.set(origin, key);
    }
    return key;
  }

  private readonly originClassIds = new Map<string, number>();
  private readonly classIds = new Map<string, number>();

  /** A number for the origin's class (`originClass`), short to key the memo with. */
  private originClassId(origin: string): number {
    let id = this.originClassIds.get(origin);
    if (id === undefined) {
      const cls = this.originClass(origin);
      id = this.classIds.get(cls);
      if (id === undefined) this.classIds.set(cls, (id = this.classIds.size));
      this.originClassIds.set(origin, id);
    }
    return id;
  }

  /**
   * The memos of `measuresFor` and `productMeasures`, kept on the line version (an object of the ledger's catalog, so
   * they are bounded by it): by the code the version is asked for (a version belongs to one line), then by origin class.
   */
  private readonly lineMemo = new WeakMap<LineFacts, { code10: string; products: LedgerMeasure[]; byClass: (LedgerMeasure[] | undefined)[] }>();

  private lineEntry(code10: string, line: LineFacts): { code10: string; products: LedgerMeasure[]; byClass: (LedgerMeasure[] | undefined)[] } {
    let e = this.lineMemo.get(line);
    if (e === undefined || e.code10 !== code10) {
      const cands = [...this.candidates(code10, line)].sort((a, b) => a - b);
      const products = cands.map((i) => this.ledger.measures[i]!).filter((m) => this.productMatches(m, code10, line));
      this.lineMemo.set(line, (e = { code10, products, byClass: [] }));
    }
    return e;
  }

  /** Measures (any window, any status) whose origin and product scope cover the line. */
  measuresFor(code10: string, line: LineFacts, origin: string): LedgerMeasure[] {
    const e = this.lineEntry(code10, line);
    const cls = this.originClassId(origin);
    let hit = e.byClass[cls];
    if (!hit) {
      const matcher = this.originMatcher(origin);
      hit = e.byClass[cls] = e.products.filter((m) => matcher[m.index] === 1);
    }
    return hit;
  }

  /** Measures (any window, any status, any origin) whose product scope covers the line, in ledger order. */
  productMeasures(code10: string, line: LineFacts): LedgerMeasure[] {
    return this.lineEntry(code10, line).products;
  }

  /** HTS-10 codes under a prefix that are printed in edition `edition` (or in any edition, if none is). */
  leavesUnder(prefix: string, edition: number): string[] {
    const out: string[] = [];
    const any: string[] = [];
    let lo = 0;
    let hi = this.sortedCodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sortedCodes[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sortedCodes.length && this.sortedCodes[i]!.startsWith(prefix); i++) {
      const code = this.sortedCodes[i]!;
      any.push(code);
      if (this.ledger.catalog.lines.get(code)!.some((v) => v.from <= edition && edition <= v.to)) out.push(code);
    }
    return out.length > 0 ? out : any;
  }

  /** Nearest valid statistical lines for an unknown code. */
  suggest(digits: string, max = 5): string[] {
    return nearestCodes(digits, this.sortedCodes, max);
  }

}
