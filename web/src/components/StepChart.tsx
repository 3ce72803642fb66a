import { useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from "react";
import { useWidth } from "./useWidth.js";
import { authorityColor, authorityLabel, dayNum, dayStr, keysOf, longDate, pct } from "../format.js";

/** A span of days [from, to) with constant parts (stacked, bottom first in authority order). */
export interface Segment {
  from: string;
  /** First day not included. */
  to: string;
  parts: Record<string, number>;
  total: number;
}

/** A legal event marked on the chart (a step of the series). */
export interface Marker {
  date: string;
  label: string;
}

/** A reference day drawn as a labelled dashed line: today, the ledger's review date. */
export interface Reference {
  date: string;
  label: string;
  /** CSS modifier: "today", "reviewed". */
  kind: string;
}

/** A line drawn over the stack (e.g. the scenario's total). */
export interface Overlay {
  label: string;
  color: string;
  segments: { from: string; to: string; value: number }[];
}

interface Props {
  segments: Segment[];
  markers?: Marker[];
  /** Reference days (drawn when inside the chart's days). */
  references?: Reference[];
  overlays?: Overlay[];
  /** A day to mark (the product page's date). */
  selected?: string | undefined;
  onSelect?: ((date: string) => void) | undefined;
  /** What the tooltip says about a day. */
  describe: (date: string) => ReactNode;
  /** Plain-text summary of a day, for screen readers. */
  describeText: (date: string) => string;
  label: string;
  height?: number;
  testId?: string;
}

const M = { left: 46, right: 14, top: 20, bottom: 28 };

function niceStep(max: number): number {
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const n = raw / mag;
  return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * mag;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Month ticks spaced at least ~70 px apart. */
function monthTicks(d0: number, d1: number, width: number): { day: number; label: string }[] {
  const months = Math.max(1, (d1 - d0) / 30.4);
  const every = [1, 2, 3, 6, 12].find((k) => (width / months) * k >= 70) ?? 12;
  const out: { day: number; label: string }[] = [];
  const start = new Date(d0 * 86_400_000);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  if (start.getUTCDate() !== 1) m++;
  for (;;) {
    if (m > 11) {
      y++;
      m -= 12;
    }
    const day = Math.round(Date.UTC(y, m, 1) / 86_400_000);
    if (day > d1) break;
    if (m % every === 0) out.push({ day, label: m === 0 ? String(y) : `${MONTHS[m]}${every >= 6 ? ` ${y}` : ""}` });
    m++;
  }
  return out;
}

/** A stacked step chart of percentages over days (SVG), with event markers, hover tooltip and keyboard cursor. */
export function StepChart({
  segments,
  markers = [],
  references = [],
  overlays = [],
  selected,
  onSelect,
  describe,
  describeText,
  label,
  height = 320,
  testId,
}: Props) {
  const box = useRef<HTMLDivElement>(null);
  const measured = useWidth(box);
  const width = measured || 800;
  const [cursor, setCursor] = useState<number | undefined>(undefined);
  const [live, setLive] = useState("");
  const helpId = useId();

  const keys = useMemo(() => keysOf(segments.map((s) => s.parts)), [segments]);
  const d0 = segments.length ? dayNum(segments[0]!.from) : 0;
  const d1 = segments.length ? dayNum(segments[segments.length - 1]!.to) : 1;
  const yMax = useMemo(() => {
    let m = 0;
    for (const s of segments)
      m = Math.max(
        m,
        s.total,
        Object.values(s.parts).reduce((a, b) => a + Math.max(0, b), 0),
      );
    for (const o of overlays) for (const s of o.segments) m = Math.max(m, s.value);
    const step = niceStep(m * 1.05 || 1);
    return Math.ceil((m * 1.05 || 1) / step) * step;
  }, [segments, overlays]);
  const step = niceStep(yMax);
  const innerW = width - M.left - M.right;
  const innerH = height - M.top - M.bottom;
  const x = (day: number): number => M.left + ((day - d0) / Math.max(1, d1 - d0)) * innerW;
  const y = (v: number): number => M.top + innerH - (v / yMax) * innerH;
  const dayAt = (px: number): number =>
    Math.min(d1 - 1, Math.max(d0, Math.floor(d0 + ((px - M.left) / innerW) * (d1 - d0))));

  const markerDays = useMemo(() => markers.map((m) => dayNum(m.date)).sort((a, b) => a - b), [markers]);

  const move = (day: number, announce: boolean): void => {
    const d = Math.min(d1 - 1, Math.max(d0, day));
    setCursor(d);
    if (announce) setLive(describeText(dayStr(d)));
  };

  const onKey = (e: KeyboardEvent<SVGSVGElement>): void => {
    const c = cursor ?? (selected ? dayNum(selected) : d0);
    let next: number | undefined;
    if (e.key === "ArrowRight") next = c + (e.shiftKey ? 30 : 1);
    else if (e.key === "ArrowLeft") next = c - (e.shiftKey ? 30 : 1);
    else if (e.key === "PageDown" || e.key === "]") next = markerDays.find((d) => d > c) ?? d1 - 1;
    else if (e.key === "PageUp" || e.key === "[") next = [...markerDays].reverse().find((d) => d < c) ?? d0;
    else if (e.key === "Home") next = d0;
    else if (e.key === "End") next = d1 - 1;
    else if ((e.key === "Enter" || e.key === " ") && onSelect) {
      e.preventDefault();
      onSelect(dayStr(c));
      return;
    } else if (e.key === "Escape") {
      setCursor(undefined);
      return;
    }
    if (next !== undefined) {
      e.preventDefault();
      move(next, true);
    }
  };

  const onPointer = (e: PointerEvent<SVGRectElement>): void => {
    const rect = (e.currentTarget.ownerSVGElement as SVGSVGElement).getBoundingClientRect();
    move(dayAt(e.clientX - rect.left), false);
  };

  const ticks = monthTicks(d0, d1, innerW);
  const yTicks: number[] = [];
  for (let v = 0; v <= yMax + 1e-9; v += step) yTicks.push(v);
  const cursorDate = cursor !== undefined ? dayStr(cursor) : undefined;
  const tipLeft = cursor !== undefined ? Math.min(Math.max(x(cursor + 0.5), 110), width - 110) : 0;

  if (segments.length === 0) {
    return (
      <div className="chart" ref={box} data-testid={testId}>
        <p className="muted">No data to chart.</p>
      </div>
    );
  }

  return (
    <div className="chart" ref={box} data-testid={testId}>
      <svg
        width={width}
        height={height}
        role="group"
        aria-label={label}
        aria-describedby={helpId}
        tabIndex={0}
        onKeyDown={onKey}
        onFocus={() => cursor === undefined && move(selected ? dayNum(selected) : d1 - 1, true)}
        onBlur={() => setCursor(undefined)}
      >
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={M.left} x2={width - M.right} y1={y(v)} y2={y(v)} className="grid" />
            <text x={M.left - 6} y={y(v)} className="tick" textAnchor="end" dominantBaseline="middle">
              {Number(v.toFixed(1))}%
            </text>
          </g>
        ))}
        {ticks.map((t) => (
          <text key={t.day} x={x(t.day)} y={height - 8} className="tick" textAnchor="middle">
            {t.label}
          </text>
        ))}
        <g className="stack">
          {segments.map((s, i) => {
            let acc = 0;
            const a = x(dayNum(s.from));
            const w = Math.max(0.5, x(dayNum(s.to)) - a);
            return (
              <g key={i} data-segment={i}>
                {keys.map((k) => {
                  const v = Math.max(0, s.parts[k] ?? 0);
                  if (v <= 0) return null;
                  const top = y(acc + v);
                  const h = y(acc) - top;
                  acc += v;
                  return <rect key={k} x={a} y={top} width={w} height={Math.max(0, h)} fill={authorityColor(k)} />;
                })}
              </g>
            );
          })}
        </g>
        {overlays.map((o) => (
          <path
            key={o.label}
            className="overlay"
            data-overlay={o.label}
            stroke={o.color}
            d={o.segments
              .map((s, i) => `${i === 0 ? "M" : "L"}${x(dayNum(s.from))},${y(s.value)} H${x(dayNum(s.to))}`)
              .join(" ")}
          />
        ))}
        {markers.map((m, i) => {
          const mx = x(dayNum(m.date));
          return (
            <g key={`${m.date}-${i}`} className="marker" data-step={i} data-date={m.date}>
              <title>{m.label}</title>
              <line x1={mx} x2={mx} y1={M.top - 4} y2={M.top + innerH} />
              <path d={`M${mx - 4},${M.top - 10} L${mx + 4},${M.top - 10} L${mx},${M.top - 3} Z`} />
            </g>
          );
        })}
        {references
          .filter((r) => dayNum(r.date) >= d0 && dayNum(r.date) < d1)
          .map((r, i) => {
            const rx = x(dayNum(r.date) + 0.5);
            const right = rx > M.left + innerW * 0.5;
            return (
              <g key={r.kind} className={`reference reference-${r.kind}`} data-reference={r.kind} data-date={r.date}>
                <title>{r.label}</title>
                <line x1={rx} x2={rx} y1={M.top} y2={M.top + innerH} />
                <text x={right ? rx - 4 : rx + 4} y={M.top + 12 + i * 14} textAnchor={right ? "end" : "start"}>
                  {r.label}
                </text>
              </g>
            );
          })}
        {selected && dayNum(selected) >= d0 && dayNum(selected) < d1 && (
          <g className="selected" data-selected={selected}>
            <line x1={x(dayNum(selected) + 0.5)} x2={x(dayNum(selected) + 0.5)} y1={M.top} y2={M.top + innerH} />
          </g>
        )}
        {cursor !== undefined && (
          <line className="cursor" x1={x(cursor + 0.5)} x2={x(cursor + 0.5)} y1={M.top} y2={M.top + innerH} />
        )}
        <rect
          x={M.left}
          y={M.top}
          width={innerW}
          height={innerH}
          fill="transparent"
          onPointerMove={onPointer}
          onPointerDown={onPointer}
          onPointerLeave={() => setCursor(undefined)}
          onClick={() => onSelect && cursorDate && onSelect(cursorDate)}
          style={{ cursor: onSelect ? "pointer" : "crosshair" }}
        />
      </svg>
      {cursorDate && (
        <div className="tooltip" role="presentation" style={{ left: tipLeft }} data-testid="chart-tooltip">
          <strong>{longDate(cursorDate)}</strong>
          {describe(cursorDate)}
        </div>
      )}
      <p id={helpId} className="sr-only">
        Use the left and right arrow keys to move day by day (Shift: 30 days), Page Up and Page Down to jump between
        marked events
        {onSelect ? ", Enter to choose the day" : ""}.
      </p>
      <div className="sr-only" aria-live="polite">
        {live}
      </div>
    </div>
  );
}

/** The legend of a stacked chart. */
export function Legend({ keys, extra }: { keys: string[]; extra?: ReactNode }) {
  return (
    <ul className="legend">
      {keys.map((k) => (
        <li key={k}>
          <span className="swatch" style={{ background: authorityColor(k) }} />
          {authorityLabel(k)}
        </li>
      ))}
      {extra}
    </ul>
  );
}

/** Tooltip body: total and parts of a day. */
export function Parts({ total, parts, extra }: { total: number; parts: Record<string, number>; extra?: ReactNode }) {
  const keys = keysOf([parts]).reverse();
  return (
    <>
      <div className="tip-total">Total {pct(total)}</div>
      <table className="tip-parts">
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <td>
                <span className="swatch" style={{ background: authorityColor(k) }} />
                {authorityLabel(k)}
              </td>
              <td className="num">{pct(parts[k])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {extra}
    </>
  );
}
