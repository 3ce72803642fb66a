import { InputError } from "../common/errors.js";
import type { CnLineStack, CnStackResult } from "../engine/cnStack.js";
import type { CnHistoryResult } from "../engine/cnHistory.js";
import { cnAverageAt, type CnAverageSeries } from "../analytics/cnAverage.js";
import { openChinaTariffs, type ChinaTariffs } from "../cnSession.js";
import { ensureCliData } from "./openForCli.js";

/**
 * The China side of `stack`, `history` and `average` (`--issuer CN`): China's tariffs on goods of US origin, from
 * the China ledger through the same session functions the API uses.
 */

export const ISSUERS = ["US", "CN"] as const;

/** The issuer named by `--issuer` (US or CN), or an error naming the option. */
export function issuerOption(value: string | undefined): "US" | "CN" {
  const v = (value ?? "US").toUpperCase();
  if (v === "US" || v === "CN") return v;
  throw new InputError("UNKNOWN_ISSUER", "--issuer", `"${value}" is not an issuer with a ledger`, [...ISSUERS]);
}

export async function openChinaForCli(cacheDir: string | undefined): Promise<ChinaTariffs> {
  await ensureCliData(cacheDir);
  return openChinaTariffs({ cacheDir });
}

const pct = (x: number): string => `${Number(x.toFixed(4))}%`;

export function formatCnStack(s: CnLineStack): string[] {
  const out = [
    `${"authority".padEnd(18)} ${"rate".padStart(8)} ${"counts".padStart(8)}  ${"measure".padEnd(34)} instrument`,
  ];
  for (const l of s.lines) {
    out.push(
      `${l.authority.padEnd(18)} ${pct(l.ratePercent).padStart(8)} ${pct(l.effectivePercent).padStart(8)}  ${l.measures.at(-1)!.padEnd(34)} ${l.instrument.id}${l.status === "suspended" ? `  [${l.statusReason ?? "suspended"}]` : l.statusReason ? `  [${l.statusReason}]` : ""}`,
    );
  }
  out.push(`total ${pct(s.totalPercent)} (MFN ${pct(s.totalPercent - s.additionalPercent)} + retaliation ${pct(s.additionalPercent)})`);
  for (const u of s.uncertain) out.push(`uncertain ${u.measure}: ${u.reason}`);
  for (const n of s.notes) out.push(`note: ${n}`);
  return out;
}

export function formatCnStackResult(r: CnStackResult): string {
  const first = r.groups[0]!.stack;
  const out = [`China's tariff on goods of ${first.origin} entering China on ${first.date} (issuer CN): ${r.query}`];
  if (r.kind === "groups") out.push(`its ${r.groups.reduce((n, g) => n + g.codes.length, 0)} lines have ${r.groups.length} different stacks`);
  for (const g of r.groups) {
    out.push("", `== ${g.codes.join(", ")}  ${g.descriptions[0]!.replace(/\s+/g, " ")}`, ...formatCnStack(g.stack));
  }
  return out.join("\n");
}

export function formatCnHistory(h: CnHistoryResult): string {
  const out: string[] = [`China's tariff on US goods (issuer CN): ${h.query}`];
  for (const l of h.lines) {
    out.push("", `== ${l.code}  ${l.description.replace(/\s+/g, " ")}`);
    for (const i of l.intervals) {
      const parts = Object.entries(i.byAuthority)
        .filter(([, v]) => v !== 0)
        .map(([a, v]) => `${a} ${pct(v)}`)
        .join(" + ");
      out.push(`${i.from} → ${i.to}  total ${pct(i.totalPercent)}  [${parts}]${i.changedBy.length ? `  changed by ${i.changedBy.join(", ")}` : ""}`);
    }
  }
  return out.join("\n");
}

export function formatCnAverage(s: CnAverageSeries, at?: string): string {
  const w = s.weights;
  const out = [
    `China's average tariff on goods of ${s.origin} (issuer CN), ${s.from} → ${s.to} — weights ${w.id}: ${w.description}`,
    `weights: $${(w.totalValue / 1e9).toFixed(2)}bn, of which $${(w.placedValue / 1e9).toFixed(2)}bn placed on China's lines; ${w.unplacedCount} codes unplaced (left out)${w.unplacedTop.length ? `, largest: ${w.unplacedTop.slice(0, 5).map((u) => `${u.code} $${(u.value / 1e6).toFixed(0)}m`).join(", ")}` : ""}`,
  ];
  if (s.unrated.lines.length)
    out.push(`left out: ${s.unrated.lines.length} lines with no ad valorem MFN rate in the workbook (specific or compound duties), ${s.unrated.weightPercent.toFixed(3)}% of the weight`);
  const steps = at ? [cnAverageAt(s, at)!] : s.steps;
  for (const st of steps) {
    const parts = Object.entries(st.byAuthority)
      .filter(([, v]) => v !== 0)
      .map(([a, v]) => `${a} ${v.toFixed(2)}`)
      .join(" + ");
    out.push(
      `${st.from} → ${st.to}  total ${st.totalPercent.toFixed(2)}%  [${parts}]  simple ${st.simplePercent.toFixed(2)}%  uncertain weight ${st.uncertainWeightPercent.toFixed(1)}%${st.changedBy.length ? `  (${st.changedBy.join(", ")})` : ""}`,
    );
  }
  return out.join("\n");
}

/** `ledger measures --issuer CN`: China's measures with window, status, instrument and what reaches how many lines. */
export function formatCnMeasures(cn: ChinaTariffs, authority?: string): string {
  const out: string[] = [];
  for (const m of cn.ledger.measures) {
    if (authority && m.authority !== authority) continue;
    const i = cn.ledger.instruments.get(m.instrument)!;
    const reach = "all" in m.products ? "all lines" : "none" in m.products ? `no list (${m.products.none})` : `${m.rates?.size ?? 0} lines`;
    const rate = "addOn" in m.rate ? `${m.rate.addOn}%` : "fromList" in m.rate ? `per line${m.rate.factor ? ` ×${m.rate.factor}` : ""}` : m.role === "exemption" ? "suspension" : m.role;
    out.push(`${m.id.padEnd(36)} ${m.authority.padEnd(17)} ${rate.padEnd(12)} ${m.window.from}→${m.window.to ?? ""}`.trimEnd() + `  ${m.status}  ${reach}`);
    out.push(`    ${m.program} — ${i.id}`);
    for (const flag of [m.secondary && `secondary: ${m.secondary}`, m.uncertain && `uncertain: ${m.uncertain}`, i.uncertain && `instrument uncertain: ${i.uncertain}`]) if (flag) out.push(`    ${flag}`);
  }
  return out.join("\n");
}

/** `ledger check --issuer CN`: each list's printed codes, lines reached, mapped and unplaced codes. */
export function formatCnCheck(cn: ChinaTariffs): string {
  const out = [`China ledger ${cn.ledger.version}: ${cn.ledger.measures.length} measures, ${cn.ledger.catalog.lines.length} catalog lines (${cn.ledger.catalog.source})`];
  for (const l of cn.ledger.lists)
    out.push(`${l.id.padEnd(34)} printed ${String(l.printed).padStart(6)}  lines ${String(l.lines).padStart(6)}  mapped ${String(l.mappedLines).padStart(4)}${l.unplaced.length ? `  unplaced ${l.unplaced.length}: ${l.unplaced.join(" ")}` : ""}`);
  return out.join("\n");
}
