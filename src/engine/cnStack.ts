import { InputError } from "../common/errors.js";
import type { CnCompiledMeasure, CnLedger } from "../ledger/compileCnLedger.js";
import { cnDotted, cnLinesFor } from "../schedule/cnCatalog.js";

/**
 * China's duty stack on one tariff line of goods of US origin on one legal day: the MFN rate (the level and the
 * changes in force), then each retaliation layer in force or suspended, with its instrument and sources. Every rate
 * comes from a measure of `ledger/cn/`; nothing here knows a date or a rate.
 */

export interface CnStackRequest {
  /** China's tariff code, 4 to 10 digits (dots allowed): every line it is a prefix of. */
  hts: string;
  /** Origin of the goods; the China ledger covers the United States. */
  origin?: string | undefined;
  date: string;
}

export interface CnStackLine {
  authority: string;
  authorityLabel: string;
  /** The measure(s): for the MFN line, the level and every change in force. */
  measures: string[];
  program: string;
  ratePercent: number;
  /** What the line adds to the total (0 when suspended or superseded). */
  effectivePercent: number;
  status: "in-force" | "suspended";
  /** Why a line does not count (the suspension measure, or the higher rate of its authority). */
  statusReason?: string;
  instrument: { key: string; id: string; title: string; uncertain?: string };
  window: { from: string; to?: string };
  sources: { file: string; where: string }[];
  secondary?: string;
}

export interface CnLineStack {
  issuer: "CN";
  origin: string;
  date: string;
  totalPercent: number;
  additionalPercent: number;
  lines: CnStackLine[];
  uncertain: { measure: string; reason: string }[];
  notes: string[];
  ledgerVersion: string;
}

export interface CnStackGroup {
  /** The statistical lines (dotted) sharing this stack. */
  codes: string[];
  descriptions: string[];
  stack: CnLineStack;
}

export interface CnStackResult {
  kind: "single" | "groups";
  issuer: "CN";
  query: string;
  groups: CnStackGroup[];
  coverage: { from: string; through: string; notModelled: { what: string; effect: string }[] };
}

export function checkCnOrigin(ledger: CnLedger, origin: string | undefined): string {
  const covered = ledger.coverage.origins.full;
  const o = (origin ?? covered[0]!).toUpperCase();
  if (!covered.includes(o)) throw new InputError("UNKNOWN_ORIGIN", "origin", `the China ledger covers goods of ${covered.join(", ")} only, not "${origin}"`, covered);
  return o;
}

export function checkCnDate(ledger: CnLedger, date: string, field = "date"): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new InputError("BAD_DATE", field, `"${date}" is not a date YYYY-MM-DD`);
  const { from, through } = ledger.coverage;
  if (date < from || date > through)
    throw new InputError("DATE_OUT_OF_COVERAGE", field, `${date} is outside the China ledger's coverage (${from} to ${through}; what China decided after ${through} is not in the stored material)`, [from, through]);
}

function active(m: CnCompiledMeasure, date: string): boolean {
  return m.window.from <= date && (m.window.to === undefined || date < m.window.to);
}

function rateOn(m: CnCompiledMeasure, line: number): number | undefined {
  if ("all" in m.products) return m.rate && "addOn" in m.rate ? m.rate.addOn : undefined;
  if (m.rates) {
    const r = m.rates.get(line);
    if (r !== undefined) return r;
    return undefined;
  }
  return undefined;
}

/** One measure's layer on one line: its rate, what it adds, and why it does not when it does not. */
export interface CnLayer {
  measure: CnCompiledMeasure;
  rate: number;
  effective: number;
  suspendedBy?: CnCompiledMeasure;
  /** Set when an authority combining by `highest` keeps another measure's higher rate. */
  yieldsTo?: CnCompiledMeasure;
}

/**
 * What decides a line's layers on every day: the rate each measure has on it (or none) and whether it was reached
 * through a mapped code. Lines with equal profiles have equal stacks on every day (averages compute each profile once).
 */
