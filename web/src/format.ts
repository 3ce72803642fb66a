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
 * The issuer's authorities in stacking order (bottom first), with label and colour: the ledger's registry
 * (ledger/us/issuer.yaml), served by /api/status and set once it answers. Never a second copy in the dashboard.
 */
let AUTHORITIES: { id: string; label: string; colour: string }[] = [];

export function setAuthorities(list: { id: string; label: string; colour: string }[]): void {
  AUTHORITIES = list;
}

/** The ledger's legal views (views.yaml via /api/status): menu choices and the default. */
let VIEW_CHOICES: { id: string; label: string }[] = [];
let DEFAULT_VIEW = "";

export function setViews(choices: { id: string; label: string }[], defaultView: string | null): void {
  VIEW_CHOICES = choices;
  DEFAULT_VIEW = defaultView ?? choices[0]?.id ?? "";
}
/** The weight sets an average can use (/api/status `weightSets`), the first being the default. */
let WEIGHT_CHOICES: { name: string; label: string }[] = [];
export function setWeightSets(list: { name: string; label: string }[]): void {
  WEIGHT_CHOICES = list;
}
export const weightChoices = (): { name: string; label: string }[] => WEIGHT_CHOICES;
export const defaultWeights = (): string => WEIGHT_CHOICES[0]?.name ?? "";

export const viewChoices = (): { id: string; label: string }[] => VIEW_CHOICES;
export const defaultView = (): string => DEFAULT_VIEW;

export const authorityLabel = (a: string): string => AUTHORITIES.find((x) => x.id === a)?.label ?? a;
export const authorityColor = (a: string): string => AUTHORITIES.find((x) => x.id === a)?.colour ?? "#475569";

/** Keys present in any of the maps, in stacking order. */
export function keysOf(maps: Record<string, number>[]): string[] {
  const seen = new Set<string>();
  for (const m of maps) for (const k of Object.keys(m)) seen.add(k);
  const order = AUTHORITIES.map((a) => a.id);
  return [...order.filter((k) => seen.has(k)), ...[...seen].filter((k) => !order.includes(k)).sort()];
}
