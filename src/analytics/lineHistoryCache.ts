import { originClassOf } from "./originClasses.js";
import { useDefaultFor } from "../ledger/useDefaults.js";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { deserialize, serialize } from "node:v8";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { LRUCache } from "lru-cache";
import type { LegalDay } from "../common/legalDate.js";
import type { EntryFacts } from "../engine/entryFacts.js";
import { leafHistory, type HistoryInterval } from "../engine/history.js";
import type { LedgerIndex } from "../engine/ledgerIndex.js";
import { ENGINE_VERSION } from "../engine/resolveStack.js";
import type { LegalViewId } from "../engine/stackTypes.js";
import type { Ledger } from "../ledger/ledgerTypes.js";
import type { LineVersion } from "../schedule/htsCatalog.js";
import { ShardedLog, trimNamespaces } from "../store/shardedLog.js";

/**
 * The series cache: each statistical line's history over the ledger's whole coverage, resolved once per (ledger
 * version, engine rules version, line, origin class, legal view, entry facts) — never per requested range, so any
 * range is a slice of the same histories. Lines whose history is decided by the same things share one entry. Bounded in memory (an LRU by estimated bytes) and on disk (append-only
 * shards per ledger version, a cap per ledger version and one for all of them, least recently used versions removed).
 */

/** What the series needs of a history interval (compact: it is persisted). `to` is the first day not included. */
export interface PanelInterval {
  from: LegalDay;
  to: LegalDay;
  totalPercent: number;
  additionalPercent: number;
  byAuthority: Record<string, number>;
  changes: { instrument: { id: string; title: string; url: string }; delta: number }[];
  needsFacts: boolean;
  uncertain: boolean;
}

/** The ledger and index a history is resolved over (a scenario passes its edited ledger). */
export interface HistoryEngine {
  ledger: Ledger;
  index: LedgerIndex;
}

export interface LineHistoryCacheOptions {
  /** Folder of the persisted histories (one sub-folder per ledger version). */
  dir: string;
  /** Estimated bytes of histories kept in memory (default 96 MB). */
  maxMemoryBytes?: number;
  /** Bytes on disk for all ledger versions together (default 512 MB); one version gets at most half. */
  maxDiskBytes?: number;
}

export interface LineHistoryCacheStats {
  /** Histories in memory and their estimated bytes. */
  memoryEntries: number;
  memoryBytes: number;
  /** Bytes of the persisted histories (all ledger versions). */
  diskBytes: number;
  /** Histories resolved by the engine / read back from disk, since the cache was made. */
  resolved: number;
  readFromDisk: number;
}

/** Bumped when `PanelInterval` or the key changes. */
const PANEL_FORMAT = "lines-3";

/** A history interval in the form the cache keeps. */
export function compactInterval(h: HistoryInterval): PanelInterval {
  return {
    from: h.from,
    to: h.to,
    totalPercent: h.totalPercent,
    additionalPercent: h.additionalPercent,
    byAuthority: h.byAuthority,
    changes: h.changes
      .filter((c) => c.instrument && c.before !== c.after)
      .map((c) => ({ instrument: c.instrument!, delta: Math.abs(c.after - c.before) })),
    needsFacts: h.needsFacts.length > 0,
    uncertain: h.uncertain.length > 0,
  };
}

/** A rough size of a history in memory (objects, strings, numbers), for the LRU's budget. */
function estimateBytes(h: PanelInterval[]): number {
  let bytes = 64;
  for (const iv of h) bytes += 200 + 56 * Object.keys(iv.byAuthority).length + 48 * iv.changes.length;
  return bytes;
}

/** Entry facts as a stable key (sorted fields). */
export function factsKey(facts: EntryFacts): string {
  return JSON.stringify(Object.fromEntries(Object.entries(facts).sort(([a], [b]) => (a < b ? -1 : 1))));
}

let fingerprint: string | undefined;

/**
 * What the engine reads of one edition run of a line apart from the measures: its run, base rate (column 1 General and
 * Special: a preference claim reads Special), legal line and the per-line defaults of use-based facts (which depend on
 * the code and the description). Part of every key under which lines share a history (here and in the all-partner
 * panel's signatures), so the two cannot drift apart.
 */
export function lineVersionText(ledger: HistoryEngine["ledger"], code: string, v: LineVersion): string {
  return `${v.from}-${v.to}:${v.general}:${v.special ?? ""}:${v.other}:${v.legalCode}:${ledger.useDefaults.map((u) => (useDefaultFor(u, code, v.description).value ? 1 : 0)).join("")}`;
}

