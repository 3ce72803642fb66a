import { createHash, hash } from "node:crypto";
import type { LegalDay } from "../common/legalDate.js";
import { ENGINE_VERSION } from "../engine/resolveStack.js";
import { readCompiled, writeCompiled } from "../store/compiledCache.js";
import type { SeriesEngine } from "./averageSeries.js";
import { engineFingerprint, lineVersionText, priorBaseText } from "./lineHistoryCache.js";

/**
 * The content signatures of the all-partner panel's lines (allPartnerPanel.ts): everything the engine reads of a line
 * for an origin class, as a short hash, so lines and origins the ledger treats alike share one history. They depend on
 * the ledger, the engine's code and the panel's period only (not on weights, view or facts), and cost about as much to
 * compute as the rest of a panel rebuilt from kept histories, so the table is kept in the compiled cache
 * (`compiled/all-partner-signatures-<key>.v8`, a few MB) and a later build computes only the lines it lacks.
 */

/** Class key → line → signature. */
export type SignatureTable = Map<string, Map<string, string>>;

/** Bumped when the signature's text changes. */
const SIGNATURE_FORMAT = "all-partner-signatures/3";
const NAME = "all-partner-signatures";

function tableKey(engine: SeriesEngine, period: { from: LegalDay; to: LegalDay }): string {
  return createHash("sha256")
    .update(SIGNATURE_FORMAT)
    .update(ENGINE_VERSION)
    .update(engineFingerprint())
    .update(engine.ledger.version)
    .update(`${period.from}|${period.to}`)
    .digest("hex")
    .slice(0, 24);
}

/** The signatures kept for the engine and period (an empty table when none are, or the file is unreadable). */
export async function readSignatures(engine: SeriesEngine, period: { from: LegalDay; to: LegalDay }, cacheDir: string): Promise<LineSignatures> {
  const known = await readCompiled<SignatureTable>(cacheDir, NAME, tableKey(engine, period));
  return new LineSignatures(engine, period, known instanceof Map ? known : undefined);
}

/** Keep the table when this build computed signatures it lacked. */
export async function keepSignatures(signatures: LineSignatures, engine: SeriesEngine, period: { from: LegalDay; to: LegalDay }, cacheDir: string): Promise<void> {
  if (signatures.computed > 0) await writeCompiled(cacheDir, NAME, tableKey(engine, period), signatures.table);
}

/** Everything the engine reads of a line for an origin class (see the module comment), as a short hash. */
export class LineSignatures {
  private readonly product = new Map<string, string>();
  private readonly readsPriorBase: boolean;
  /** Signatures by class key and line: read from the compiled cache, added to as lines are met. */
  readonly table: SignatureTable;
  /** Signatures computed here (not read back). */
  computed = 0;

  constructor(
    private readonly engine: SeriesEngine,
    period: { from: LegalDay; to: LegalDay },
    known?: SignatureTable,
  ) {
    this.table = known ?? new Map();
    this.readsPriorBase = (engine.ledger.baseSchedules ?? []).some(
      (p) => p.schedule === "tariff-database" && p.from <= period.to && (p.to === undefined || p.to > period.from),
    );
  }

  /** The class-independent part: edition runs, rate texts, use-fact defaults, earlier base rate. */
  private productText(code: string): string {
    let t = this.product.get(code);
    if (t === undefined) {
      const { ledger } = this.engine;
      const versions = ledger.catalog.lines.get(code) ?? [];
      t = versions.map((v) => lineVersionText(ledger, code, v)).join("|");
      if (this.readsPriorBase) t += `#${priorBaseText(ledger, code)}`;
      this.product.set(code, t);
    }
    return t;
  }

  /**
   * The signature of `code` for a class (its key and representative origin): the measures listed are the engine's
   * `measuresFor(code, version, representative)` — the measures whose product scope covers the line, kept when they
   * are open to the class's origins (memoised by the index per line version and origin class).
   */
  of(code: string, classKey: string, representative: string): string {
    let forClass = this.table.get(classKey);
    if (!forClass) this.table.set(classKey, (forClass = new Map()));
    let sig = forClass.get(code);
    if (sig === undefined) forClass.set(code, (sig = this.compute(code, classKey, representative)));
    return sig;
  }

  private compute(code: string, classKey: string, representative: string): string {
    this.computed++;
    const { ledger, index } = this.engine;
    let measures = "";
    const versions = ledger.catalog.lines.get(code) ?? [];
    for (let k = 0; k < versions.length; k++) {
      const v = versions[k]!;
      if (k > 0) measures += "|";
      const list = index.measuresFor(code, v, representative);
      for (let i = 0; i < list.length; i++) measures += i === 0 ? `${list[i]!.index}` : `,${list[i]!.index}`;
    }
    return hash("sha1", `${classKey}#${this.productText(code)}#${measures}`, "base64");
  }
}

