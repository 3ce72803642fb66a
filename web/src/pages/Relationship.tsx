import "../levers.css";
import type { CnAverageSeries } from "../china/chinaTypes.js";
import { apiUrl, useApi, type AverageSeries, type StatusBody } from "../api.js";
import type { CommitmentsBody, ControlsReport, TalksRecord, TradeReport } from "../../../src/server/leverApiTypes.js";
import { ErrorBox, Loading } from "../components/common.js";
import { CN_COLOUR, RelationshipTimeline, US_COLOUR, type Span, type TimelineData } from "../components/RelationshipTimeline.js";
import { defaultView, defaultWeights, longDate, usdShort } from "../format.js";
import { totalSegments } from "../series.js";

/** Where the timeline starts. */
const START = "2017-01-01";

/**
 * The China-side series (China's average tariff on US goods, default weights, over the CN ledger's own coverage) is one
 * data input: this address. When the server cannot answer it, the page says it is not available and why.
 */
export const CHINA_SIDE_SERIES = (): string => apiUrl("/api/cn/average", { origin: "US" });

const today = (): string => new Date().toISOString().slice(0, 10);

export function Relationship({ status, ready }: { status: StatusBody | undefined; ready: boolean }) {
  const cov = status?.ledger.coverage;
  const end = cov ? (cov.to < today() ? cov.to : today()) : null;
  const us = useApi<AverageSeries>(ready && cov && end ? apiUrl("/api/average", { origin: "CN", from: cov.from, to: end, weights: defaultWeights(), view: defaultView() }) : null);
  // China's side over its own coverage (the CN ledger's range; its steps are the series)
  const cn = useApi<CnAverageSeries>(ready ? CHINA_SIDE_SERIES() : null);
  const talks = useApi<TalksRecord>("/api/talks");
  const controls = useApi<ControlsReport>(apiUrl("/api/controls", { date: today() }));
  const commitments = useApi<CommitmentsBody>("/api/commitments");
  const trade = useApi<TradeReport>("/api/trade");

  const failure = talks.error ?? controls.error ?? commitments.error ?? trade.error;
  const loaded = talks.data && controls.data && commitments.data && trade.data;
  const spans = (s: AverageSeries | undefined): Span[] | null => (s ? totalSegments(s) : null);
  const cnNote = cn.error ? `not available: ${cn.error.status === 404 ? "this server has no China-side series (/api/cn/average)" : cn.error.message}` : null;

  const data: TimelineData | null = loaded
    ? {
        start: START,
        today: today(),
        us: spans(us.data),
        cn: cn.data ? cn.data.steps.map((x) => ({ from: x.from, to: x.to, value: x.totalPercent })) : null,
        cnNote,
        rounds: talks.data!.rounds.map((r) => ({ id: r.id, name: r.name, date: r.dates.from, changed: r.changed.length })),
        controls: controls.data!.controls.map((c) => ({ id: c.id, issuer: c.issuer, label: c.title, from: c.window.from, to: c.window.to ?? null, status: c.status })),
        phaseOne: ["2020", "2021"].map((y) => ({ year: Number(y), target: commitments.data!.phaseOne.goodsTotal.target[y] ?? 0, actual: commitments.data!.phaseOne.goodsTotal.actual[y] ?? 0 })),
        soybeans: commitments.data!.soybeans.annual.filter((a) => a.year >= 2017).map((a) => ({ year: a.year, tons: a.tons })),
        pledges: commitments.data!.soybeans.items.map((i) => ({ from: i.period.from, to: i.period.to, tons: i.metricTons, measurable: i.measurable })),
        trade: trade.data!.years.filter((y) => y.year >= 2017).map((y) => ({ year: y.year, balance: y.balance })),
      }
    : null;

  const inForce = controls.data?.controls.filter((c) => c.stateOnDate === "in force" || c.stateOnDate === "suspended") ?? [];
  const changedRounds = talks.data?.rounds.filter((r) => r.changed.length > 0) ?? [];
  return (
    <section aria-labelledby="rel-title">
      <h1 id="rel-title">The relationship, 2017 → today</h1>
      <p className="lede">
        Tariffs both ways, the negotiation rounds and what each changed, export controls in force, purchases against
        commitments and the trade balance, on one time axis. Every figure comes from the ledgers and the mirror's files
        through the API.
      </p>
      {failure && <ErrorBox error={failure} />}
      <div className="rel-legend">
        <span style={{ ["--c" as string]: US_COLOUR }}>US average on goods of China{us.data ? "" : " (loading or unavailable)"}</span>
        <span style={{ ["--c" as string]: CN_COLOUR }}>China's average on US goods</span>
        <span style={{ ["--c" as string]: "#7c3aed" }}>round that changed measures</span>
        <span style={{ ["--c" as string]: "#10b981" }}>Phase One goods bought (dashed: target)</span>
        <span style={{ ["--c" as string]: "#ca8a04" }}>soybeans (dashed: 2025 pledge)</span>
      </div>
      {cnNote && (
        <p className="unavailable" data-testid="cn-unavailable">
          China's average tariff on US goods: {cnNote}.
        </p>
      )}
      {us.error && <p className="unavailable">US average: {us.error.message}</p>}
      {cov && (
        <p className="muted small">
          The US average is computed by the tariff engine over the ledger's coverage ({longDate(cov.from)} – {longDate(cov.to)}); earlier years show no
          line.
        </p>
      )}
      {!data && !failure && <Loading what="the relationship" />}
      {data && <RelationshipTimeline data={data} />}

      {talks.data && (
        <>
          <h2>Rounds that changed measures</h2>
          <div className="table-wrap">
            <table className="data cards-on-phone" data-testid="rounds-table">
              <thead>
                <tr>
                  <th>Date</th>
                  <th>Round</th>
                  <th>Measures begun / ended</th>
                </tr>
              </thead>
              <tbody>
                {changedRounds.map((r) => (
                  <tr key={r.id}>
                    <td data-label="Date" className="nowrap">{longDate(r.dates.from)}</td>
                    <td data-label="Round">{r.name}</td>
                    <td data-label="Measures" className="wrap-anywhere small">
                      {r.changed.map((c) => (
                        <div key={c.measure}>
                          {c.effect} · {c.issuer} {c.ledger} · <span className="mono">{c.measure}</span>
                          {!c.resolved && <span className="muted"> (awaiting the China tariff ledger)</span>}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {controls.data && (
        <>
          <h2>Export controls on {longDate(controls.data.date)}</h2>
          <div className="table-wrap">
            <table className="data cards-on-phone">
              <thead>
                <tr>
                  <th>Issuer</th>
                  <th>Control</th>
                  <th>State</th>
                  <th className="num">US imports, latest year</th>
                </tr>
              </thead>
              <tbody>
                {inForce.map((c) => {
                  const last = c.exposure[c.exposure.length - 1];
                  return (
                    <tr key={c.id}>
                      <td data-label="Issuer">{c.issuer}</td>
                      <td data-label="Control">
                        {c.title}
                        <div className="muted small">{c.instrument}</div>
                      </td>
                      <td data-label="State">{c.stateOnDate}{c.suspendedBy ? ` (${c.suspendedBy})` : ""}</td>
                      <td data-label="US imports" className="num">{last ? `${usdShort(last.usd)} (${last.year})` : "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
