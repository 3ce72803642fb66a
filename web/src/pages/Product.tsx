import { useEffect, useMemo, useState } from "react";
import { apiUrl, useApi, type HistoryResult, type StackJson, type StatusBody } from "../api.js";
import { ErrorBox, Field, Flag, Instrument, Loading } from "../components/common.js";
import { SearchBox } from "../components/SearchBox.js";
import { StackView } from "../components/StackView.js";
import { useProductTitle } from "../useProductTitle.js";
import { Legend, Parts, StepChart } from "../components/StepChart.js";
import { authorityLabel, defaultView, keysOf, viewChoices, longDate, pct, signedPct } from "../format.js";
import { setQuery } from "../router.js";
import { intervalOn, intervalSegments } from "../series.js";
import { isDay, today } from "../dates.js";
import { OriginSelect } from "../components/OriginSelect.js";

interface PageProps {
  query: URLSearchParams;
  status: StatusBody | undefined;
  ready: boolean;
}


/** The date a product page opens on: today within the coverage, else the nearest covered day. */
export function defaultDate(status: StatusBody | undefined): string {
  const t = today();
  const cov = status?.ledger.coverage;
  if (!cov) return t;
  return t < cov.from ? cov.from : t > cov.to ? cov.to : t;
}

/** The entry facts come from the engine (GET /api/status), so the form always offers exactly what it accepts. */
function FactsEditor({ facts, known }: { facts: string[]; known: StatusBody["entryFacts"] }) {
  const choices = known.filter((f) => f.key !== "value"); // the customs value has its own field
  const [key, setKey] = useState("steelShare");
  const [value, setValue] = useState("");
  const add = (): void => {
    if (!value.trim()) return;
    setQuery({ fact: [...facts.filter((f) => !f.startsWith(`${key}=`)), `${key}=${value.trim()}`] });
    setValue("");
  };
  const remove = (f: string): void => setQuery({ fact: facts.filter((x) => x !== f) });
  return (
    <details className="facts" open={facts.length > 0}>
      <summary>Entry facts {facts.length ? `(${facts.length})` : ""}</summary>
      <div className="controls">
        <Field label="Fact">
          <select value={key} onChange={(e) => setKey(e.target.value)}>
            {choices.map((f) => (
              <option key={f.key} value={f.key}>
                {f.key}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Value"
          hint={(() => {
            const f = choices.find((c) => c.key === key);
            return f ? `${f.meaning}, ${f.form} (default: ${f.defaultUsed})` : undefined;
          })()}
        >
          <input
            value={value}
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={(e) => e.key === "Enter" && add()}
          />
        </Field>
        <button type="button" onClick={add}>
          Add fact
        </button>
      </div>
      {facts.length > 0 && (
        <ul className="chips">
          {facts.map((f) => (
            <li key={f}>
              <span className="mono">{f}</span>{" "}
              <button type="button" className="linklike" aria-label={`Remove ${f}`} onClick={() => remove(f)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function ProductHistory({
  hts,
  origin,
  view,
  facts,
  date,
}: {
  hts: string;
  origin: string;
  view: string;
  facts: string[];
  date: string;
}) {
  const { data, error } = useApi<HistoryResult>(apiUrl("/api/history", { hts, origin, view, fact: facts }));
  const segments = useMemo(() => (data ? intervalSegments(data.intervals) : []), [data]);
  const keys = useMemo(() => keysOf(segments.map((s) => s.parts)), [segments]);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading what="the history" />;
  const changes = data.intervals.slice(1);
  return (
    <>
      <StepChart
        testId="history-chart"
        height={260}
        label={`Duty on ${data.hts} from ${data.from} to ${data.to}, stacked by authority; ${changes.length} changes marked`}
        segments={segments}
        selected={date}
        onSelect={(d) => setQuery({ date: d }, false)}
        markers={changes.map((i) => ({
          date: i.from,
          label: `${longDate(i.from)}: ${pct(i.totalPercent)}${i.changes.length ? ` (${i.changes.map((c) => `${c.heading} ${c.instrument?.id ?? ""}`).join(", ")})` : ""}`,
        }))}
        describe={(d) => {
          const iv = intervalOn(data.intervals, d);
          return iv ? (
            <Parts
              total={iv.totalPercent}
              parts={iv.byAuthority}
              extra={
                <div className="tip-flags">
                  {iv.uncertain.length > 0 && <div>uncertain</div>}
                  {iv.needsFacts.length > 0 && <div>needs facts: {iv.needsFacts.join(", ")}</div>}
                </div>
              }
            />
          ) : null;
        }}
        describeText={(d) => {
          const iv = intervalOn(data.intervals, d);
          return iv ? `${longDate(d)}: total ${pct(iv.totalPercent)}` : "";
        }}
      />
      <Legend
        keys={keys}
        extra={<li className="legend-marker">click or press Enter on the chart to choose the date</li>}
      />
      <details>
        <summary>{changes.length} changes</summary>
        <div className="table-wrap">
          <table className="data cards-on-phone">
            <thead>
              <tr>
                <th scope="col">From</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">What changed</th>
              </tr>
            </thead>
            <tbody>
              {data.intervals.map((i) => (
                <tr key={i.from}>
                  <td className="nowrap card-title">
                    <button type="button" className="linklike" onClick={() => setQuery({ date: i.from })}>
                      {longDate(i.from)}
                    </button>
                  </td>
                  <td data-label="Total" className="num">
                    {pct(i.totalPercent)}
                  </td>
                  <td data-label="What changed">
                    {i.changes.map((c, k) => (
                      <div key={k}>
                        {c.heading} {authorityLabel(c.authority)}: {pct(c.before)} → {pct(c.after)} (
                        {signedPct(c.after - c.before)}) <Instrument instrument={c.instrument} />
                      </div>
                    ))}
                    {i.uncertain.length > 0 && <Flag kind="uncertain">uncertain</Flag>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

export function Product({ query, status, ready }: PageProps) {
  const hts = query.get("hts") ?? "";
  const origin = query.get("origin") ?? "CN";
  const dateParam = query.get("date");
  const date = isDay(dateParam) ? dateParam : defaultDate(status);
  const value = query.get("value") ?? "";
  const view = query.get("view") ?? defaultView();
  const facts = query.getAll("fact");
  const variantIdx = Number(query.get("variant") ?? 0) || 0;
  const [valueText, setValueText] = useState(value);
  useEffect(() => setValueText(value), [value]);

  const stackUrl = ready && hts ? apiUrl("/api/stack", { hts, origin, date, value, view, fact: facts }) : null;
  const { data, error, loading } = useApi<StackJson>(stackUrl);
  const variants = data && "kind" in data ? data.variants : undefined;
  const stack = data
    ? "kind" in data
      ? data.variants[Math.min(variantIdx, data.variants.length - 1)]?.stack
      : data
    : undefined;
  // When the statistical lines of the code asked share one stack, the answer is about that code, not one line of it.
  const shared = data !== undefined && !("kind" in data) && data.statisticalLines.length > 1;
  const title = useProductTitle(shared ? hts : stack?.hts);

  return (
    <section aria-labelledby="product-title">
      <h1 id="product-title">Duty stack of a product</h1>
      <p className="lede">
        Every US duty on one product entered on one day: the base rate and each additional layer, with its heading,
        legal instrument and status.
      </p>
      <form
        className="product-form"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ value: valueText.trim() || undefined });
        }}
      >
        <SearchBox initial={hts} onPick={(code) => setQuery({ hts: code, variant: undefined })} />
        <div className="controls">
          <Field label="Origin">
            <OriginSelect value={origin} onChange={(id) => setQuery({ origin: id })} />
          </Field>
          <Field label="Date of entry">
            <input
              type="date"
              value={date}
              min={status?.ledger.coverage?.from}
              max={status?.ledger.coverage?.to}
              onChange={(e) => isDay(e.target.value) && setQuery({ date: e.target.value })}
              data-testid="product-date"
            />
          </Field>
          <Field label="Customs value (USD)">
            <input
              inputMode="decimal"
              value={valueText}
              placeholder="e.g. 10000"
              onChange={(e) => setValueText(e.target.value)}
              onBlur={() => valueText !== value && setQuery({ value: valueText.trim() || undefined })}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  setQuery({ value: valueText.trim() || undefined });
                }
              }}
              data-testid="product-value"
            />
          </Field>
          <Field label="Legal view">
            <select value={view} onChange={(e) => setQuery({ view: e.target.value })}>
              {viewChoices().map((v) => (
                <option key={v.id} value={v.id}>
                  {v.label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <FactsEditor facts={facts} known={status?.entryFacts ?? []} />
      </form>
      {!hts && (
        <p className="muted">
          Search for a product above, for example 8703.80.00 (electric cars) or “lithium-ion batteries”.
        </p>
      )}
      {hts && !ready && status?.ledger.state !== "failed" && <Loading what="the ledger" />}
      {error && <ErrorBox error={error} onSuggestion={(s) => setQuery({ hts: s })} />}
      {loading && !data && <Loading what="the stack" />}
      {variants && (
        <div className="variants" role="group" aria-label="Groups of statistical lines">
          <p>
            The statistical lines under {data && "kind" in data ? data.code : hts} have {variants.length} different
            stacks:
          </p>
          {variants.map((v, i) => (
            <button
              key={i}
              type="button"
              aria-pressed={i === variantIdx}
              onClick={() => setQuery({ variant: String(i) }, true)}
            >
              {v.codes.slice(0, 3).join(", ")}
              {v.codes.length > 3 ? ` +${v.codes.length - 3}` : ""} · {pct(v.stack.totalPercent)}
            </button>
          ))}
        </div>
      )}
      {stack && (
        <>
          <StackView
            stack={stack}
            title={title}
            statisticalLines={data && !("kind" in data) ? data.statisticalLines : undefined}
          />
          <h2>History of {stack.hts}</h2>
          <ProductHistory hts={stack.hts} origin={origin} view={view} facts={facts} date={date} />
        </>
      )}
    </section>
  );
}
