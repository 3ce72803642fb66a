import { adValoremComponent, describeRate, parseRateText } from "../sources/rateText.js";

export { describeRate };

/**
 * The schedule model's base rate of a line: its column 1 General text parsed by the rate grammar, with the ad valorem
 * part split off. Base-rate texts repeat across thousands of lines: each distinct text is parsed once per process.
 */
const memo = new Map<string, { expr: ReturnType<typeof parseRateText>; split: ReturnType<typeof adValoremComponent> }>();

export function parsedBaseRate(text: string): { expr: ReturnType<typeof parseRateText>; split: ReturnType<typeof adValoremComponent> } {
  let hit = memo.get(text);
  if (!hit) {
    const expr = parseRateText(text);
    hit = { expr, split: adValoremComponent(expr) };
    memo.set(text, hit);
  }
  return hit;
}
