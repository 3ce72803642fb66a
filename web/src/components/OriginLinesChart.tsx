import { useRef } from "react";
import { useWidth } from "./useWidth.js";

/** One origin's daily series: its name and (date, total %) points. */
export interface OriginLine {
  id: string;
  name: string;
  points: { date: string; value: number }[];
}

const PALETTE = ["#1f4e79", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b7950b"];

/** Several origins' average tariff on one chart: a step line per origin, a shared time axis and a legend. */
export function OriginLinesChart({ lines }: { lines: OriginLine[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  const w = Math.max(300, width);
  const h = w < 500 ? 240 : 320;
  const pad = { l: 40, r: 10, t: 10, b: 28 };
  const all = lines.flatMap((l) => l.points);
  if (all.length === 0) return <div ref={ref} />;
  const days = all.map((p) => Date.parse(p.date));
  const x0 = Math.min(...days);
  const x1 = Math.max(...days);
  const yMax = Math.max(10, ...all.map((p) => p.value)) * 1.05;
  const x = (d: string): number => pad.l + ((Date.parse(d) - x0) / Math.max(1, x1 - x0)) * (w - pad.l - pad.r);
  const y = (v: number): number => pad.t + (1 - v / yMax) * (h - pad.t - pad.b);
  const step = yMax > 100 ? 25 : yMax > 40 ? 10 : 5;
  const ticks = Array.from({ length: Math.floor(yMax / step) + 1 }, (_, i) => i * step);
  const years = [...new Set(all.map((p) => p.date.slice(0, 4)))].map((yr) => `${yr}-01-01`).filter((d) => Date.parse(d) >= x0);
  const path = (pts: OriginLine["points"]): string =>
    pts.map((p, i) => (i === 0 ? `M${x(p.date)},${y(p.value)}` : `H${x(p.date)}V${y(p.value)}`)).join("");
  return (
    <div ref={ref} className="origin-lines">
      <svg width={w} height={h} role="img" aria-label={`Average US tariff: ${lines.map((l) => l.name).join(", ")}`} data-testid="origins-chart">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="#e5e5e5" />
            <text x={pad.l - 4} y={y(t) + 4} fontSize="11" textAnchor="end" fill="#555">
              {t}%
            </text>
          </g>
        ))}
        {years.map((d) => (
          <text key={d} x={x(d)} y={h - 8} fontSize="11" fill="#555" textAnchor="middle">
            {d.slice(0, 4)}
          </text>
        ))}
        {lines.map((l, i) => (
          <path key={l.id} d={path(l.points)} fill="none" stroke={PALETTE[i % PALETTE.length]} strokeWidth={2} data-origin={l.id} />
        ))}
      </svg>
      <ul className="legend" aria-label="Origins">
        {lines.map((l, i) => (
          <li key={l.id}>
            <span className="swatch" style={{ background: PALETTE[i % PALETTE.length] }} aria-hidden="true" /> {l.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
