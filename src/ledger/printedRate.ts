import { parseRateText } from "../sources/rateText.js";

/**
 * The percentage a Chapter 99 heading's printed general rate charges ("25%", "The duty provided in the applicable
 * subheading + 25%"; a pass-through "The duty provided in the applicable subheading" is 0), or undefined when the
 * text is no such rate. Used to cross-check curated measures against the editions (`ledger check`, `data update`).
 */
export function printedRatePercent(general: string): number | undefined {
  const r = parseRateText(general, { chapter99: true });
  if (r.kind === "addOn" || r.kind === "replacement" || r.kind === "addOnNamed") return r.percent;
  if (r.kind === "passThrough") return 0;
  return undefined;
}
