import type { TopLevelSpec } from "vega-lite";
import type { AverageSeries } from "./seriesTypes.js";
import type { CnAverageSeries } from "./cnAverage.js";

/**
 * The two-way chart: the US average tariff on goods of China and China's average tariff on US goods as two step
 * lines on one time axis, each side's legal events drawn as rules in its colour (`chart --two-way`; `chart --issuer
 * CN` draws China's line alone). Rendered by the same Vega-Lite path as the series chart.
 */

export interface TwoWayLine {
  label: string;
  color: string;
  /** The value from each day on (a step line). */
  points: { date: string; percent: number }[];
  events: { date: string; label: string }[];
}

export interface TwoWayChartData {
  title: string;
  subtitle: string;
  lines: TwoWayLine[];
}

export function usLine(us: AverageSeries): TwoWayLine {
  const points: TwoWayLine["points"] = [];
  for (const r of us.rows) if (points.length === 0 || points[points.length - 1]!.percent !== r.totalPercent) points.push({ date: r.date, percent: r.totalPercent });
  const last = us.rows[us.rows.length - 1];
  if (last) points.push({ date: last.date, percent: last.totalPercent });
  return { label: `US on goods of ${us.origin} (${us.weights})`, color: "#1d4ed8", points, events: us.steps.map((s) => ({ date: s.date, label: s.instruments[0]?.id ?? "" })) };
}

export function chinaLine(cn: CnAverageSeries): TwoWayLine {
  const points = cn.steps.map((s) => ({ date: s.from, percent: s.totalPercent }));
  const last = cn.steps[cn.steps.length - 1];
  if (last) points.push({ date: last.to, percent: last.totalPercent });
  return { label: `China on goods of ${cn.origin} (${cn.weights.id})`, color: "#b91c1c", points, events: cn.steps.slice(1).map((s) => ({ date: s.from, label: s.changedBy[0] ?? "" })) };
}

export function twoWayChartData(lines: TwoWayLine[], title?: string): TwoWayChartData {
  const days = lines.flatMap((l) => l.points.map((p) => p.date)).sort();
  return {
    title: title ?? (lines.length > 1 ? "US tariffs on China and China's tariffs on the US" : lines[0]!.label),
    subtitle: `Trade-weighted averages, ${days[0]} to ${days[days.length - 1]}. Source: tariffscope ledgers (ledger/us, ledger/cn).`,
    lines,
  };
}

export function twoWayChartSpec(data: TwoWayChartData, size: { width?: number; height?: number } = {}): TopLevelSpec {
  const values = data.lines.flatMap((l) => l.points.map((p) => ({ ...p, side: l.label })));
  const events = data.lines.flatMap((l) => l.events.map((e) => ({ ...e, side: l.label })));
  const color = { field: "side", type: "nominal", title: null, scale: { domain: data.lines.map((l) => l.label), range: data.lines.map((l) => l.color) } };
  const max = Math.max(1, ...values.map((v) => v.percent));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: data.title, subtitle: data.subtitle },
    width: size.width ?? 900,
    height: size.height ?? 380,
    background: "white",
    layer: [
      {
        data: { values: events },
        mark: { type: "rule", strokeDash: [2, 3], opacity: 0.45 },
        encoding: { x: { field: "date", type: "temporal" }, color },
      },
      {
        data: { values },
        mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
        encoding: {
          x: { field: "date", type: "temporal", title: null, axis: { format: "%Y" } },
          y: { field: "percent", type: "quantitative", title: "average tariff, percent", scale: { domain: [0, Math.ceil(max / 10) * 10 + 10] } },
          color: { ...color, legend: { orient: "top", labelLimit: 420 } },
        },
      },
    ],
  } as TopLevelSpec;
}
