import { useRef, useState, type PointerEvent } from "react";
import { useWidth } from "../components/useWidth.js";
import { dayNum, dayStr, longDate, pct } from "../format.js";

/** One side's total as steps: [from, to] inclusive days at a value, and the days an event moved it. */
export interface TwoWaySide {
  label: string;
  color: string;
  steps: { from: string; to: string; value: number }[];
  events: { date: string; label: string }[];
}

const M = { left: 46, right: 14, top: 24, bottom: 40 };

function niceMax(v: number): number {
  const raw = v / 5;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const n = raw / mag;
  const step = (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * mag;
  return Math.ceil(v / step) * step;
}

/**
 * Two step lines on one day axis — the US average tariff on goods of China and China's average tariff on US goods —
 * with each side's legal events marked (US above the plot, China below). Hover or tap: both values on that day.
 */
export function TwoWayChart({ sides, label, height = 300 }: { sides: TwoWaySide[]; label: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const [hover, setHover] = useState<string | undefined>();
  const days = sides.flatMap((s) => s.steps.flatMap((x) => [dayNum(x.from), dayNum(x.to) + 1]));
  const d0 = Math.min(...days);
  const d1 = Math.max(...days);
  const yMax = niceMax(Math.max(1, ...sides.flatMap((s) => s.steps.map((x) => x.value))));
  const w = Math.max(width, 280);
  const x = (d: number): number => M.left + ((d - d0) / Math.max(1, d1 - d0)) * (w - M.left - M.right);
  const y = (v: number): number => M.top + (1 - v / yMax) * (height - M.top - M.bottom);
  const paths = sides.map((s) =>
    s.steps.map((st, i) => `${i === 0 ? "M" : "L"}${x(dayNum(st.from)).toFixed(1)},${y(st.value).toFixed(1)} H${x(dayNum(st.to) + 1).toFixed(1)}`).join(" "),
  );
  const years: number[] = [];
  for (let yr = Number(dayStr(d0).slice(0, 4)) + 1; yr <= Number(dayStr(d1).slice(0, 4)); yr++) years.push(yr);
  const yearStep = w < 500 ? 2 : 1;
  const tickCount = Math.max(2, Math.min(6, Math.round(yMax / (yMax > 100 ? 50 : yMax > 40 ? 10 : 5))));
  const ticks = Array.from({ length: tickCount + 1 }, (_, k) => (yMax * k) / tickCount);
  const valueOn = (s: TwoWaySide, day: string): number | undefined => s.steps.find((st) => st.from <= day && day <= st.to)?.value;
  const onMove = (e: PointerEvent<SVGSVGElement>): void => {
    const r = e.currentTarget.getBoundingClientRect();
    const d = Math.round(d0 + ((e.clientX - r.left - M.left) / (w - M.left - M.right)) * (d1 - d0));
    if (d >= d0 && d <= d1) setHover(dayStr(d));
  };
  return (
    <div className="chart two-way" ref={box} data-testid="two-way-chart">
      <svg width={w} height={height} role="img" aria-label={label} onPointerMove={onMove} onPointerLeave={() => setHover(undefined)}>
        {ticks.map((t) => (
          <g key={t}>
            <line className="grid" x1={M.left} x2={w - M.right} y1={y(t)} y2={y(t)} />
            <text className="tick" x={M.left - 6} y={y(t) + 4} textAnchor="end">
              {Number(t.toFixed(1))}%
            </text>
          </g>
        ))}
        {years
          .filter((yr) => yr % yearStep === 0)
          .map((yr) => (
            <text key={yr} className="tick" x={x(dayNum(`${yr}-01-01`))} y={height - M.bottom + 16} textAnchor="middle">
              {yr}
            </text>
          ))}
        {sides.map((s, i) => (
          <g key={s.label}>
            <path d={paths[i]} fill="none" stroke={s.color} strokeWidth={2.2} />
            {s.events.map((ev) => (
              <path
                key={`${s.label}-${ev.date}`}
                d={i === 0 ? `M${x(dayNum(ev.date))},${M.top - 2} l-4,-7 h8 z` : `M${x(dayNum(ev.date))},${height - M.bottom + 22} l-4,7 h8 z`}
                fill={s.color}
              >
                <title>{`${s.label} — ${longDate(ev.date)}: ${ev.label}`}</title>
              </path>
            ))}
          </g>
        ))}
        {hover && <line className="grid" x1={x(dayNum(hover))} x2={x(dayNum(hover))} y1={M.top} y2={height - M.bottom} stroke="#111827" />}
      </svg>
      <ul className="legend">
        {sides.map((s, i) => (
          <li key={s.label}>
            <span className="swatch" style={{ background: s.color }} /> {s.label} ({i === 0 ? "▼ its events above" : "▲ its events below"})
          </li>
        ))}
      </ul>
      <p className="muted" data-testid="two-way-readout" aria-live="polite">
        {hover
          ? `${longDate(hover)}: ${sides.map((s) => `${s.label} ${valueOn(s, hover) === undefined ? "not covered" : pct(valueOn(s, hover)!)}`).join("; ")}`
          : sides.length > 1 ? "Hover or tap the chart for both averages on a day." : "Hover or tap the chart for the value on a day."}
      </p>
    </div>
  );
}
