/**
 * Column 1 Special of an HTS line: rates followed by the special program indicators they apply to, e.g.
 * "Free (A+,AU,B,BH,CA,CL,CO,D,E,IL,JO,KR,MA,MX,OM,P,PA,PE,S,SG) 2.5% (JP)". Returns the rate text printed for one of
 * the indicators, or undefined when the line grants none of them.
 */
export function specialRateFor(special: string, indicators: readonly string[]): string | undefined {
  const re = /([^()]*?)\s*\(([^()]*)\)/g;
  for (const m of special.matchAll(re)) {
    const rate = m[1]!.trim();
    const codes = m[2]!.split(",").map((c) => c.trim());
    if (rate !== "" && codes.some((c) => indicators.includes(c))) return rate;
  }
  return undefined;
}
