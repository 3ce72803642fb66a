import "../levers.css";
import { useApi } from "../api.js";
import type { CommitmentsBody } from "../../../src/server/leverApiTypes.js";
import { ErrorBox, Loading } from "../components/common.js";
import { longDate } from "../format.js";

const bn = (v: number | null | undefined): string => (v === null || v === undefined ? "—" : `$${(v / 1e9).toFixed(1)} bn`);
const share = (v: number | null | undefined): string => (v === null || v === undefined ? "—" : `${v.toFixed(1)}%`);

/** Purchase commitments: Phase One by category, the 2025 soybean pledge, the 2017 items. */
export function Commitments() {
  const c = useApi<CommitmentsBody>("/api/commitments");
  const d = c.data;
  return (
    <section aria-labelledby="commit-title">
      <h1 id="commit-title">Purchase commitments</h1>
      <p className="lede">
        Phase One (signed 15 Jan 2020): China to buy, over its 2017 purchases, $76.7 bn more US goods and services in 2020
        and $123.3 bn more in 2021 (Annex 6.1). Measured here against US exports to China by category; services are not in
        the data.
      </p>
      {c.loading && <Loading what="commitments" />}
      {c.error && <ErrorBox error={c.error} />}
      {d && (
        <>
          <div className="table-wrap">
            <table className="data cards-on-phone" data-testid="phase-one-table">
              <thead>
                <tr>
                  <th>Category</th>
                  <th className="num">2017 baseline</th>
                  <th className="num">2020 target / bought</th>
                  <th className="num">2020</th>
                  <th className="num">2021 target / bought</th>
                  <th className="num">2021</th>
                  <th className="num">2020–21</th>
                </tr>
              </thead>
              <tbody>
                {[...d.phaseOne.categories, d.phaseOne.goodsTotal].map((k) => (
                  <tr key={k.id}>
                    <td data-label="Category"><strong>{k.label}</strong>{k.notes.length > 0 && <div className="muted small wrap-anywhere">{k.notes.join(" · ")}</div>}</td>
                    <td data-label="2017" className="num">{bn(k.baseline2017)}</td>
                    <td data-label="2020 target / bought" className="num">{bn(k.target["2020"])} / {bn(k.actual["2020"])}</td>
                    <td data-label="2020 share" className="num">{share(k.fulfilment["2020"])}</td>
                    <td data-label="2021 target / bought" className="num">{bn(k.target["2021"])} / {bn(k.actual["2021"])}</td>
                    <td data-label="2021 share" className="num">{share(k.fulfilment["2021"])}</td>
                    <td data-label="2020–21" className="num"><strong>{share(k.fulfilment2020to2021)}</strong></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small">
            The tracker's own published shares for all goods: <strong>{share(d.phaseOne.goodsTotal.trackerPublished["2020"])}</strong> (2020),{" "}
            <strong>{share(d.phaseOne.goodsTotal.trackerPublished["2021"])}</strong> (2021).
          </p>
          <p className="muted small">How: {d.phaseOne.method}</p>

          <h2>The 2025 soybean pledge</h2>
          <p className="muted small">{d.soybeans.by}. {d.soybeans.uncertain}</p>
          <div className="table-wrap">
            <table className="data cards-on-phone" data-testid="soy-table">
              <thead>
                <tr>
                  <th>Period</th>
                  <th className="num">Pledge</th>
                  <th>Measured?</th>
                </tr>
              </thead>
              <tbody>
                {d.soybeans.items.map((i) => (
                  <tr key={i.id}>
                    <td data-label="Period" className="nowrap">{longDate(i.period.from)} – {longDate(i.period.to)}</td>
                    <td data-label="Pledge" className="num">{(i.metricTons / 1e6).toFixed(0)} MMT</td>
                    <td data-label="Measured?" className="small">{i.measurable ? `${((i.measuredTons ?? 0) / 1e6).toFixed(2)} MMT` : i.why}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="small">
            US soybean exports to China (MMT): {d.soybeans.annual.map((a) => `${a.year} ${(a.tons / 1e6).toFixed(1)}`).join(" · ")}
          </p>

          <h2>Earlier dated items</h2>
          <ul>
            {d.events.map((e) => (
              <li key={e.id}>
                {longDate(e.date)} — {e.title} <span className="muted small">({e.uncertain ?? "sourced"})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
