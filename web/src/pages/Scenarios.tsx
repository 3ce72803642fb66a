import { useEffect, useMemo, useState } from "react";
import {
  ApiFailure,
  apiUrl,
  postText,
  useApi,
  type ScenarioComparison,
  type ScenarioListBody,
  type ScenarioPreview,
  type StackJson,
  type StatusBody,
} from "../api.js";
import { ErrorBox, Field, Loading } from "../components/common.js";
import { Legend, Parts, StepChart } from "../components/StepChart.js";
import { authorityLabel, defaultView, defaultWeights, keysOf, longDate, pct, signedPct } from "../format.js";
import { setQuery } from "../router.js";
import { rowOn, rowSegments, totalSegments } from "../series.js";
import { isDay } from "../dates.js";
import { headlineDay, SeriesControls } from "./Overview.js";
import { defaultDate } from "./Product.js";

interface PageProps {
  query: URLSearchParams;
  status: StatusBody | undefined;
  ready: boolean;
}

const SCENARIO_COLOR = "#0a0a0a";

/** Upload: a file or pasted text, previewed by the server (parsed, never executed); its ref becomes `scenario=`. */
function Upload({ onPreview }: { onPreview: (p: ScenarioPreview) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<ApiFailure>();
  const [busy, setBusy] = useState(false);
  const send = async (body: string, type: string): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      onPreview(await postText<ScenarioPreview>("/api/scenario/preview", body, type));
    } catch (e) {
      setError(e as ApiFailure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="upload">
      <summary>Upload a scenario</summary>
      <Field label="Scenario file (.yaml, .yml or .json, at most 64 KB)">
        <input
          type="file"
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            if (f.size > 64 * 1024) {
              setError(
                new ApiFailure(
                  413,
                  "BODY_TOO_LARGE",
                  `${f.name} is ${Math.round(f.size / 1024)} KB; the limit is 64 KB`,
                ),
              );
              return;
            }
            const body = await f.text();
            setText(body);
            await send(body, f.name.endsWith(".json") ? "application/json" : "application/yaml");
          }}
        />
      </Field>
      <Field label="…or paste its text">
        <textarea rows={8} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} className="mono" />
      </Field>
      <button
        type="button"
        disabled={busy || !text.trim()}
        onClick={() => void send(text, text.trim().startsWith("{") ? "application/json" : "application/yaml")}
      >
        Read scenario
      </button>
      {error && <ErrorBox error={error} />}
    </details>
  );
}

/** The window of the difference, and the CLI command that prints the same numbers. */
function WindowLine({ cmp, scenario, origin }: { cmp: ScenarioComparison; scenario: string; origin: string }) {
  const w = cmp.window;
  const view = cmp.baseline.view === defaultView() ? "" : ` --view ${cmp.baseline.view}`;
  return (
    <p className="muted small" data-testid="scenario-window">
      Differences over {longDate(w.from)} – {longDate(w.to)} ({w.days} days); the ledger is reviewed through{" "}
      {longDate(w.reviewedThrough)}, later measures are as announced. Same numbers:{" "}
      <code>
        tariffscope compare --scenario {scenario} --origin {origin} --from {w.from} --to {w.to} --weights{" "}
        {cmp.baseline.weights}
        {view}
      </code>
    </p>
  );
}

