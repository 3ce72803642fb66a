import { useState } from "react";
import { apiUrl, useApi } from "../api.js";
import { ErrorBox, Field, Loading } from "../components/common.js";
import { longDate, pct } from "../format.js";
import { setQuery } from "../router.js";
import type { CnHistoryResult, CnStackResult } from "./chinaTypes.js";
import { TwoWayChart } from "./TwoWayChart.js";

/** US exports to China to start from (China's tariff lines, 2018 nomenclature). */
export const CN_EXAMPLES = [
  { code: "1201.90.10", label: "Soybeans" },
  { code: "0203.29", label: "Pork, frozen" },
  { code: "2711.11", label: "LNG" },
  { code: "8703.23.42.10", label: "Cars, 1.5-3 l" },
  { code: "8803.30", label: "Aircraft parts" },
];

/**
 * A US export entering China: China's duty stack on a date (GET /api/cn/stack: MFN, each retaliation layer with its
 * Tariff Commission announcement, suspended layers shown and not counted) and its history (GET /api/cn/history).
 * The URL holds the code and the date.
 */
export function ChinaProduct({ query }: { query: URLSearchParams }) {
  const code = query.get("code") ?? CN_EXAMPLES[0]!.code;
  const date = query.get("date") ?? "2025-04-15";
  const [typed, setTyped] = useState(code);
  const stack = useApi<CnStackResult>(apiUrl("/api/cn/stack", { hts: code, origin: "US", date }));
  const history = useApi<CnHistoryResult>(apiUrl("/api/cn/history", { hts: code, origin: "US" }));
  // The date picker's bounds are the China ledger's coverage as the answer states it (none until the first answer).
  const [coverage, setCoverage] = useState<{ from: string; through: string } | undefined>(undefined);
  const answered = stack.data?.coverage;
  if (answered && (answered.from !== coverage?.from || answered.through !== coverage?.through)) setCoverage({ from: answered.from, through: answered.through });
  return (
    <section aria-labelledby="cn-product-title">
      <h1 id="cn-product-title">A US export entering China</h1>
      <p className="lede">
        China's tariff on a product of US origin on a day: its MFN rate and every retaliation layer, each with the Tariff
        Commission announcement behind it. Codes are China's tariff lines.
      </p>
      <div className="controls" role="group" aria-label="Product and date">
        <Field label="Product">
          <select value={CN_EXAMPLES.some((e) => e.code === code) ? code : ""} onChange={(e) => { setTyped(e.target.value); setQuery({ code: e.target.value }, true); }} data-testid="cn-example">
            <option value="" disabled>
              (typed code)
            </option>
            {CN_EXAMPLES.map((e) => (
              <option key={e.code} value={e.code}>
                {e.label} ({e.code})
              </option>
            ))}
          </select>
        </Field>
        <Field label="China's code">
          <form onSubmit={(e) => { e.preventDefault(); setQuery({ code: typed }, true); }}>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} inputMode="decimal" size={14} data-testid="cn-code" aria-label="China's tariff code" />
          </form>
        </Field>
        <Field label="Date">
          <input type="date" value={date} min={coverage?.from} max={coverage?.through} onChange={(e) => e.target.value && setQuery({ date: e.target.value }, true)} data-testid="cn-date" />
        </Field>
      </div>
      {stack.error && <ErrorBox error={stack.error} />}
      {stack.loading && !stack.data && <Loading what="China's stack" />}
      {stack.data &&
        stack.data.groups.map((g) => (
          <div key={g.codes.join()} className="cn-group" data-testid="cn-stack">
            <h2>
              {g.codes.length > 3 ? `${g.codes.slice(0, 3).join(", ")} and ${g.codes.length - 3} more` : g.codes.join(", ")}
            </h2>
            <p className="muted">{g.descriptions[0]}</p>
            <div className="table-wrap">
              <table className="data cards-on-phone">
                <thead>
                  <tr>
                    <th scope="col">Layer</th>
                    <th scope="col" className="num">
                      Rate
                    </th>
                    <th scope="col" className="num">
                      Counts
                    </th>
                    <th scope="col">Instrument</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {g.stack.lines.map((l) => (
                    <tr key={l.measures.join()}>
                      <td className="card-title">
                        {l.authorityLabel}
                        <div className="muted">{l.program}</div>
                      </td>
                      <td data-label="Rate" className="num">
                        {pct(l.ratePercent)}
                      </td>
                      <td data-label="Counts" className="num">
                        {pct(l.effectivePercent)}
                      </td>
                      <td data-label="Instrument">{l.instrument.id}</td>
                      <td data-label="Status">{l.statusReason ?? l.status}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="card-value" data-testid="cn-total">
              Total {pct(g.stack.totalPercent)} on {longDate(g.stack.date)}
            </p>
            {g.stack.uncertain.length > 0 && (
              <ul className="flags-list">
                {g.stack.uncertain.map((u) => (
                  <li key={u.measure + u.reason}>
                    <span className="flag uncertain">uncertain</span> {u.measure}: {u.reason}
                  </li>
                ))}
              </ul>
            )}
            {g.stack.notes.map((n) => (
              <p key={n} className="muted">
                {n}
              </p>
            ))}
          </div>
        ))}
      {history.data && history.data.lines[0] && (
        <>
          <h2>History, {history.data.lines[0].code}</h2>
          <TwoWayChart
            label={`China's tariff on ${history.data.lines[0].code} from US origin, by day`}
            height={220}
            sides={[
              {
                label: `China's tariff on ${history.data.lines[0].code}`,
                color: "#b91c1c",
                steps: history.data.lines[0].intervals.map((i) => ({ from: i.from, to: i.to, value: i.totalPercent })),
                events: history.data.lines[0].intervals.slice(1).map((i) => ({ date: i.from, label: `${pct(i.totalPercent)} (${i.changedBy.join(", ")})` })),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
