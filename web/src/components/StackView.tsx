import { useRef } from "react";
import type { Stack, StackLine } from "../api.js";
import { authorityColor, authorityLabel, longDate, pct, usd } from "../format.js";
import { Flag, Instrument } from "./common.js";
import { useWidth } from "./useWidth.js";

function lineLabel(l: StackLine, short: boolean): string {
  if (l.role === "base") return "Base rate";
  const label = authorityLabel(l.authority);
  if (short || !l.program || l.program === l.authority) return label;
  const text = `${label} · ${l.program}`;
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** The stack as a waterfall: base → each layer → total (refundable layers drawn hollow, outside the total). */
export function Waterfall({ stack }: { stack: Stack }) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const narrow = width < 560;
  // Wide: label column left of the bars. Narrow (phones): label line above each bar.
  const L = narrow
    ? { labelW: 0, rowH: 46, barY: 18, barH: 20, textY: 28 }
    : { labelW: 260, rowH: 36, barY: 6, barH: 24, textY: 18 };
  const valueW = 104;
  const rows: {
    key: string;
    label: string;
    heading: string;
    from: number;
    to: number;
    color: string;
    hollow: boolean;
    text: string;
  }[] = [];
  let acc = 0;
  for (const [i, l] of stack.lines.entries()) {
    const v = l.effectivePercent;
    const common = {
      key: `l${i}`,
      label: lineLabel(l, narrow),
      heading: l.heading,
      from: acc,
      to: acc + v,
      color: authorityColor(l.authority),
    };
    if (l.refundable) {
      rows.push({ ...common, hollow: true, text: `${pct(v)} refundable` });
      continue;
    }
    rows.push({
      ...common,
      hollow: false,
      text: l.role === "exemption" ? "0% (exempt)" : `${l.role === "base" ? "" : "+"}${pct(v)}`,
    });
    acc += v;
  }
  const max = Math.max(stack.totalPercent, ...rows.map((r) => r.to), 1);
  const barX = L.labelW + 10;
  const barW = width - barX - valueW;
  const sx = (v: number): number => barX + (v / max) * barW;
  const height = (rows.length + 1) * L.rowH + 4;
  const totalY = rows.length * L.rowH;
  return (
    <div className="waterfall" ref={box}>
      {width > 0 && (
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={`Duty stack waterfall: ${rows.map((r) => `${r.heading} ${r.text}`).join(", ")}; total ${pct(stack.totalPercent)}`}
        >
          {rows.map((r, i) => {
            const y = i * L.rowH;
            const x0 = sx(Math.min(r.from, r.to));
            const w = Math.max(r.to === r.from ? 2 : 1, Math.abs(sx(r.to) - sx(r.from)));
            return (
              <g key={r.key} data-waterfall-row={i}>
                {narrow ? (
                  <text x={barX} y={y + 13} className="wf-label">
                    {r.heading} · {r.label}
                  </text>
                ) : (
                  <>
                    <text x={L.labelW} y={y + 13} className="wf-label" textAnchor="end">
                      {r.heading}
                    </text>
                    <text x={L.labelW} y={y + 28} className="wf-sub" textAnchor="end">
                      {r.label}
                    </text>
                  </>
                )}
                {i > 0 && (
                  <line
                    x1={sx(r.from)}
                    x2={sx(r.from)}
                    y1={y - L.rowH + L.barY + L.barH}
                    y2={y + L.barY}
                    className="wf-link"
                  />
                )}
                <rect
                  x={x0}
                  y={y + L.barY}
                  width={w}
                  height={L.barH}
                  fill={r.hollow ? "none" : r.color}
                  stroke={r.color}
                  strokeDasharray={r.hollow ? "4 3" : undefined}
                />
                <text
                  x={sx(Math.max(r.from, r.to)) + 6}
                  y={y + L.barY + L.barH / 2}
                  className="wf-value"
                  dominantBaseline="middle"
                >
                  {r.text}
                </text>
              </g>
            );
          })}
          <g data-waterfall-total>
            <text
              x={narrow ? barX : L.labelW}
              y={totalY + (narrow ? 13 : L.barY + L.barH / 2)}
              className="wf-label strong"
              textAnchor={narrow ? "start" : "end"}
              dominantBaseline={narrow ? undefined : "middle"}
            >
              Total
            </text>
            <rect
              x={sx(0)}
              y={totalY + L.barY}
              width={Math.max(1, sx(stack.totalPercent) - sx(0))}
              height={L.barH}
              className="wf-total"
            />
            <text
              x={sx(stack.totalPercent) + 6}
              y={totalY + L.barY + L.barH / 2}
              className="wf-value strong"
              dominantBaseline="middle"
            >
              {pct(stack.totalPercent)}
            </text>
          </g>
        </svg>
      )}
    </div>
  );
}

