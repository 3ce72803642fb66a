import type { Stack, StackLine, StackResult } from "../../src/engine/stackTypes.js";
import type { EntryFacts } from "../../src/engine/entryFacts.js";
import { beforeAll } from "vitest";
import { openTariffscope, type Tariffscope } from "../../src/session.js";

/** The one stack of a statistical line (a code that names several lines is a test error). */
export function singleStack(ts: Tariffscope, hts: string, origin: string, date: string, facts: EntryFacts = {}): Stack {
  const r: StackResult = ts.stack({ hts, origin, date, facts });
  if (r.kind !== "single") throw new Error(`${hts}: expected one stack`);
  return r.stack;
}

/** Every heading of the stack, in order. */
export const headingsOf = (s: Stack): string[] => s.lines.map((l) => l.heading);
/** The duty line of a heading, if declared. */
export const dutyLine = (s: Stack, heading: string): StackLine | undefined =>
  s.lines.find((l) => l.heading === heading && l.role === "duty");
/** The exemption line of a heading, if declared. */
export const exemptionLine = (s: Stack, heading: string): StackLine | undefined =>
  s.lines.find((l) => l.heading === heading && l.role === "exemption");
/** Does the answer ask for this entry fact? */
export const asksFor = (s: Stack, fact: string): boolean => s.needsFacts.some((n) => n.fact === fact);

/**
 * The golden files' one-stack function over the real ledger: opens it once before the file's tests (vitest `beforeAll`)
 * and answers `stack(hts, origin, date, facts)` with `singleStack`.
 */
export function ledgerStacks(): (hts: string, origin: string, date: string, facts?: EntryFacts) => Stack {
  let ts: Tariffscope | undefined;
  beforeAll(async () => {
    ts = await openTariffscope();
  });
  return (hts, origin, date, facts = {}) => {
    if (!ts) throw new Error("ledgerStacks: the ledger is opened in beforeAll; call stack() inside a test");
    return singleStack(ts, hts, origin, date, facts);
  };
}