/** The base rate of the earlier schedule placed on the line (base-schedules.yaml), when the ledger reads one. */
export function priorBaseText(ledger: HistoryEngine["ledger"], code: string): string {
  if (!ledger.priorBase) return "";
  const prior = ledger.priorBase.lines[code.slice(0, 8)];
  return prior ? `${prior.sources[0]!.hts8}:${prior.text}:${prior.uncertain ? 1 : 0}` : "unplaced";
}

/**
 * A hash of the engine's own code (the files of src/engine, or dist/engine once built): persisted histories are never
 * reused by different engine code, even when a rule change forgot to bump ENGINE_VERSION.
 */
export function engineFingerprint(): string {
  if (fingerprint === undefined) {
    const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "engine");
    const h = createHash("sha256");
    for (const f of readdirSync(dir).sort()) if (/\.(ts|js)$/.test(f)) h.update(f).update(readFileSync(join(dir, f)));
    fingerprint = h.digest("hex").slice(0, 10);
  }
  return fingerprint;
}

export class LineHistoryCache {
  private readonly memory: LRUCache<string, PanelInterval[]>;
  /** Line → history signature (a lookup is cheaper than the signature). */
  private readonly signatures = new LRUCache<string, string>({ max: 250_000 });
  private readonly logs = new Map<string, ShardedLog<PanelInterval[]>>();
  private readonly maxDiskBytes: number;
  private resolved = 0;
  private readFromDisk = 0;
  private bundlesRead = 0;

  constructor(private readonly options: LineHistoryCacheOptions) {
    const maxSize = options.maxMemoryBytes ?? 96 * 1024 * 1024;
    this.maxDiskBytes = options.maxDiskBytes ?? 512 * 1024 * 1024;
    this.memory = new LRUCache({ maxSize, sizeCalculation: (v) => Math.min(maxSize, estimateBytes(v)) });
  }

  /** The folder of one ledger version's histories (the engine rules version and this format are part of it). */
  private log(ledgerVersion: string): ShardedLog<PanelInterval[]> {
    const name = `${PANEL_FORMAT}-${ENGINE_VERSION.replace(/[^\w.-]/g, "-")}-${engineFingerprint()}-${ledgerVersion}`;
    let log = this.logs.get(name);
    if (!log) {
      const dir = join(this.options.dir, name);
      trimNamespaces(this.options.dir, this.maxDiskBytes, [dir, ...[...this.logs.values()].map((l) => l.dir)]);
      log = new ShardedLog<PanelInterval[]>(dir, { maxBytes: Math.floor(this.maxDiskBytes / 2) });
      // A process that goes through many scenario ledgers keeps only the few most recent folders open.
      if (this.logs.size >= 8) {
        const [oldest, old] = this.logs.entries().next().value as [string, ShardedLog<PanelInterval[]>];
        old.close();
        this.logs.delete(oldest);
      }
      this.logs.set(name, log);
    }
    return log;
  }

  /**
   * The history of one statistical line over the ledger's whole coverage. `facts` must be checked entry facts and
   * `factsSignature` their `factsKey`.
   */
  history(
    engine: HistoryEngine,
    code: string,
    origin: string,
    view: LegalViewId,
    facts: EntryFacts,
    factsSignature: string,
  ): PanelInterval[] {
    const contentKey = `${this.signature(engine, code, origin)}|${view}|${factsSignature}`;
    const memoryKey = `${engine.ledger.version}|${contentKey}`;
    const hit = this.memory.get(memoryKey);
    if (hit) return hit;
    const log = this.log(engine.ledger.version);
    let h = log.get(contentKey);
    if (h) this.readFromDisk++;
    else {
      const { ledger, index } = engine;
      h = leafHistory(ledger, index, code, origin, ledger.coverage.from, ledger.coverage.to, facts, view).map(compactInterval);
      this.resolved++;
      log.append(contentKey, h);
    }
    this.memory.set(memoryKey, h);
    return h;
  }

  /**
   * A history stored under a key the caller derives from everything the history depends on (the all-partner panel's
   * content signature of a line, origin class, period, view and facts: src/analytics/allPartnerPanel.ts), resolved by
   * `resolve` when neither memory nor the ledger version's log holds it. Same bounds as `history`.
   */
  keyed(ledgerVersion: string, contentKey: string, resolve: () => PanelInterval[]): PanelInterval[] {
    const memoryKey = `${ledgerVersion}|${contentKey}`;
    const hit = this.memory.get(memoryKey);
    if (hit) return hit;
    let h = this.findKeyed(ledgerVersion, contentKey);
    if (!h) {
      h = resolve();
      this.storeKeyed(ledgerVersion, contentKey, h);
    }
    this.memory.set(memoryKey, h);
    return h;
  }

