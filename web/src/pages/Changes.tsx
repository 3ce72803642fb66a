import { useState, type ReactNode } from "react";
import { apiUrl, useApi, type EditionDiff, type EditionsBody, type LegalDate } from "../api.js";
import { ErrorBox, Field, Loading } from "../components/common.js";
import { longDate } from "../format.js";
import { setQuery } from "../router.js";

const SUP: Record<string, string> = { "2": "²", "3": "³" };

/** Rate texts as printed carry some HTML (m<sup>3</sup>, <il>, <u>): shown as plain text. */
const plain = (t: string): string =>
  t.replace(/<sup>(\d)<\/sup>/g, (_, d: string) => SUP[d] ?? d).replace(/<\/?[a-z][^>]*>/gi, "");

function Dates({ dates }: { dates: LegalDate[] }) {
  const unique = [...new Map(dates.map((d) => [`${d.date}|${d.source}`, d])).values()];
  if (unique.length === 0) return <span className="muted small">no legal date in the change records</span>;
  return (
    <span className="chips inline">
      {unique.map((d) => (
        <span key={`${d.date}|${d.source}`} className="chip" title={`${d.nature} (change record of ${d.edition})`}>
          effective {longDate(d.date)}
          {d.source ? ` · ${d.source}` : ""}
        </span>
      ))}
    </span>
  );
}

function Section({
  title,
  count,
  children,
  limit = 100,
}: {
  title: string;
  count: number;
  children: (limit: number) => ReactNode;
  limit?: number;
}) {
  const [all, setAll] = useState(false);
  return (
    <details open={count > 0 && count <= 60}>
      <summary>
        <strong>{title}</strong> ({count})
      </summary>
      {children(all ? Infinity : limit)}
      {!all && count > limit && (
        <button type="button" className="linklike" onClick={() => setAll(true)}>
          Show all {count}
        </button>
      )}
    </details>
  );
}

export function Changes({ query }: { query: URLSearchParams }) {
  const eds = useApi<EditionsBody>("/api/hts/editions");
  const list = eds.data?.editions ?? [];
  const a = query.get("a") ?? list[list.length - 2]?.id ?? "";
  const b = query.get("b") ?? list[list.length - 1]?.id ?? "";
  const diff = useApi<EditionDiff>(a && b && a !== b ? apiUrl("/api/hts/diff", { a, b }) : null);
  const d = diff.data;
  return (
    <section aria-labelledby="changes-title">
      <h1 id="changes-title">Changes between HTS editions</h1>
      <p className="lede">
        What the schedule printed differently between two editions — Chapter 99 headings and product lines — with the
        legal effective dates the USITC change records give. Publication is not effect: an edition can carry changes
        effective weeks earlier or later.
      </p>
      <div className="controls">
        <Field label="From edition">
          <select value={a} onChange={(e) => setQuery({ a: e.target.value, b })} data-testid="edition-a">
            {list.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="To edition">
          <select value={b} onChange={(e) => setQuery({ a, b: e.target.value })} data-testid="edition-b">
            {list.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {a === b && a && <p className="muted">Choose two different editions.</p>}
      {eds.error && <ErrorBox error={eds.error} />}
      {diff.error && <ErrorBox error={diff.error} />}
      {diff.loading && !d && <Loading what="the diff" />}
      {d && (
        <div className="diff" data-testid="diff">
          <p className="muted small">
            {d.from} → {d.to}
            {d.editionsWithoutRecord.length > 0 &&
              ` · no change record stored for ${d.editionsWithoutRecord.join(", ")} (their dates cannot be given)`}
          </p>
          <h2>Chapter 99 headings</h2>
          <Section title="Added" count={d.headings.added.length}>
            {(n) => (
              <ul className="diff-list">
                {d.headings.added.slice(0, n).map((h) => (
                  <li key={h.heading}>
                    <span className="mono strong">+ {h.heading}</span> <span className="rate">{plain(h.general)}</span>
                    <div className="small">{h.description}</div>
                    <Dates dates={h.legalDates} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Removed" count={d.headings.removed.length}>
            {(n) => (
              <ul className="diff-list">
                {d.headings.removed.slice(0, n).map((h) => (
                  <li key={h.heading}>
                    <span className="mono strong">− {h.heading}</span> <span className="rate">{plain(h.general)}</span>{" "}
                    <Dates dates={h.legalDates} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Changed" count={d.headings.changed.length}>
            {(n) => (
              <ul className="diff-list">
                {d.headings.changed.slice(0, n).map((h) => (
                  <li key={h.heading}>
                    <span className="mono strong">~ {h.heading}</span>{" "}
                    {h.rateChanged ? (
                      <span className="rate">
                        {plain(h.before)} → {plain(h.after)}
                      </span>
                    ) : (
                      <span className="muted small">text changed</span>
                    )}{" "}
                    <Dates dates={h.legalDates} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <h2>Product lines</h2>
          <Section title="Statistical lines established" count={d.lines.established.length}>
            {(n) => (
              <ul className="diff-list">
                {d.lines.established.slice(0, n).map((l) => (
                  <li key={l.code}>
                    <span className="mono strong">+ {l.code}</span> {l.description} <Dates dates={l.legalDates} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Statistical lines discontinued" count={d.lines.discontinued.length}>
            {(n) => (
              <ul className="diff-list">
                {d.lines.discontinued.slice(0, n).map((l) => (
                  <li key={l.code}>
                    <span className="mono strong">− {l.code}</span> <Dates dates={l.legalDates} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Base rate changed" count={d.lines.baseRateChanged.length}>
            {(n) => (
              <ul className="diff-list">
                {d.lines.baseRateChanged.slice(0, n).map((l) => (
                  <li key={l.code}>
                    <span className="mono strong">~ {l.code}</span>{" "}
                    <span className="rate">
                      {plain(l.before)} → {plain(l.after)}
                    </span>{" "}
                    <Dates dates={l.legalDates} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
      )}
    </section>
  );
}
