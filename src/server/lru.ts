/** A small least-recently-used map: the server's memo of pure results (average series, diffs, parsed editions). */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  /** The memoized promise for `key`, or a new one from `make` (a rejected promise is forgotten, so a retry recomputes). */
  memo(key: K, make: () => V & Promise<unknown>): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const p = make();
    this.set(key, p);
    p.catch(() => this.delete(key));
    return p;
  }
}
