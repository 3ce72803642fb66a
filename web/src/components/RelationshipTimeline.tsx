import { useRef } from "react";
import { useWidth } from "./useWidth.js";
import { dayNum, longDate } from "../format.js";

/**
 * One timeline of the relationship, 2017 → today, in lanes sharing the time axis: the tariff averages both ways, the
 * negotiation rounds, the export controls (bars over their windows, by state), purchases against commitments and the
 * trade balance. Every lane is drawn from its own data input; a missing input is drawn as a labelled empty lane.
 */

export interface Span {
  from: string;
  to: string;
  value: number;
}

export interface TimelineData {
  start: string;
  today: string;
  us: Span[] | null;
  cn: Span[] | null;
  cnNote: string | null;
  rounds: { id: string; name: string; date: string; changed: number }[];
  controls: { id: string; issuer: "US" | "CN"; label: string; from: string; to: string | null; status: string }[];
  phaseOne: { year: number; target: number; actual: number }[];
  soybeans: { year: number; tons: number }[];
  pledges: { from: string; to: string; tons: number; measurable: boolean }[];
  trade: { year: number; balance: number }[];
}

export const US_COLOUR = "#b91c1c";
export const CN_COLOUR = "#1d4ed8";
const SUSPENDED = "#9ca3af";

const LANES = { tariffs: 130, rounds: 46, controlRow: 13, purchases: 110, trade: 90 };
const LEFT = 8;
const RIGHT = 10;
const GAP = 26;

