import { InputError } from "../common/errors.js";
import { formatHts, parseHtsCode } from "../common/htsCode.js";
import { parseLegalDay, type LegalDay } from "../common/legalDate.js";
import { parseOrigin } from "../common/country.js";
import type { Ledger, LineFacts } from "../ledger/ledgerTypes.js";
import { versionAt } from "../schedule/htsCatalog.js";
import type { EntryFacts } from "./entryFacts.js";
import { legalView } from "../ledger/legalViews.js";
import {
  applyConditionalDuties,
  applyFactExemptions,
  applyLegalView,
  applyPrecedence,
  assembleLines,
  baseLine,
  collectCandidates,
  combineWithinAuthorities,
  newWork,
  setValueBases,
  totals,
} from "./stackSteps.js";
import { LedgerIndex } from "./ledgerIndex.js";
import type { LegalViewId, Stack, StackRequest, StackResult } from "./stackTypes.js";

/**
 * Bumped whenever the resolution rules of this engine change, so that resolved results persisted elsewhere (the
 * series panel in the compiled cache) are never reused across engine versions.
 */
export const ENGINE_VERSION = "engine/9";


/** The edition index whose product facts apply on `day` (binary search over the sorted edition starts). */
export function editionIndexAt(ledger: Ledger, day: LegalDay): number {
  const starts = ledger.editionStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= day) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function checkCoverage(ledger: Ledger, date: LegalDay): void {
  if (date < ledger.coverage.from || date > ledger.coverage.to) {
    throw new InputError(
      "DATE_OUT_OF_COVERAGE",
      "date",
      `${date} is outside the ledger's coverage (${ledger.coverage.from} to ${ledger.coverage.to}; later dates are answered only from announced measures up to that day)`,
    );
  }
}

/**
 * The error for a code no edition prints. A code of the earlier schedule the base-schedules table reads (e.g. a 2017
 * line split by HS 2022) is named as such, with the HS 2022 lines the concordance places on it as suggestions.
 */
export function unknownCodeError(ledger: Ledger, index: LedgerIndex, digits: string, what: string): InputError {
  const prior = ledger.priorBase;
  const successors = prior && digits.length >= 8 ? prior.successors[digits.slice(0, 8)] : undefined;
  if (prior && successors && successors.length > 0) {
    return new InputError(
      "UNKNOWN_CODE",
      "hts",
      `${formatHts(digits)} is a line of the ${prior.asOf.slice(0, 4)} schedule (${prior.dataset}), not of the HS 2022 editions the ledger is keyed by; ask for its HS 2022 line(s)`,
      successors.map(formatHts),
    );
  }
  return new InputError("UNKNOWN_CODE", "hts", `${formatHts(digits)} is ${what}`, index.suggest(digits));
}

/** Find the line facts of an HTS-10 on a day: the edition in force, else the nearest edition that prints it. */
export function lineOn(ledger: Ledger, code10: string, day: LegalDay): { line: LineFacts; edition: number; note?: string } | undefined {
  const versions = ledger.catalog.lines.get(code10);
  if (!versions || versions.length === 0) return undefined;
  const idx = editionIndexAt(ledger, day);
  let byEdition = nearestMemo.get(versions);
  if (!byEdition) nearestMemo.set(versions, (byEdition = new Map()));
  let found = byEdition.get(idx);
  if (!found) byEdition.set(idx, (found = lineInEdition(ledger, code10, versions, idx)));
  return found;
}

/** `lineOn`'s answers, by the line's versions and the edition index (a history asks for the same ones on many days): read-only. */
const nearestMemo = new WeakMap<readonly LineFacts[], Map<number, { line: LineFacts; edition: number; note?: string }>>();

function lineInEdition(
  ledger: Ledger,
  code10: string,
  versions: readonly LineFacts[],
  idx: number,
): { line: LineFacts; edition: number; note?: string } {
  const v = versionAt(versions, idx);
  if (v) return { line: v, edition: idx };
  // Not printed in the edition in force (established later or discontinued earlier): use the nearest edition.
  let best = versions[0]!;
  let bestDist = Infinity;
  for (const cand of versions) {
    const dist = cand.from > idx ? cand.from - idx : idx - cand.to;
    if (dist < bestDist) {
      best = cand;
      bestDist = dist;
    }
  }
  const edIdx = best.from > idx ? best.from : best.to;
  return {
    line: best,
    edition: edIdx,
    note: `${formatHts(code10)} is not printed in edition ${ledger.catalog.editions[idx]}; facts from ${ledger.catalog.editions[edIdx]}`,
  };
}

/**
 * Resolve the duty stack of one statistical line: the named steps of ./stackSteps.ts in order. The rules come from the
 * ledger: measure windows, scopes and conditions, the combination and precedence tables, and the legal view.
 */
export function resolveLeafStack(
  ledger: Ledger,
  index: LedgerIndex,
  code10: string,
  origin: string,
  date: LegalDay,
  facts: EntryFacts,
  view: LegalViewId,
): Stack {
  const found = lineOn(ledger, code10, date);
  if (!found) throw unknownCodeError(ledger, index, code10, "not a statistical line of any edition");
  const w = newWork({ ledger, index, code10, line: found.line, edition: found.edition, origin, date, facts, view, notes: found.note ? [found.note] : [] });
  collectCandidates(w);
  applyConditionalDuties(w);
  applyFactExemptions(w);
  combineWithinAuthorities(w);
  setValueBases(w);
  applyPrecedence(w);
  assembleLines(w, baseLine(w));
  applyLegalView(w);
  return totals(w);
}

/** Group statistical lines whose stacks are identical (same lines, rates and shares). */
export function stackSignature(s: Stack): string {
  return s.lines.map((l) => `${l.heading}|${l.ratePercent}|${l.valueShare}|${l.role}|${l.refundable ? 1 : 0}`).join(";");
}

/** The library entry point: `tariffscope stack`. Accepts 4/6/8/10-digit codes; shorter ones are split when lines differ. */
export function resolveStack(ledger: Ledger, index: LedgerIndex, req: StackRequest): StackResult {
  const digits = parseHtsCode(req.hts, "hts");
  const origin = parseOrigin(req.origin);
  const date = parseLegalDay(req.date);
  checkCoverage(ledger, date);
  const view = legalView(ledger, req.view).id;
  const facts = req.facts ?? {};
  if (digits.length === 10) {
    return { kind: "single", stack: resolveLeafStack(ledger, index, digits, origin, date, facts, view), statisticalLines: [formatHts(digits)] };
  }
  const leaves = index.leavesUnder(digits, editionIndexAt(ledger, date));
  if (leaves.length === 0) throw unknownCodeError(ledger, index, digits, "not a code of any edition (no statistical line under it)");
  const groups = new Map<string, { codes: string[]; stack: Stack }>();
  for (const code of leaves) {
    const stack = resolveLeafStack(ledger, index, code, origin, date, facts, view);
    const sig = stackSignature(stack);
    const g = groups.get(sig);
    if (g) g.codes.push(formatHts(code));
    else groups.set(sig, { codes: [formatHts(code)], stack });
  }
  if (groups.size === 1) {
    const only = [...groups.values()][0]!;
    return { kind: "single", stack: only.stack, statisticalLines: only.codes };
  }
  return { kind: "split", code: formatHts(digits), variants: [...groups.values()] };
}
