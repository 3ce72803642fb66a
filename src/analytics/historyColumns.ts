import { daysBetween, type LegalDay } from "../common/legalDate.js";
import { authoritySplitKey, type IntervalFigures } from "../engine/history.js";

/**
 * Line histories as columns (what the all-partner panel's sweep reads of them), so that hundreds of thousands of
 * histories cost a few typed arrays rather than millions of objects — in the threads that resolve them, in the messages
 * that carry them back and in the file that keeps them:
 *
 * history i's intervals are [starts[i], starts[i + 1]), each with its first day and first day not included (days since
 * the period's start), its total, whether it is uncertain, and its authorities' figures (an index into `authorities`,
 * shared by equal ones). A history the engine could not resolve has no intervals and `failed[i]` set.
 */
export interface IntervalColumns {
  starts: Uint32Array;
  failed: Uint8Array;
  from: Uint16Array;
  to: Uint16Array;
  total: Float64Array;
  uncertain: Uint8Array;
  auth: Uint32Array;
  authorities: [string, number][][];
}

/** Columns kept in a file: with the key of each history and the format they were written in. */
export interface HistoryColumns extends IntervalColumns {
  format: string;
  keys: string[];
}

type NumberColumn = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** A typed array that grows as values are appended (doubling), for `ColumnsBuilder`. */
class GrowingColumn<T extends NumberColumn> {
  private data: T;
  length = 0;

  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = this.make(Math.max(this.data.length * 2, this.length + n));
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }

  push(v: number): void {
    this.reserve(1);
    this.data[this.length++] = v;
  }

  /** Values [from, to) of another column of the same type. */
  append(src: NumberColumn, from: number, to: number): void {
    this.reserve(to - from);
    this.data.set(src.subarray(from, to) as never, this.length);
    this.length += to - from;
  }

  values(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/** Columns built history by history: from intervals (resolved or read back) or from other columns. */
export class ColumnsBuilder {
  private readonly starts = new GrowingColumn((n) => new Uint32Array(n));
  private readonly failed = new GrowingColumn((n) => new Uint8Array(n));
  private readonly from = new GrowingColumn((n) => new Uint16Array(n));
  private readonly to = new GrowingColumn((n) => new Uint16Array(n));
  private readonly total = new GrowingColumn((n) => new Float64Array(n));
  private readonly uncertain = new GrowingColumn((n) => new Uint8Array(n));
  private readonly auth = new GrowingColumn((n) => new Uint32Array(n));
  private readonly authorities: [string, number][][] = [];
  private readonly authorityOf = new Map<string, number>();
  /** Splits met as objects (`SharedDays` holds one object per split): their index, without building their key. */
  private readonly authorityOfObject = new Map<Record<string, number>, number>();
  private readonly day = new Map<LegalDay, number>();
  /** Other columns' authority indices → this builder's. */
  private readonly remapped = new WeakMap<IntervalColumns, Int32Array>();

  /** `periodFrom`: the day the columns count days from. */
  constructor(private readonly periodFrom: LegalDay) {
    this.starts.push(0);
  }

  /** Days since the period's start (kept as 16 bits: a period of 179 years would not fit). */
  private dayOf(d: LegalDay): number {
    let n = this.day.get(d);
    if (n === undefined) {
      n = daysBetween(this.periodFrom, d);
      if (n < 0 || n > 0xffff) throw new Error(`history columns: day ${d} is out of the columns' range`);
      this.day.set(d, n);
    }
    return n;
  }

  private authorityIndex(entries: [string, number][]): number {
    const key = authoritySplitKey(entries);
    let i = this.authorityOf.get(key);
    if (i === undefined) {
      this.authorityOf.set(key, (i = this.authorities.length));
      this.authorities.push(entries);
    }
    return i;
  }

  /** One history from its intervals, or null for a history the engine could not resolve. */
  addIntervals(h: readonly Pick<IntervalFigures, "from" | "to" | "totalPercent" | "byAuthority" | "uncertain">[] | null): void {
    this.failed.push(h === null ? 1 : 0);
    for (const iv of h ?? []) {
      this.from.push(this.dayOf(iv.from));
      this.to.push(this.dayOf(iv.to));
      this.total.push(iv.totalPercent);
      this.uncertain.push(iv.uncertain ? 1 : 0);
      let a = this.authorityOfObject.get(iv.byAuthority);
      if (a === undefined) this.authorityOfObject.set(iv.byAuthority, (a = this.authorityIndex(Object.entries(iv.byAuthority))));
      this.auth.push(a);
    }
    this.starts.push(this.from.length);
  }

  /** Intervals [a, b) of other columns counted from the same day (their authorities remapped to this builder's). */
  private appendIntervals(c: IntervalColumns, a: number, b: number): void {
    let remap = this.remapped.get(c);
    if (!remap) this.remapped.set(c, (remap = new Int32Array(c.authorities.length).fill(-1)));
    this.from.append(c.from, a, b);
    this.to.append(c.to, a, b);
    this.total.append(c.total, a, b);
    this.uncertain.append(c.uncertain, a, b);
    for (let k = a; k < b; k++) {
      const x = c.auth[k]!;
      if (remap[x] === -1) remap[x] = this.authorityIndex(c.authorities[x]!);
      this.auth.push(remap[x]!);
    }
  }

  /** History `i` of other columns counted from the same day. */
  addKept(c: IntervalColumns, i: number): void {
    this.failed.push(c.failed[i]!);
    this.appendIntervals(c, c.starts[i]!, c.starts[i + 1]!);
    this.starts.push(this.from.length);
  }

  /** Every history of other columns counted from the same day, in their order. */
  addAll(c: IntervalColumns): void {
    const base = this.from.length;
    const n = historyCount(c);
    this.failed.append(c.failed, 0, n);
    this.appendIntervals(c, 0, c.starts[n]!);
    for (let i = 1; i <= n; i++) this.starts.push(base + c.starts[i]!);
  }

  intervals(): IntervalColumns {
    return {
      starts: this.starts.values(),
      failed: this.failed.values(),
      from: this.from.values(),
      to: this.to.values(),
      total: this.total.values(),
      uncertain: this.uncertain.values(),
      auth: this.auth.values(),
      authorities: this.authorities,
    };
  }

  columns(format: string, keys: string[]): HistoryColumns {
    return { format, keys, ...this.intervals() };
  }
}

/** The number of histories in columns. */
export function historyCount(c: IntervalColumns): number {
  return c.failed.length;
}