export function RelationshipTimeline({ data }: { data: TimelineData }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref, 300);
  const narrow = width < 560;
  const t0 = dayNum(data.start);
  const t1 = dayNum(data.today) + 30;
  const x = (d: string): number => LEFT + ((dayNum(d) - t0) / (t1 - t0)) * (width - LEFT - RIGHT);
  const clampX = (d: string): number => Math.max(LEFT, Math.min(width - RIGHT, x(d)));
  const years: number[] = [];
  for (let y = Number(data.start.slice(0, 4)); y <= Number(data.today.slice(0, 4)); y++) years.push(y);

  let top = 0;
  // Each lane: its title above (18 px), its drawing, then a gap.
  const lane = (h: number): number => {
    const y = top + 18;
    top = y + h + GAP;
    return y;
  };
  const yTariff = lane(LANES.tariffs);
  const yRounds = lane(LANES.rounds);
  const controlsH = data.controls.length * LANES.controlRow;
  const yControls = lane(controlsH);
  const yPurch = lane(LANES.purchases);
  const yTrade = lane(LANES.trade);
  const height = top;

  const maxTariff = Math.max(10, ...(data.us ?? []).map((s) => s.value), ...(data.cn ?? []).map((s) => s.value));
  const ty = (v: number): number => yTariff + LANES.tariffs - (v / maxTariff) * LANES.tariffs;
  const step = (spans: Span[]): string =>
    spans.map((s, i) => `${i === 0 ? "M" : "L"}${clampX(s.from).toFixed(1)},${ty(s.value).toFixed(1)} L${clampX(s.to).toFixed(1)},${ty(s.value).toFixed(1)}`).join(" ");

  const maxBn = Math.max(1, ...data.phaseOne.map((p) => Math.max(p.target, p.actual))) / 1e9;
  const maxTons = Math.max(1, ...data.soybeans.map((s) => s.tons), ...data.pledges.map((p) => p.tons)) / 1e6;
  const half = LANES.purchases / 2 - 4;
  const maxBal = Math.max(1, ...data.trade.map((t) => Math.abs(t.balance))) / 1e9;
  const yearSpan = (y: number): [number, number] => [clampX(`${y}-01-01`), clampX(`${y}-12-31`)];

  return (
    <div className="rel-chart" ref={ref} data-testid="relationship-timeline">
      {width > 0 && (
        <svg width={width} height={height} role="img" aria-label={`Relationship timeline ${data.start} to ${data.today}: tariff averages, rounds, controls, purchases, trade balance`}>
          <g className="grid">
            {years.map((y) => (
              <g key={y}>
                <line x1={x(`${y}-01-01`)} x2={x(`${y}-01-01`)} y1={0} y2={height - 14} />
                {(!narrow || y % 2 === 1) && (
                  <text x={x(`${y}-01-01`) + 2} y={height - 2} className="muted-text">
                    {narrow ? `’${String(y).slice(2)}` : y}
                  </text>
                )}
              </g>
            ))}
            <line x1={x(data.today)} x2={x(data.today)} y1={0} y2={height - 14} stroke="#111827" strokeDasharray="3 3" />
          </g>

          <text x={LEFT} y={yTariff - 6} className="lane-title">Tariff averages both ways (% ad valorem)</text>
          <text x={width - RIGHT} y={yTariff - 6} textAnchor="end" className="muted-text">max {maxTariff.toFixed(0)}%</text>
          {data.us && data.us.length > 0 && <path d={step(data.us)} fill="none" stroke={US_COLOUR} strokeWidth={2} data-testid="us-average-line"><title>US average on goods of China</title></path>}
          {data.cn && data.cn.length > 0 && <path d={step(data.cn)} fill="none" stroke={CN_COLOUR} strokeWidth={2} data-testid="cn-average-line"><title>China's average on US goods</title></path>}
          {!data.cn && (
            <text x={LEFT} y={yTariff + LANES.tariffs - 4} className="muted-text">China → US series: not available</text>
          )}

          <text x={LEFT} y={yRounds - 6} className="lane-title">Negotiation rounds ({data.rounds.length})</text>
          <line x1={LEFT} x2={width - RIGHT} y1={yRounds + 20} y2={yRounds + 20} stroke="#d1d5db" />
          {data.rounds.map((r) => (
            <circle key={r.id} cx={x(r.date)} cy={yRounds + 20} r={r.changed > 0 ? 5 : 3.5} fill={r.changed > 0 ? "#7c3aed" : "#c4b5fd"} stroke="#fff">
              <title>{`${longDate(r.date)} — ${r.name}: ${r.changed} measure${r.changed === 1 ? "" : "s"} changed`}</title>
            </circle>
          ))}
          {!narrow && roundLabels(data.rounds.filter((r) => r.changed > 0), x).map((l) => (
            <text key={l.id} x={l.x} y={yRounds + (l.row === 0 ? 8 : 40)} textAnchor="middle" className="muted-text">
              {l.text}
            </text>
          ))}

          <text x={LEFT} y={yControls - 6} className="lane-title">Export controls (US red, China blue; grey: suspended)</text>
          {data.controls.map((c, i) => {
            const y = yControls + i * LANES.controlRow;
            const x0 = clampX(c.from);
            const x1 = Math.max(x0 + 2, clampX(c.to ?? data.today));
            const fill = c.status === "suspended" ? SUSPENDED : c.issuer === "US" ? US_COLOUR : CN_COLOUR;
            return (
              <g key={c.id}>
                <rect x={x0} y={y} width={x1 - x0} height={LANES.controlRow - 3} fill={fill} opacity={c.status === "announced" ? 0.4 : 0.85} rx={2}>
                  <title>{`${c.label} — ${c.status}, ${longDate(c.from)} → ${c.to ? longDate(c.to) : "open"}`}</title>
                </rect>
                <text x={x0 > width / 2 ? x0 - 3 : x1 + 3} y={y + 9} textAnchor={x0 > width / 2 ? "end" : "start"} style={{ fontSize: 10 }}>
                  {c.label.length > (narrow ? 22 : 48) ? `${c.label.slice(0, narrow ? 21 : 47)}…` : c.label}
                </text>
              </g>
            );
          })}

          <text x={LEFT} y={yPurch - 6} className="lane-title">Purchases vs commitments</text>
          {data.phaseOne.map((p) => {
            const [a, b] = yearSpan(p.year);
            const h = (v: number): number => (v / 1e9 / maxBn) * half;
            return (
              <g key={p.year}>
                <rect x={a + 2} y={yPurch + half - h(p.target)} width={b - a - 4} height={h(p.target)} fill="none" stroke="#065f46" strokeDasharray="3 2">
                  <title>{`Phase One goods target ${p.year}: $${(p.target / 1e9).toFixed(1)} bn`}</title>
                </rect>
                <rect x={a + 5} y={yPurch + half - h(p.actual)} width={Math.max(1, b - a - 10)} height={h(p.actual)} fill="#10b981">
                  <title>{`Phase One goods bought ${p.year}: $${(p.actual / 1e9).toFixed(1)} bn (${((p.actual / p.target) * 100).toFixed(1)}%)`}</title>
                </rect>
              </g>
            );
          })}
          {data.soybeans.map((s) => {
            const [a, b] = yearSpan(s.year);
            const h = (s.tons / 1e6 / maxTons) * half;
            return (
              <rect key={s.year} x={a + 3} y={yPurch + LANES.purchases - h} width={Math.max(1, b - a - 6)} height={h} fill="#ca8a04">
                <title>{`Soybean exports to China ${s.year}: ${(s.tons / 1e6).toFixed(1)} MMT`}</title>
              </rect>
            );
          })}
          {data.pledges.map((p) => {
            const a = clampX(p.from);
            const b = clampX(p.to);
            const h = (p.tons / 1e6 / maxTons) * half;
            return b - a > 1 ? (
              <rect key={p.from} x={a + 1} y={yPurch + LANES.purchases - h} width={b - a - 2} height={h} fill="none" stroke="#ca8a04" strokeDasharray="4 2">
                <title>{`Soybean pledge ${p.from} → ${p.to}: ${(p.tons / 1e6).toFixed(0)} MMT (${p.measurable ? "measurable" : "not yet measurable"})`}</title>
              </rect>
            ) : null;
          })}
          <text x={width - RIGHT} y={yPurch + 10} textAnchor="end" className="muted-text">Phase One goods, $bn (top)</text>
          <text x={width - RIGHT} y={yPurch + half + 18} textAnchor="end" className="muted-text">soybeans, MMT (bottom)</text>

          <text x={LEFT} y={yTrade - 6} className="lane-title">US goods trade balance with China ($bn)</text>
          {data.trade.map((t) => {
            const [a, b] = yearSpan(t.year);
            const h = (Math.abs(t.balance) / 1e9 / maxBal) * (LANES.trade - 14);
            return (
              <g key={t.year}>
                <rect x={a + 3} y={yTrade} width={Math.max(1, b - a - 6)} height={h} fill="#64748b">
                  <title>{`${t.year}: balance ${(t.balance / 1e9).toFixed(1)} bn`}</title>
                </rect>
                {!narrow && (
                  <text x={(a + b) / 2} y={yTrade + h + 11} textAnchor="middle" className="muted-text">
                    {(t.balance / 1e9).toFixed(0)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      )}
    </div>
  );
}

/** Labels of the rounds that changed measures: above the line, or below when the one above would overlap. */
function roundLabels(rounds: TimelineData["rounds"], x: (d: string) => number): { id: string; x: number; row: 0 | 1; text: string }[] {
  const last: [number, number] = [-Infinity, -Infinity];
  const out: { id: string; x: number; row: 0 | 1; text: string }[] = [];
  for (const r of rounds) {
    const text = r.name.split(" ")[0]!;
    const px = x(r.date);
    const w = text.length * 6.2 + 8;
    const row = px - w / 2 > last[0] ? 0 : px - w / 2 > last[1] ? 1 : null;
    if (row === null) continue;
    last[row] = px + w / 2;
    out.push({ id: r.id, x: px, row, text });
  }
  return out;
}
