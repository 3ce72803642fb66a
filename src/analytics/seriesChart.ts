import type { TopLevelSpec } from "vega-lite";
import type { AverageSeries } from "./seriesTypes.js";

/**
 * The step chart of an average series, stacked by authority and annotated with the legal events that moved it,
 * rendered server-side with Vega-Lite (SVG) and resvg (PNG).
 */

/** Labels and colours come from the series (the issuer registry, issuer.yaml); an unknown id is drawn grey. */
function styleOf(series: AverageSeries): (id: string) => { label: string; colour: string } {
  const byId = new Map(series.authorities.map((a) => [a.id, a]));
  return (id) => byId.get(id) ?? { label: id, colour: "#666666" };
}

export interface ChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Label at most this many steps (the largest moves), to keep the chart readable. */
  maxLabels?: number;
}

/** The data a chart draws: one value per day and authority (stacked), the labelled steps, and the titles. */
export interface SeriesChartData {
  title: string;
  subtitle: string;
  /** Authorities drawn, bottom of the stack first (ids, with their labels and colours). */
  authorities: { id: string; label: string; color: string }[];
  /** Per day and authority: the percentage points that authority adds to the total. */
  values: { date: string; authority: string; percent: number; order: number }[];
  /** The steps labelled on the chart (the largest moves), in date order. */
  events: { date: string; label: string; total: number; labelY: number }[];
}

/** What the chart of a series shows (the same data `seriesChartSpec` draws; `chart --json` prints it). */
export function seriesChartData(series: AverageSeries, options: ChartOptions = {}): SeriesChartData {
  const style = styleOf(series);
  const values: SeriesChartData["values"] = [];
  const used = new Set<string>();
  for (const r of series.rows) for (const a of Object.keys(r.byAuthority)) used.add(a);
  const order = [...series.authorities.map((a) => a.id), ...[...used].filter((a) => !series.authorities.some((x) => x.id === a)).sort()];
  const authorities = order.filter((a) => used.has(a));
  for (const r of series.rows) {
    for (const a of authorities) values.push({ date: r.date, authority: style(a).label, percent: r.byAuthority[a] ?? 0, order: order.indexOf(a) });
  }
  const maxLabels = options.maxLabels ?? 12;
  const labelled = [...series.steps].sort((a, b) => Math.abs(b.deltaPercent) - Math.abs(a.deltaPercent)).slice(0, maxLabels);
  const events = labelled
    .sort((a, b) => (a.date < b.date ? -1 : 1))
    .map((s, i) => ({
      date: s.date,
      label: `${s.date.slice(5)} ${s.deltaPercent > 0 ? "+" : ""}${s.deltaPercent.toFixed(1)} ${s.instruments[0]?.id ?? ""}`.trim(),
      total: s.totalPercent,
      labelY: s.totalPercent + 2 + (i % 3) * 4,
    }));
  return {
    title: options.title ?? `Average US tariff on goods of ${series.origin}, ${series.weights} weights (${series.view})`,
    subtitle: `Trade-weighted, daily ${series.rows[0]?.date} to ${series.rows[series.rows.length - 1]?.date}. Source: tariffscope ledger ${series.ledgerVersion}; USITC HTS, Federal Register, CBP.`,
    authorities: authorities.map((a) => ({ id: a, label: style(a).label, color: style(a).colour })),
    values,
    events,
  };
}

export function seriesChartSpec(series: AverageSeries, options: ChartOptions = {}): TopLevelSpec {
  const { title, subtitle, authorities: drawn, values, events } = seriesChartData(series, options);
  const maxTotal = Math.max(...series.rows.map((r) => r.totalPercent), 1);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: title, subtitle },
    width: options.width ?? 900,
    height: options.height ?? 420,
    background: "white",
    layer: [
      {
        data: { values },
        mark: { type: "area", interpolate: "step-after" },
        encoding: {
          x: { field: "date", type: "temporal", title: null, axis: { format: "%b %Y" } },
          y: { field: "percent", type: "quantitative", stack: "zero", title: "percent of customs value", scale: { domain: [0, Math.ceil(maxTotal / 10) * 10 + 10] } },
          color: {
            field: "authority",
            type: "nominal",
            title: "Authority",
            sort: drawn.map((a) => a.label),
            scale: { domain: drawn.map((a) => a.label), range: drawn.map((a) => a.color) },
          },
          order: { field: "order", type: "quantitative" },
        },
      },
      {
        data: { values: events },
        mark: { type: "rule", strokeDash: [3, 3], color: "#333", opacity: 0.6 },
        encoding: { x: { field: "date", type: "temporal" } },
      },
      {
        data: { values: events },
        mark: { type: "text", align: "left", dx: 3, fontSize: 9, color: "#111" },
        encoding: {
          x: { field: "date", type: "temporal" },
          y: { field: "labelY", type: "quantitative" },
          text: { field: "label" },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Render the chart as SVG text. */
export async function renderSeriesSvg(series: AverageSeries, options: ChartOptions = {}): Promise<string> {
  return renderSpecSvg(seriesChartSpec(series, options));
}

/** Render the chart as PNG bytes (SVG rasterised by resvg at 2× for legibility). */
export async function renderSeriesPng(series: AverageSeries, options: ChartOptions = {}): Promise<Buffer> {
  return renderSpecPng(seriesChartSpec(series, options));
}

/** Render any Vega-Lite spec of the project's charts as SVG text. */
export async function renderSpecSvg(lite: TopLevelSpec): Promise<string> {
  // The chart libraries load on first use: commands and servers that draw nothing do not pay for them.
  const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const spec = compile(lite).spec;
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Render a Vega-Lite spec as PNG bytes (SVG rasterised by resvg at 2× for legibility). */
export async function renderSpecPng(lite: TopLevelSpec): Promise<Buffer> {
  const svg = await renderSpecSvg(lite);
  const { Resvg } = await import("@resvg/resvg-js");
  const png = new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render().asPng();
  return Buffer.from(png);
}
