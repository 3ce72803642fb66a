import { useMemo } from "react";
import { apiUrl, useApi, type AverageSeries, type StatusBody } from "../api.js";
import { ErrorBox, Field, Flag, Instrument, Loading } from "../components/common.js";
import { Legend, Parts, StepChart } from "../components/StepChart.js";
import {
  authorityLabel,
  defaultView,
  defaultWeights,
  keysOf,
  originChoices,
  viewChoices,
  weightChoices,
  longDate,
  pct,
  signedPct,
  usdShort,
} from "../format.js";
import { setQuery } from "../router.js";
import { rowOn, rowSegments } from "../series.js";
import { today } from "../dates.js";
import { TwoWayPanel } from "../china/TwoWayPanel.js";
import { OriginSelect } from "../components/OriginSelect.js";

export const ORIGINS = [
  { id: "CN", label: "China" },
  { id: "HK", label: "Hong Kong" },
  { id: "MO", label: "Macau" },
];

interface PageProps {
  query: URLSearchParams;
  status: StatusBody | undefined;
  ready: boolean;
}

/** The day the headline figures describe: today when the series covers it, else its last day. */
export function headlineDay(series: AverageSeries): string {
  const t = today();
  const last = series.rows[series.rows.length - 1]?.date ?? t;
  const first = series.rows[0]?.date ?? t;
  return t < first ? first : t > last ? last : t;
}

