import { parsedBaseRate } from "../schedule/baseRate.js";
import { specialRateFor } from "../schedule/specialRates.js";

/**
 * The share of a line's 2024 imports that entered under a preference program (e.g. USMCA), estimated from the duty
 * Census calculated on them. Rule (documented in docs/origins.md):
 *
 *  - a line whose column 1 Special does not grant the program: share 0;
 *  - a line that grants it at a lower rate, with an ad valorem General rate r > 0: the duty the line would owe at r is
 *    r × value; the part of it not collected is treated as preference claims, share = 1 − duty ÷ (r × value),
 *    clamped to [0, 1] (duty above the MFN amount — other duties — gives 0);
 *  - a line whose General rate is free or not ad valorem tells nothing from its duty: it gets the partner's share
 *    measured on the lines of the previous rule (value-weighted), `fallback`.
 */
export interface PreferenceEstimate {
  share: number;
  basis: "not-eligible" | "duty-gap" | "partner-share";
}

export function preferenceShareOfLine(
  row: { value: number; duty: number },
  line: { general: string; special: string },
  indicators: readonly string[],
  fallback: number,
): PreferenceEstimate {
  const special = specialRateFor(line.special, indicators);
  if (special === undefined) return { share: 0, basis: "not-eligible" };
  const general = parsedBaseRate(line.general).split;
  const specialPct = parsedBaseRate(special).split.percent ?? 0;
  const r = general.percent ?? 0;
  if (r <= specialPct || general.nonAdValorem.length > 0 || row.value <= 0) return { share: fallback, basis: "partner-share" };
  // What a claim saves on the line: (r − special) per 100 of value.
  const expectedWithout = (r / 100) * row.value;
  const saving = ((r - specialPct) / 100) * row.value;
  const share = (expectedWithout - row.duty) / saving;
  return { share: Math.min(1, Math.max(0, share)), basis: "duty-gap" };
}

/** The partner-level share: value-weighted over the lines whose duty gap measures it. */
export function partnerPreferenceShare(
  rows: readonly { value: number; duty: number; line: { general: string; special: string } | undefined }[],
  indicators: readonly string[],
): number {
  let v = 0;
  let claimed = 0;
  for (const r of rows) {
    if (!r.line) continue;
    const e = preferenceShareOfLine(r, r.line, indicators, Number.NaN);
    if (e.basis !== "duty-gap") continue;
    v += r.value;
    claimed += r.value * e.share;
  }
  return v > 0 ? claimed / v : 0;
}