function Comparison({ cmp, name }: { cmp: ScenarioComparison; name: string }) {
  const base = cmp.baseline;
  const scen = cmp.scenario;
  const segments = useMemo(() => rowSegments(base.rows), [base]);
  const keys = useMemo(() => keysOf(segments.map((s) => s.parts)), [segments]);
  const overlay = useMemo(() => ({ label: name, color: SCENARIO_COLOR, segments: totalSegments(scen) }), [scen, name]);
  const changed = cmp.steps.filter(
    (r, i) => i === 0 || Math.abs(r.deltaPercent - cmp.steps[i - 1]!.deltaPercent) > 1e-6,
  );
  const last = rowOn(base, headlineDay(base)) ?? base.rows[base.rows.length - 1]!;
  const lastScen = rowOn(scen, last.date);
  const largest = cmp.largest;
  return (
    <>
      <div className="cards" data-testid="scenario-summary">
        <div className="card">
          <div className="card-label">Baseline on {longDate(last.date)}</div>
          <div className="card-value">{pct(last.totalPercent)}</div>
        </div>
        <div className="card">
          <div className="card-label">With the scenario</div>
          <div className="card-value">{pct(lastScen?.totalPercent)}</div>
        </div>
        <div className="card">
          <div className="card-label">Largest difference{largest ? ` (${longDate(largest.date)})` : ""}</div>
          <div className="card-value" data-testid="scenario-max-diff">
            {signedPct(largest?.deltaPercent ?? 0)}
          </div>
          <div className="card-sub">mean difference over the window {signedPct(cmp.meanDeltaPercent)}</div>
        </div>
      </div>
      <StepChart
        testId="scenario-chart"
        label={`Baseline average stacked by authority, with the scenario ${name} drawn as a dashed line`}
        segments={segments}
        overlays={[overlay]}
        markers={base.steps.map((s) => ({ date: s.date, label: `${longDate(s.date)}: ${signedPct(s.deltaPercent)}` }))}
        describe={(d) => {
          const r = rowOn(base, d);
          const s = rowOn(scen, d);
          return r ? (
            <Parts
              total={r.totalPercent}
              parts={r.byAuthority}
              extra={
                s && (
                  <div className="tip-total">
                    Scenario {pct(s.totalPercent)} ({signedPct(s.totalPercent - r.totalPercent)})
                  </div>
                )
              }
            />
          ) : null;
        }}
        describeText={(d) => {
          const r = rowOn(base, d);
          const s = rowOn(scen, d);
          return r && s ? `${longDate(d)}: baseline ${pct(r.totalPercent)}, scenario ${pct(s.totalPercent)}` : "";
        }}
      />
      <Legend
        keys={keys}
        extra={
          <li>
            <span className="swatch line" style={{ borderColor: SCENARIO_COLOR }} />
            Scenario total
          </li>
        }
      />
      <div className="table-wrap">
        <table className="data cards-on-phone" data-testid="scenario-diffs">
          <caption className="sr-only">Days on which the difference changes</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col" className="num">
                Baseline
              </th>
              <th scope="col" className="num">
                Scenario
              </th>
              <th scope="col" className="num">
                Difference
              </th>
              <th scope="col">By authority</th>
            </tr>
          </thead>
          <tbody>
            {changed.map((r) => (
              <tr key={r.date}>
                <td className="nowrap card-title">{longDate(r.date)}</td>
                <td data-label="Baseline" className="num">
                  {pct(r.baselinePercent)}
                </td>
                <td data-label="Scenario" className="num">
                  {pct(r.scenarioPercent)}
                </td>
                <td data-label="Difference" className="num">
                  {signedPct(r.deltaPercent)}
                </td>
                <td data-label="By authority" className="small">
                  {Object.entries(r.byAuthorityDelta)
                    .map(([k, v]) => `${authorityLabel(k)} ${signedPct(v)}`)
                    .join("; ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ProductComparison({
  scenario,
  origin,
  view,
  day,
}: {
  scenario: string;
  origin: string;
  view: string;
  day: string;
}) {
  const [hts, setHts] = useState("8703.80.00");
  const [date, setDate] = useState(day);
  useEffect(() => setDate(day), [day]);
  const base = useApi<StackJson>(apiUrl("/api/stack", { hts, origin, date, view }));
  const scen = useApi<StackJson>(apiUrl("/api/stack", { hts, origin, date, view, scenario: [scenario] }));
  const first = (x: StackJson | undefined) => (x ? ("kind" in x ? x.variants[0]?.stack : x) : undefined);
  const b = first(base.data);
  const s = first(scen.data);
  // Only answers for the same product and day are compared (one may still be loading after a change).
  const same = b && s && b.date === s.date && b.hts === s.hts && !base.loading && !scen.loading;
  return (
    <div className="product-compare">
      <div className="controls">
        <Field label="HTS code">
          <input value={hts} onChange={(e) => setHts(e.target.value)} className="mono" data-testid="scenario-hts" />
        </Field>
        <Field label="Date">
          <input type="date" value={date} onChange={(e) => isDay(e.target.value) && setDate(e.target.value)} />
        </Field>
      </div>
      {base.error && <ErrorBox error={base.error} />}
      {scen.error && !base.error && <ErrorBox error={scen.error} />}
      {same ? (
        <p className="compare-line" data-testid="scenario-product">
          {b.hts} on {longDate(b.date)}: baseline <strong>{pct(b.totalPercent)}</strong>, with the scenario{" "}
          <strong>{pct(s.totalPercent)}</strong> ({signedPct(s.totalPercent - b.totalPercent)})
        </p>
      ) : (
        (base.loading || scen.loading) && <Loading what="both stacks" />
      )}
    </div>
  );
}

export function Scenarios({ query, status, ready }: PageProps) {
  const scenario = query.get("scenario") ?? "";
  const origin = query.get("origin") ?? "CN";
  const weights = query.get("weights") ?? defaultWeights();
  const view = query.get("view") ?? defaultView();
  const list = useApi<ScenarioListBody>("/api/scenarios");
  const [preview, setPreview] = useState<ScenarioPreview>();
  const uploadedName = preview && preview.ref === scenario ? preview.title : undefined;
  const shipped = list.data?.scenarios.find((s) => s.name === scenario);
  const name = shipped?.title ?? uploadedName ?? (scenario.startsWith("sha256-") ? "uploaded scenario" : scenario);
  const cmp = useApi<ScenarioComparison>(
    ready && scenario ? apiUrl("/api/compare", { origin, weights, view, scenario: [scenario] }) : null,
  );

  return (
    <section aria-labelledby="scenarios-title">
      <h1 id="scenarios-title">Scenarios</h1>
      <p className="lede">
        A scenario edits the ledger — removes a measure, changes a rate, moves a date — and the same engine answers with
        and without it.
      </p>
      <div className="scenario-pick">
        <fieldset>
          <legend>Shipped scenarios</legend>
          {list.error && <ErrorBox error={list.error} />}
          {list.data && list.data.scenarios.length === 0 && (
            <p className="muted">No scenario is shipped in scenarios/ yet. Upload one below.</p>
          )}
          {list.data?.scenarios.map((s) => (
            <label key={s.name} className="radio">
              <input
                type="radio"
                name="scenario"
                value={s.name}
                checked={scenario === s.name}
                disabled={s.error !== null}
                onChange={() => setQuery({ scenario: s.name })}
                data-testid={`scenario-${s.name}`}
              />
              <span>
                <strong>{s.title ?? s.name}</strong>
                {s.description && <span className="muted small"> — {s.description}</span>}
                {s.source && (
                  <span className="small">
                    {" "}
                    Source:{" "}
                    {s.source.url ? (
                      <a href={s.source.url} target="_blank" rel="noopener noreferrer">
                        {s.source.title}
                      </a>
                    ) : (
                      s.source.title
                    )}
                  </span>
                )}
                {s.error && <span className="error-text small"> — invalid: {s.error}</span>}
              </span>
            </label>
          ))}
        </fieldset>
        <Upload
          onPreview={(p) => {
            setPreview(p);
            setQuery({ scenario: p.ref });
          }}
        />
      </div>
      {preview && preview.ref === scenario && (
        <div className="preview" data-testid="scenario-preview">
          <h2>{preview.title}</h2>
          <p>{preview.description}</p>
          <p className="muted small">
            {preview.format.toUpperCase()}, {preview.bytes} bytes, {preview.edits} edit{preview.edits === 1 ? "" : "s"}
            {preview.view ? `, view ${preview.view}` : ""} · source: {preview.source.title}
          </p>
          <details>
            <summary>Content as read</summary>
            <pre className="mono small">{JSON.stringify(preview.content, null, 2)}</pre>
          </details>
        </div>
      )}
      {scenario && (
        <>
          <h2>Average tariff: baseline and {name}</h2>
          <SeriesControls query={query} />
          {cmp.error && <ErrorBox error={cmp.error} />}
          {cmp.loading && !cmp.data && <Loading what="both series (a few seconds)" />}
          {cmp.data && (
            <>
              <WindowLine cmp={cmp.data} scenario={shipped ? scenario : "your-scenario.yaml"} origin={origin} />
              <Comparison cmp={cmp.data} name={name} />
            </>
          )}
          <h2>On a product</h2>
          <p className="muted small">
            Opens on the day of the largest difference in the average; change the product and the date freely.
          </p>
          <ProductComparison
            scenario={scenario}
            origin={origin}
            view={view}
            day={cmp.data?.largest?.date ?? defaultDate(status)}
          />
        </>
      )}
    </section>
  );
}