  /**
   * A history stored under a caller's key (see `keyed`) in memory or in the ledger version's log, or undefined. A
   * history read from the log is not added to the memory: a caller that reads many at once (the all-partner panel)
   * keeps what it needs itself and leaves the other series' histories in memory.
   */
  findKeyed(ledgerVersion: string, contentKey: string): PanelInterval[] | undefined {
    const hit = this.memory.get(`${ledgerVersion}|${contentKey}`);
    if (hit) return hit;
    const h = this.log(ledgerVersion).get(contentKey);
    if (h) this.readFromDisk++;
    return h;
  }

  /** Keep a history the caller resolved under its key (see `keyed`) in the ledger version's log. */
  storeKeyed(ledgerVersion: string, contentKey: string, h: PanelInterval[]): void {
    this.resolved++;
    this.log(ledgerVersion).append(contentKey, h);
  }

  /**
   * What decides a line's history besides the view and facts: its printed versions (edition runs, base rate text,
   * legal line), the measures that can apply to it in each, and its per-line use-fact defaults. Lines with the same signature share one history (many do).
   */
  private signature(engine: HistoryEngine, code: string, origin: string): string {
    const { ledger, index } = engine;
    // The origin class: the measures naming the origin, the preference programs open to it and column 2 (originClasses.ts).
    const cls = originClassOf(ledger, index, origin);
    const lineKey = `${ledger.version}|${code}|${cls}`;
    let sig = this.signatures.get(lineKey);
    if (sig === undefined) {
      const versions = ledger.catalog.lines.get(code) ?? [];
      // Everything the engine reads of the line: its edition runs, base rate, legal line, the measures that can reach
      // it, and the per-line defaults of use-based facts (which depend on the code and the description).
      const text = versions.map((v) => `${lineVersionText(ledger, code, v)}:${index.measuresFor(code, v, origin).map((m) => m.index).join(",")}`).join("|");
      const priorText = priorBaseText(ledger, code);
      sig = createHash("sha1").update(text).update(`#${priorText}`).update(`#${cls}`).digest("base64");
      this.signatures.set(lineKey, sig);
    }
    return sig;
  }

  /**
   * A caller's histories kept together in one file of the ledger version's folder (the all-partner panel's, read in
   * one go rather than one record per history), or undefined when absent or unreadable. Bounded with the folder.
   */
  readBundle<T>(ledgerVersion: string, name: string): T | undefined {
    try {
      const value = deserialize(readFileSync(join(this.log(ledgerVersion).dir, `bundle-${name}.v8`))) as T;
      this.bundlesRead++;
      return value;
    } catch {
      return undefined;
    }
  }

  /** Replace a caller's bundle (see `readBundle`); false when it could not be written (it is a cache). */
  writeBundle(ledgerVersion: string, name: string, value: unknown): boolean {
    const file = join(this.log(ledgerVersion).dir, `bundle-${name}.v8`);
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      writeFileSync(tmp, serialize(value));
      renameSync(tmp, file);
      return true;
    } catch {
      rmSync(tmp, { force: true });
      return false;
    }
  }

  /** Keep the disk within its cap (after a batch of new histories). */
  trimDisk(): void {
    trimNamespaces(
      this.options.dir,
      this.maxDiskBytes,
      [...this.logs.values()].map((l) => l.dir),
    );
  }

  stats(): LineHistoryCacheStats {
    let diskBytes = 0;
    for (const log of this.logs.values()) diskBytes += log.bytes();
    return {
      memoryEntries: this.memory.size,
      memoryBytes: this.memory.calculatedSize,
      diskBytes,
      resolved: this.resolved,
      readFromDisk: this.readFromDisk,
    };
  }

  close(): void {
    for (const log of this.logs.values()) log.close();
    this.logs.clear();
    this.memory.clear();
  }
}

/** The earlier format kept one whole panel file per ledger version, rewritten on every call: remove those files. */
function removeRangePanels(dir: string): void {
  try {
    for (const f of readdirSync(dir)) if (f.startsWith("series-panel-")) rmSync(join(dir, f), { force: true });
  } catch {
    // no compiled folder yet
  }
}

/** One cache per data cache folder and process (the series of every caller share it). */
const caches = new Map<string, LineHistoryCache>();

export function lineHistoryCacheFor(cacheDir: string): LineHistoryCache {
  let c = caches.get(cacheDir);
  if (!c) {
    removeRangePanels(join(cacheDir, "compiled"));
    c = new LineHistoryCache({ dir: join(cacheDir, "compiled", "series-lines") });
    caches.set(cacheDir, c);
  }
  return c;
}
