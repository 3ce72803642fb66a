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

/** Authorities in stacking order (bottom first), with names and colours (WCAG-checked against white for the swatches' labels). */
export const AUTHORITY: Record<string, { label: string; color: string }> = {
  base: { label: "Base rate (MFN)", color: "#6b7280" },
  s301: { label: "Section 301", color: "#1d4ed8" },
  s232: { label: "Section 232", color: "#c2410c" },
  "ieepa-fentanyl": { label: "IEEPA fentanyl", color: "#b91c1c" },
  "ieepa-reciprocal": { label: "IEEPA reciprocal", color: "#7e22ce" },
  "ieepa-other": { label: "IEEPA other", color: "#9d174d" },
  s122: { label: "Section 122", color: "#0f766e" },
  s201: { label: "Section 201", color: "#a16207" },
  "s301-forced-labor": { label: "301 forced labor", color: "#4d7c0f" },
  other: { label: "Other", color: "#374151" },
};

export const ORDER = Object.keys(AUTHORITY);

export const authorityLabel = (a: string): string => AUTHORITY[a]?.label ?? a;
export const authorityColor = (a: string): string => AUTHORITY[a]?.color ?? "#475569";

/** Keys present in any of the maps, in stacking order. */
export function keysOf(maps: Record<string, number>[]): string[] {
  const seen = new Set<string>();
  for (const m of maps) for (const k of Object.keys(m)) seen.add(k);
  return [...ORDER.filter((k) => seen.has(k)), ...[...seen].filter((k) => !ORDER.includes(k)).sort()];
}