/** The flags of an answer: uncertain, needsFacts, coverage partial, announced, refundable. */
export function StackFlags({ stack }: { stack: Stack }) {
  const any =
    stack.uncertain.length ||
    stack.needsFacts.length ||
    stack.coverage.level === "partial" ||
    stack.announced ||
    stack.refundablePercent > 0;
  if (!any) return null;
  return (
    <div className="flag-list" data-testid="stack-flags">
      {stack.coverage.level === "partial" && (
        <div>
          <Flag kind="partial">coverage: partial</Flag> Not modelled for {stack.origin}:{" "}
          {stack.coverage.missing.join("; ")}
        </div>
      )}
      {stack.uncertain.map((u) => (
        <div key={u.measure + u.heading}>
          <Flag kind="uncertain">uncertain</Flag> {u.heading}: {u.reason}
        </div>
      ))}
      {stack.needsFacts.map((n) => (
        <div key={n.fact}>
          <Flag kind="needs-facts">needsFacts: {n.fact}</Flag> {n.why}{" "}
          <span className="muted">(default used: {n.defaultUsed})</span>
        </div>
      ))}
      {stack.announced && (
        <div>
          <Flag kind="announced">announced</Flag> This date is after the ledger's review date; later measures are as
          announced.
        </div>
      )}
      {stack.refundablePercent > 0 && (
        <div>
          <Flag kind="refundable">refundable</Flag> Collected under measures void in law: {pct(stack.refundablePercent)}
          {stack.refundableAmount !== undefined ? ` (${usd(stack.refundableAmount)})` : ""}
        </div>
      )}
    </div>
  );
}

export function StackTable({ stack }: { stack: Stack }) {
  const hasAmounts = stack.lines.some((l) => l.amount !== undefined);
  return (
    <div className="table-wrap">
      <table className="data cards-on-phone" data-testid="stack-table">
        <caption className="sr-only">Lines of the duty stack</caption>
        <thead>
          <tr>
            <th scope="col">Heading</th>
            <th scope="col">Authority</th>
            <th scope="col" className="num">
              Rate
            </th>
            <th scope="col">On</th>
            <th scope="col" className="num">
              Adds
            </th>
            {hasAmounts && (
              <th scope="col" className="num">
                Amount
              </th>
            )}
            <th scope="col">Instrument</th>
            <th scope="col">Status</th>
            <th scope="col">In force</th>
          </tr>
        </thead>
        <tbody>
          {stack.lines.map((l, i) => (
            <tr key={i} className={l.refundable ? "refundable" : undefined}>
              <td className="nowrap mono card-title">{l.heading}</td>
              <td data-label="Authority">
                <span className="swatch" style={{ background: authorityColor(l.authority) }} />
                {authorityLabel(l.authority)}
                {l.program && l.program !== l.authority && <div className="muted small">{l.program}</div>}
              </td>
              <td data-label="Rate" className="num" title={l.rateText}>
                {l.role === "exemption" ? "0%" : l.ratePercent === null ? l.rateText : pct(l.ratePercent)}
              </td>
              <td data-label="On" className="small">
                {l.valueShare === 1 ? l.valueBase : `${l.valueBase} × ${Number(l.valueShare.toFixed(4))}`}
              </td>
              <td data-label="Adds" className="num">
                {pct(l.effectivePercent)}
              </td>
              {hasAmounts && (
                <td data-label="Amount" className="num">
                  {usd(l.amount)}
                </td>
              )}
              <td data-label="Instrument">
                <Instrument instrument={l.instrument} />
              </td>
              <td data-label="Status">
                {l.status}
                {l.refundable && (
                  <>
                    {" "}
                    <Flag kind="refundable">refundable</Flag>
                  </>
                )}
                {l.uncertain && (
                  <>
                    {" "}
                    <Flag kind="uncertain" title={l.uncertain}>
                      uncertain
                    </Flag>
                  </>
                )}
              </td>
              <td data-label="In force" className="nowrap small low-priority">
                {longDate(l.window.from)} →{l.window.to ? ` ${longDate(l.window.to)}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4} className="card-title">
              Total
            </th>
            <td data-label="Total duty" className="num strong">
              {pct(stack.totalPercent)}
            </td>
            {hasAmounts && (
              <td data-label="Amount" className="num strong">
                {usd(stack.totalAmount)}
              </td>
            )}
            <td colSpan={3} className="muted small">
              additional duties {pct(stack.additionalPercent)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Header, flags, waterfall and table of one stack; `title` is the product's readable title (else its description). */
export function StackView({
  stack,
  statisticalLines,
  title,
}: {
  stack: Stack;
  statisticalLines?: string[];
  title?: string | undefined;
}) {
  return (
    <div className="stack-view" data-testid="stack-view">
      <div className="stack-head">
        <div>
          <div className="mono big">{stack.hts}</div>
          <div data-testid="stack-title">{title ?? stack.description}</div>
          {title && title !== stack.description && <div className="muted small">{stack.description}</div>}
          <div className="muted small">
            {stack.origin} · entered {longDate(stack.date)} · {stack.view} · legal line {stack.legalLine} · edition{" "}
            {stack.edition}
            {statisticalLines && statisticalLines.length > 1 ? ` · the same for ${statisticalLines.join(", ")}` : ""}
          </div>
        </div>
        <div className="total-box">
          <div className="card-label">Total duty</div>
          <div className="card-value" data-testid="stack-total">
            {pct(stack.totalPercent)}
          </div>
          {stack.totalAmount !== undefined && <div className="card-sub">{usd(stack.totalAmount)}</div>}
        </div>
      </div>
      <StackFlags stack={stack} />
      <Waterfall stack={stack} />
      <StackTable stack={stack} />
      {stack.notes.length > 0 && (
        <ul className="notes">
          {stack.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
