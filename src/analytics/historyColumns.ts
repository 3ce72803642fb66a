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

/** Columns built history by history: from intervals (resolved or read back) or from other columns. */
export class ColumnsBuilder {
  private readonly starts: number[] = [0];
  private readonly failed: number[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly total: number[] = [];
  private readonly uncertain: number[] = [];
  private readonly auth: number[] = [];
  private readonly authorities: [string, number][][] = [];
  private readonly authorityOf = new Map<string, number>();
  private readonly day = new Map<LegalDay, number>();
  /** Other columns' authority indices → this builder's. */
  private readonly remapped = new WeakMap<IntervalColumns, Int32Array>();

  /** `periodFrom`: the day the columns count days from. */
  constructor(private readonly periodFrom: LegalDay) {}

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
      this.auth.push(this.authorityIndex(Object.entries(iv.byAuthority)));
    }
    this.starts.push(this.from.length);
  }

  /** History `i` of other columns counted from the same day. */
  addKept(c: IntervalColumns, i: number): void {
    let remap = this.remapped.get(c);
    if (!remap) this.remapped.set(c, (remap = new Int32Array(c.authorities.length).fill(-1)));
    this.failed.push(c.failed[i]!);
    for (let k = c.starts[i]!; k < c.starts[i + 1]!; k++) {
      this.from.push(c.from[k]!);
      this.to.push(c.to[k]!);
      this.total.push(c.total[k]!);
      this.uncertain.push(c.uncertain[k]!);
      const a = c.auth[k]!;
      if (remap[a] === -1) remap[a] = this.authorityIndex(c.authorities[a]!);
      this.auth.push(remap[a]!);
    }
    this.starts.push(this.from.length);
  }

  intervals(): IntervalColumns {
    return {
      starts: Uint32Array.from(this.starts),
      failed: Uint8Array.from(this.failed),
      from: Uint16Array.from(this.from),
      to: Uint16Array.from(this.to),
      total: Float64Array.from(this.total),
      uncertain: Uint8Array.from(this.uncertain),
      auth: Uint32Array.from(this.auth),
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
