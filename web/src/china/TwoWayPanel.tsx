import { apiUrl, useApi, type AverageSeries } from "../api.js";
import { ErrorBox, Loading } from "../components/common.js";
import { longDate, pct, signedPct } from "../format.js";
import type { CnAverageSeries } from "./chinaTypes.js";
import { TwoWayChart, type TwoWaySide } from "./TwoWayChart.js";

const US_COLOR = "#1d4ed8";
const CN_COLOR = "#b91c1c";

/** The US series' daily rows as steps of equal total. */
function usSteps(us: AverageSeries): TwoWaySide["steps"] {
  const out: TwoWaySide["steps"] = [];
  for (const r of us.rows) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.value - r.totalPercent) < 1e-9) last.to = r.date;
    else out.push({ from: r.date, to: r.date, value: r.totalPercent });
  }
  return out;
}

/**
 * The two-way picture on the Overview: the US average tariff on goods of China (the page's series) and China's
 * average tariff on US goods (GET /api/cn/average, China's 2017 imports from the US as weights) from 2018, with both
 * sides' legal events, and China's events listed.
 */
export function TwoWayPanel({ us }: { us: AverageSeries }) {
  const { data: cn, error, loading } = useApi<CnAverageSeries>(apiUrl("/api/cn/average", { origin: "US", weights: "piie-2017" }));
  return (
    <section aria-labelledby="two-way-title" data-testid="two-way">
      <h2 id="two-way-title">Both ways: US tariffs on China, China's tariffs on the US</h2>
      <p className="lede">
        China's line is its trade-weighted average tariff on US goods (MFN plus every retaliation layer, China's 2017 imports
        from the US as weights) from {cn ? longDate(cn.from) : "2018"}; the US line is the series above, as far as the US
        ledger reaches.
      </p>
      {error && <ErrorBox error={error} />}
      {loading && !cn && <Loading what="China's series" />}
      {cn && (
        <>
          <TwoWayChart
            label={`US average tariff on goods of China and China's average tariff on US goods, with ${us.steps.length} US and ${cn.steps.length - 1} Chinese legal events marked`}
            sides={[
              {
                label: "US on China",
                color: US_COLOR,
                steps: usSteps(us),
                events: us.steps.map((s) => ({ date: s.date, label: `${signedPct(s.deltaPercent)} → ${pct(s.totalPercent)}` })),
              },
              {
                label: "China on the US",
                color: CN_COLOR,
                steps: cn.steps.map((s) => ({ from: s.from, to: s.to, value: s.totalPercent })),
                events: cn.steps.slice(1).map((s) => ({ date: s.from, label: `${pct(s.totalPercent)} (${s.changedBy.join(", ")})` })),
              },
            ]}
          />
          <h3>China's legal events</h3>
          <div className="table-wrap">
            <table className="data cards-on-phone" data-testid="cn-steps-table">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col" className="num">
                    China's average after
                  </th>
                  <th scope="col">Measures (ledger/cn)</th>
                </tr>
              </thead>
              <tbody>
                {cn.steps.slice(1).map((s) => (
                  <tr key={s.from}>
                    <td className="nowrap card-title">{longDate(s.from)}</td>
                    <td data-label="Average after" className="num">
                      {pct(s.totalPercent)}
                    </td>
                    <td data-label="Measures">{s.changedBy.join(", ")}</td>
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
