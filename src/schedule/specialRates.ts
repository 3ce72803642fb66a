/** The rates of a column 1 Special text, each with the program indicators it is printed for. */
type SpecialRates = { rate: string; codes: string[] }[];

/** Parsed special texts (the catalog prints a few thousand distinct ones; bounded all the same). */
const parsed = new Map<string, SpecialRates>();
const MAX_PARSED = 20_000;

function parseSpecial(special: string): SpecialRates {
  let rates = parsed.get(special);
  if (rates === undefined) {
    rates = [];
    for (const m of special.matchAll(/([^()]*?)\s*\(([^()]*)\)/g)) {
      const rate = m[1]!.trim();
      if (rate !== "") rates.push({ rate, codes: m[2]!.split(",").map((c) => c.trim()) });
    }
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(special, rates);
  }
  return rates;
}

/**
 * Column 1 Special of an HTS line: rates followed by the special program indicators they apply to, e.g.
 * "Free (A+,AU,B,BH,CA,CL,CO,D,E,IL,JO,KR,MA,MX,OM,P,PA,PE,S,SG) 2.5% (JP)". Returns the rate text printed for one of
 * the indicators, or undefined when the line grants none of them.
 */
export function specialRateFor(special: string, indicators: readonly string[]): string | undefined {
  for (const { rate, codes } of parseSpecial(special)) if (codes.some((c) => indicators.includes(c))) return rate;
  return undefined;
}