export function cnLineProfile(ledger: CnLedger, line: number): string {
  let key = "";
  ledger.measures.forEach((m, k) => {
    const r = m.role === "exemption" ? (m.rates?.has(line) ? 1 : undefined) : rateOn(m, line);
    if (r !== undefined) key += `${k}:${r}${m.mapped?.has(line) ? "m" : ""};`;
  });
  return key;
}

/** The measures of one day, sorted for `cnLayers`: the duties live that day, the suspensions in force (measures of
 * role `exemption`, which switch the measures they name off on the lines of their list), and the
 * authorities that combine by `highest`. Built once per day and shared by every line of that day. */
export interface CnDay {
  date: string;
  duties: CnCompiledMeasure[];
  suspensions: CnCompiledMeasure[];
  highest: Set<string>;
}

export function cnLiveMeasures(ledger: CnLedger, date: string): CnDay {
  const live = ledger.measures.filter((m) => active(m, date));
  return {
    date,
    duties: live.filter((m) => m.role === "duty"),
    suspensions: live.filter((m) => m.role === "exemption" && m.status === "in-force"),
    highest: new Set(ledger.issuer.authorities.filter((a) => a.combine === "highest").map((a) => a.id)),
  };
}

/**
 * The layers of one line among the day's measures: every duty that reaches it (MFN level and changes included),
 * suspensions applied, and per authority the `combine` rule of issuer.yaml.
 */
export function cnLayers(day: CnDay, line: number): CnLayer[] {
  const layers: CnLayer[] = [];
  let highestSeen = 0;
  for (const m of day.duties) {
    const rate = rateOn(m, line);
    if (rate === undefined) continue;
    let susp: CnCompiledMeasure | undefined;
    for (const s of day.suspensions) if (s.exempts!.includes(m.id) && s.rates?.has(line)) susp = s;
    const off = m.status !== "in-force" || susp !== undefined;
    const layer: CnLayer = { measure: m, rate, effective: off ? 0 : rate };
    if (susp) layer.suspendedBy = susp;
    if (!off && day.highest.has(m.authority)) highestSeen++;
    layers.push(layer);
  }
  if (highestSeen > 1) {
    for (const a of day.highest) {
      const mine = layers.filter((l) => l.measure.authority === a && l.effective > 0);
      if (mine.length < 2) continue;
      const top = mine.reduce((x, y) => (y.effective > x.effective ? y : x));
      for (const l of mine) if (l !== top) Object.assign(l, { effective: 0, yieldsTo: top.measure });
    }
  }
  return layers;
}

