import { apiUrl, useApi, type AverageSeries, type StatusBody } from "../api.js";
import { ErrorBox, Field, Loading } from "../components/common.js";
import { OriginLinesChart } from "../components/OriginLinesChart.js";
import { OriginSelect } from "../components/OriginSelect.js";
import { defaultView, defaultWeights, originChoices, pct } from "../format.js";
import { setQuery } from "../router.js";

interface PageProps {
  query: URLSearchParams;
  status: StatusBody | undefined;
  ready: boolean;
}

const DEFAULT_ORIGINS = ["CN", "MX", "CA"];
const MAX_ORIGINS = 8;

/** One origin's series (GET /api/average, the same function as the overview). */
function useSeries(origin: string | undefined, weights: string, view: string, ready: boolean) {
  return useApi<AverageSeries>(ready && origin ? apiUrl("/api/average", { origin, weights, view }) : null);
}

/** Several origins' average US tariff on one chart (issue 13): up to eight, chosen in the URL (`origins=CN,MX,CA`). */
export function Origins({ query, ready }: PageProps) {
  const origins = (query.get("origins") ?? DEFAULT_ORIGINS.join(","))
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o !== "")
    .slice(0, MAX_ORIGINS);
  const weights = query.get("weights") ?? defaultWeights();
  const view = query.get("view") ?? defaultView();
  // A fixed number of hooks: one per slot.
  const slots = Array.from({ length: MAX_ORIGINS }, (_, i) => origins[i]);
  // The same number of calls on every render (one per slot), so the hook order is stable.
  const series = slots.map((o) => useSeries(o, weights, view, ready));
  const nameOf = (id: string): string => originChoices().find((o) => o.id === id)?.name ?? id;
  const loaded = origins
    .map((id, i) => ({ id, s: series[i]! }))
    .filter((x) => x.s.data)
    .map((x) => ({ id: x.id, name: nameOf(x.id), points: x.s.data!.rows.map((r) => ({ date: r.date, value: r.totalPercent })) }));
  const loading = origins.filter((_, i) => series[i]!.loading);
  const failed = origins.map((id, i) => ({ id, e: series[i]!.error })).filter((x) => x.e);
  const set = (list: string[]): void => setQuery({ origins: list.join(",") }, true);
  const last = (id: string): number | undefined => {
    const rows = loaded.find((l) => l.id === id)?.points;
    return rows?.[rows.length - 1]?.value;
  };
  return (
    <section aria-labelledby="origins-title">
      <h1 id="origins-title">Average US tariff by origin</h1>
      <p className="lede">
        The trade-weighted average of every duty in force each day on the goods of each origin (2024 imports as weights),
        several origins on one chart. Origins other than China, Hong Kong and Macau are partly modelled: their answers list
        what is missing.
      </p>
      <div className="controls" role="group" aria-label="Origins compared">
        {origins.map((o, i) => (
          <Field key={`${o}-${i}`} label={`Origin ${i + 1}`}>
            <span className="origin-slot">
              <OriginSelect value={o} forAverages testId={`origin-${i}`} onChange={(id) => set(origins.map((x, j) => (j === i ? id : x)))} />
              {origins.length > 1 && (
                <button type="button" aria-label={`Remove ${nameOf(o)}`} onClick={() => set(origins.filter((_, j) => j !== i))}>
                  ×
                </button>
              )}
            </span>
          </Field>
        ))}
        {origins.length < MAX_ORIGINS && (
          <Field label="Add">
            <OriginSelect value="" forAverages testId="origin-add" onChange={(id) => id && set([...origins, id])} />
          </Field>
        )}
      </div>
      {failed.map((f) => (
        <ErrorBox key={f.id} error={f.e!} />
      ))}
      {loading.length > 0 && <Loading what={`the averages of ${loading.map(nameOf).join(", ")}`} />}
      {loaded.length > 0 && <OriginLinesChart lines={loaded} />}
      {loaded.length > 0 && (
        <table className="origins-table" data-testid="origins-table">
          <thead>
            <tr>
              <th scope="col">Origin</th>
              <th scope="col">Last day of the series</th>
            </tr>
          </thead>
          <tbody>
            {loaded.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.name}</th>
                <td>{pct(last(l.id))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