export function SeriesControls({ query }: { query: URLSearchParams }) {
  return (
    <div className="controls" role="group" aria-label="Series options">
      <Field label="Origin">
        <OriginSelect
          value={query.get("origin") ?? "CN"}
          onChange={(id) => setQuery({ origin: id }, true)}
          forAverages
        />
      </Field>
      <Field label="Weights">
        <select
          value={query.get("weights") ?? defaultWeights()}
          onChange={(e) => setQuery({ weights: e.target.value }, true)}
          data-testid="weights"
        >
          {weightChoices().map((w) => (
            <option key={w.name} value={w.name}>
              {w.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Legal view">
        <select
          value={query.get("view") ?? defaultView()}
          onChange={(e) => setQuery({ view: e.target.value }, true)}
          data-testid="view"
        >
          {viewChoices().map((v) => (
            <option key={v.id} value={v.id}>
              {v.label}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

export function Overview({ query, status, ready }: PageProps) {
  const origin = query.get("origin") ?? "CN";
  const weights = query.get("weights") ?? defaultWeights();
  const view = query.get("view") ?? defaultView();
  const { data, error, loading } = useApi<AverageSeries>(
    ready ? apiUrl("/api/average", { origin, weights, view }) : null,
  );
  const segments = useMemo(() => (data ? rowSegments(data.rows) : []), [data]);
  const keys = useMemo(() => keysOf(segments.map((s) => s.parts)), [segments]);
  const originName =
    originChoices().find((o) => o.id === origin)?.name ?? ORIGINS.find((o) => o.id === origin)?.label ?? origin;

  const day = data ? headlineDay(data) : undefined;
  const row = data && day ? rowOn(data, day) : undefined;

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Average US tariff on goods of {originName}</h1>
      <p className="lede">
        Trade-weighted average of every duty in force each day — base rates plus Section 301, 232, IEEPA and the rest —
        on the products {originName} sold to the US, stacked by legal authority. Each marker is a legal event that moved
        the average.
      </p>
      <SeriesControls query={query} />
      {!ready && status?.ledger.state !== "failed" && <Loading what="the ledger" />}
      {error && <ErrorBox error={error} />}
      {loading && !data && ready && <Loading what="the series (the first time takes a few seconds)" />}
      {data && row && day && (
        <>
          <div className="cards" data-testid="headline">
            <div className="card">
              <div className="card-label">Average on {longDate(day)}</div>
              <div className="card-value" data-testid="headline-total">
                {pct(row.totalPercent)}
              </div>
              <div className="card-sub">of which additional duties {pct(row.additionalPercent)}</div>
            </div>
            <div className="card">
              <div className="card-label">Share of imports facing additional duty</div>
              <div className="card-value">{pct(row.coveragePercent, 1)}</div>
              <div className="card-sub">simple (unweighted) mean {pct(row.simplePercent)}</div>
            </div>
            <div className="card">
              <div className="card-label">Legal events that moved it</div>
              <div className="card-value">{data.steps.length}</div>
              <div className="card-sub">
                {longDate(data.rows[0]!.date)} – {longDate(data.rows[data.rows.length - 1]!.date)}
              </div>
            </div>
            <div className="card">
              <div className="card-label">Weights</div>
              <div className="card-value small">{usdShort(data.totalValue)}</div>
              <div className="card-sub">
                {data.unmatchedValue > 0
                  ? `${usdShort(data.unmatchedValue)} not placed on a line`
                  : "all placed on lines"}
              </div>
            </div>
          </div>
          <div className="flags">
            {row.needsFactsLines > 0 && (
              <Flag
                kind="needs-facts"
                title="Lines whose duty depends on entry facts (metal content, US content…); defaults were used"
              >
                needsFacts: {row.needsFactsLines} lines use default entry facts
              </Flag>
            )}
            {row.uncertainLines > 0 && (
              <Flag kind="uncertain" title="Lines whose stack rests on a fact the sources leave uncertain">
                uncertain: {row.uncertainLines} lines
              </Flag>
            )}
            {status?.ledger.originChoices.find((o) => o.id === origin)?.coverage !== "full" && (
              <Flag kind="partial">coverage: partial</Flag>
            )}
            {data.priorBase && data.priorBase.unplacedValue > 0 && (
              <Flag
                kind="partial"
                title={`Base rates of ${data.priorBase.periods.map((p) => `${longDate(p.from)} – ${longDate(p.to)}`).join(", ")} are read from ${data.priorBase.periods[0]?.dataset ?? "an earlier schedule"}; ${data.priorBase.unplacedLines} lines have no line of that schedule placed, so the base is left out for them on those days (largest: ${data.priorBase.codes
                  .slice(0, 3)
                  .map((c) => `${c.hts8} ${usdShort(c.value)}`)
                  .join(", ")})`}
              >
                base before {data.priorBase.periods[0] ? longDate(data.priorBase.periods[0].to) : "2022"}:{" "}
                {usdShort(data.priorBase.unplacedValue)} unplaced
              </Flag>
            )}
          </div>
          <StepChart
            testId="overview-chart"
            label={`Daily average tariff on goods of ${originName}, stacked by authority, with ${data.steps.length} legal events marked`}
            segments={segments}
            references={[
              { date: today(), label: `today ${longDate(today())}`, kind: "today" },
              ...(status?.ledger.reviewedThrough
                ? [
                    {
                      date: status.ledger.reviewedThrough,
                      label: `ledger reviewed through ${longDate(status.ledger.reviewedThrough)}`,
                      kind: "reviewed",
                    },
                  ]
                : []),
            ]}
            markers={data.steps.map((s) => ({
              date: s.date,
              label: `${longDate(s.date)}: ${signedPct(s.deltaPercent)} → ${pct(s.totalPercent)}${s.instruments.length ? ` (${s.instruments.map((i) => i.id).join(", ")})` : ""}`,
            }))}
            describe={(d) => {
              const r = rowOn(data, d);
              if (!r) return null;
              return (
                <Parts
                  total={r.totalPercent}
                  parts={r.byAuthority}
                  extra={
                    <div className="tip-flags">
                      {r.needsFactsLines > 0 && <div>{r.needsFactsLines} lines need entry facts</div>}
                      {r.uncertainLines > 0 && <div>{r.uncertainLines} lines uncertain</div>}
                    </div>
                  }
                />
              );
            }}
            describeText={(d) => {
              const r = rowOn(data, d);
              return r
                ? `${longDate(d)}: total ${pct(r.totalPercent)}; ${Object.entries(r.byAuthority)
                    .map(([k, v]) => `${authorityLabel(k)} ${pct(v)}`)
                    .join(", ")}`
                : "";
            }}
          />
          <Legend
            keys={keys}
            extra={
              <>
                <li className="legend-marker">▼ legal event</li>
                <li className="legend-marker legend-reference today">today {longDate(today())}</li>
                {status?.ledger.reviewedThrough && (
                  <li className="legend-marker legend-reference" data-testid="reviewed-through">
                    ledger reviewed through {longDate(status.ledger.reviewedThrough)}
                  </li>
                )}
              </>
            }
          />
          {origin === "CN" && <TwoWayPanel us={data} />}
          <h2>Legal events</h2>
          <div className="table-wrap">
            <table className="data cards-on-phone" data-testid="steps-table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col" className="num">
                    Change
                  </th>
                  <th scope="col" className="num">
                    Average after
                  </th>
                  <th scope="col">By authority</th>
                  <th scope="col">Instruments</th>
                </tr>
              </thead>
              <tbody>
                {data.steps.map((s) => (
                  <tr key={s.date}>
                    <td className="nowrap card-title">{longDate(s.date)}</td>
                    <td data-label="Change" className={`num ${s.deltaPercent > 0 ? "up" : "down"}`}>
                      {signedPct(s.deltaPercent)}
                    </td>
                    <td data-label="Average after" className="num">
                      {pct(s.totalPercent)}
                    </td>
                    <td data-label="By authority">
                      {Object.entries(s.byAuthorityDelta)
                        .map(([k, v]) => `${authorityLabel(k)} ${signedPct(v)}`)
                        .join("; ")}
                    </td>
                    <td data-label="Instruments">
                      {s.instruments.length === 0 ? (
                        <span className="muted">edition change</span>
                      ) : (
                        s.instruments.map((i, k) => (
                          <span key={i.id}>
                            {k > 0 && ", "}
                            <Instrument instrument={i} />
                          </span>
                        ))
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