/** The stack of one catalog line (by index) on one day; the caller has checked date and origin. */
export function cnLineStack(ledger: CnLedger, line: number, date: string, origin: string): CnLineStack {
  const labels = new Map(ledger.issuer.authorities.map((a) => [a.id, a]));
  const layers = cnLayers(cnLiveMeasures(ledger, date), line);
  const uncertain: { measure: string; reason: string }[] = [];
  const notes: string[] = [];
  const instrumentOf = (m: CnCompiledMeasure): CnStackLine["instrument"] => {
    const i = ledger.instruments.get(m.instrument)!;
    return { key: i.key, id: i.id, title: i.title, ...(i.uncertain ? { uncertain: i.uncertain } : {}) };
  };
  const flag = (m: CnCompiledMeasure): void => {
    if (m.uncertain) uncertain.push({ measure: m.id, reason: m.uncertain });
    if (m.mapped?.has(line)) uncertain.push({ measure: m.id, reason: "the list's code is of China's 2025 nomenclature, mapped to this 2018 line by its longest common prefix" });
    if (m.uncertainAfter && date >= m.uncertainAfter.date) uncertain.push({ measure: m.id, reason: m.uncertainAfter.reason });
  };
  // MFN: every base measure in force that reaches the line adds (level + changes): one line.
  const base = layers.filter((l) => l.measure.authority === "base");
  if (base.length === 0) throw new InputError("NO_MFN_RATE", "hts", `no ad valorem MFN rate printed for line ${cnDotted(ledger.catalog.lines[line]!.code)} on ${date} (the workbook leaves the cell empty: a specific or compound duty not expressed ad valorem, or the B part of a compound-rate line)`);
  const mfn = Math.round(base.reduce((s, l) => s + l.effective, 0) * 1e6) / 1e6;
  base.forEach((l) => flag(l.measure));
  const last = base[base.length - 1]!.measure;
  const lines: CnStackLine[] = [
    {
      authority: "base",
      authorityLabel: labels.get("base")!.label,
      measures: base.map((l) => l.measure.id),
      program: base.length > 1 ? `${base[0]!.measure.program}, changed by: ${base.slice(1).map((l) => l.measure.program).join("; ")}` : base[0]!.measure.program,
      ratePercent: mfn,
      effectivePercent: mfn,
      status: "in-force",
      instrument: instrumentOf(last),
      window: { from: last.window.from },
      sources: base.flatMap((l) => l.measure.sources),
      ...(last.secondary ? { secondary: last.secondary } : {}),
    },
  ];
  for (const layer of layers) {
    const m = layer.measure;
    if (m.authority === "base") continue;
    flag(m);
    if (layer.suspendedBy) flag(layer.suspendedBy);
    const l: CnStackLine = {
      authority: m.authority,
      authorityLabel: labels.get(m.authority)!.label,
      measures: [m.id],
      program: m.program,
      ratePercent: layer.rate,
      effectivePercent: layer.effective,
      status: layer.suspendedBy || m.status !== "in-force" ? "suspended" : "in-force",
      instrument: instrumentOf(m),
      window: { from: m.window.from, ...(m.window.to ? { to: m.window.to } : {}) },
      sources: m.sources,
      ...(m.secondary ? { secondary: m.secondary } : {}),
    };
    if (layer.suspendedBy) l.statusReason = `suspended by ${layer.suspendedBy.id} (${ledger.instruments.get(layer.suspendedBy.instrument)!.id})`;
    else if (m.status !== "in-force") l.statusReason = `suspended: ${m.program}`;
    else if (layer.yieldsTo) l.statusReason = `the higher rate of ${layer.yieldsTo.id} applies`;
    lines.push(l);
  }
  const total = Math.round(lines.reduce((s, l) => s + l.effectivePercent, 0) * 1e6) / 1e6;
  for (const n of ledger.coverage.notModelled) if (n.what.startsWith("China's exclusion")) notes.push(`Not modelled: ${n.what} Effect: ${n.effect}.`);
  return { issuer: "CN", origin, date, totalPercent: total, additionalPercent: Math.round((total - mfn) * 1e6) / 1e6, lines, uncertain, notes, ledgerVersion: ledger.version };
}

/** The stack of every line a code names, grouped by identical stacks. */
export function resolveCnStack(ledger: CnLedger, req: CnStackRequest): CnStackResult {
  const origin = checkCnOrigin(ledger, req.origin);
  checkCnDate(ledger, req.date);
  const idx = cnLinesFor(ledger.catalog, req.hts);
  const groups = new Map<string, CnStackGroup>();
  for (const i of idx) {
    const stack = cnLineStack(ledger, i, req.date, origin);
    const sig = JSON.stringify(stack.lines.map((l) => [l.measures, l.ratePercent, l.effectivePercent]).concat(stack.uncertain.map((u) => [u.measure, u.reason])));
    const line = ledger.catalog.lines[i]!;
    const g = groups.get(sig);
    if (g) {
      g.codes.push(cnDotted(line.code));
      g.descriptions.push(line.description);
    } else groups.set(sig, { codes: [cnDotted(line.code)], descriptions: [line.description], stack });
  }
  const list = [...groups.values()];
  return {
    kind: list.length === 1 ? "single" : "groups",
    issuer: "CN",
    query: req.hts,
    groups: list,
    coverage: { from: ledger.coverage.from, through: ledger.coverage.through, notModelled: ledger.coverage.notModelled.map((n) => ({ what: n.what, effect: n.effect ?? "" })) },
  };
}
