import type { StatusBody } from "./api.js";
/** Display helpers: percentages, money, dates, authority names and colours. */

export const pct = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "n/a" : `${Number(x.toFixed(digits))}%`;

export const signedPct = (x: number, digits = 2): string => {
  const sign = x > 0 ? "+" : x < 0 ? "−" : "±";
  const r = Number(Math.abs(x).toFixed(digits));
  return r === 0 && x !== 0 ? `${sign}<${(10 ** -digits).toFixed(digits)} pts` : `${sign}${r} pts`;
};

export const usd = (x: number | undefined): string =>
  x === undefined ? "" : `$${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const usdShort = (x: number): string =>
  x >= 1e9
    ? `$${(x / 1e9).toFixed(1)} bn`
    : x >= 1e6
      ? `$${(x / 1e6).toFixed(1)} m`
      : `$${Math.round(x).toLocaleString("en-US")}`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2025-06-01" → "1 Jun 2025". */
export function longDate(day: string): string {
  const [y, m, d] = day.split("-");
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** Day number since 1970 (UTC) and back. */
export const dayNum = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
export const dayStr = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

/**
 * The ledger's registries as /api/status serves them, set once it answers (never a second copy in the dashboard): the
 * issuer's authorities in stacking order with label and colour (issuer.yaml), the legal views with the default
 * (views.yaml), and the weight sets, the first being the default.
 */
let REGISTRIES: Pick<StatusBody["ledger"], "authorities" | "viewChoices" | "defaultView"> & Pick<StatusBody, "weightSets"> = {
  authorities: [],
  viewChoices: [],
  defaultView: null,
  weightSets: [],
};

export function setRegistries(status: StatusBody): void {
  const { authorities, viewChoices, defaultView } = status.ledger;
  REGISTRIES = { authorities, viewChoices, defaultView, weightSets: status.weightSets };
  ORIGIN_CHOICES = status.ledger.originChoices ?? [];
}

let ORIGIN_CHOICES: StatusBody["ledger"]["originChoices"] = [];
/** Every origin the server knows (GET /api/status): ISO id for stacks, Census partner code for averages. */
export const originChoices = (): StatusBody["ledger"]["originChoices"] => ORIGIN_CHOICES;

export const weightChoices = (): { name: string; label: string }[] => REGISTRIES.weightSets;
export const defaultWeights = (): string => REGISTRIES.weightSets[0]?.name ?? "";
export const viewChoices = (): { id: string; label: string }[] => REGISTRIES.viewChoices;
export const defaultView = (): string => REGISTRIES.defaultView ?? REGISTRIES.viewChoices[0]?.id ?? "";

export const authorityLabel = (a: string): string => REGISTRIES.authorities.find((x) => x.id === a)?.label ?? a;
export const authorityColor = (a: string): string => REGISTRIES.authorities.find((x) => x.id === a)?.colour ?? "#475569";

/** Keys present in any of the maps, in stacking order. */
export function keysOf(maps: Record<string, number>[]): string[] {
  const seen = new Set<string>();
  for (const m of maps) for (const k of Object.keys(m)) seen.add(k);
  const order = REGISTRIES.authorities.map((a) => a.id);
  return [...order.filter((k) => seen.has(k)), ...[...seen].filter((k) => !order.includes(k)).sort()];
}
