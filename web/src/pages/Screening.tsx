import "../levers.css";
import { useState, type FormEvent } from "react";
import { ApiFailure, apiUrl, postText, useApi } from "../api.js";
import type { AffiliatesAssessment, ScreeningResult } from "../../../src/server/leverApiTypes.js";
import { ErrorBox, Field, Loading } from "../components/common.js";
import { setQuery } from "../router.js";

const DEMO_OWNERSHIP = `owner,owned,share
Huawei Technologies Co. Ltd.,Alpha Holdings (HK) Limited,60
Alpha Holdings (HK) Limited,Gamma Components Sdn Bhd,30
Hangzhou Hikvision Digital Technology Co. Ltd.,Gamma Components Sdn Bhd,25
Beta Capital Partners LP,Gamma Components Sdn Bhd,45`;

/** Screening a name against the Entity List, and the Affiliates Rule on an ownership file. */
export function Screening({ query }: { query: URLSearchParams }) {
  const name = query.get("name") ?? "";
  const country = query.get("country") ?? "";
  const [draft, setDraft] = useState(name);
  const [draftCountry, setDraftCountry] = useState(country);
  const result = useApi<ScreeningResult>(name ? apiUrl("/api/screen", { name, country }) : null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setQuery({ name: draft.trim() || undefined, country: draftCountry.trim() || undefined });
  };
  const r = result.data;
  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title">Screening against the Entity List</h1>
      <p className="lede">
        A counterparty's name against the Entity List (Consolidated Screening List, 2025-11-08): names normalised (case,
        punctuation, company forms, romanisation variants), aliases and short names included, each match scored 0–1 with
        its Federal Register notices, start date and licence policy.
      </p>
      <form className="controls" onSubmit={submit}>
        <Field label="Name">
          <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="e.g. Da Jiang Innovations" data-testid="screen-name" />
        </Field>
        <Field label="Country (ISO-2)">
          <input value={draftCountry} onChange={(e) => setDraftCountry(e.target.value)} placeholder="CN" size={4} />
        </Field>
        <button type="submit" data-testid="screen-go">Screen</button>
      </form>
      {result.loading && <Loading what="matches" />}
      {result.error && <ErrorBox error={result.error} />}
      {r && (
        <div data-testid="screen-result">
          <p>
            <strong>{r.status === "match" ? `${r.matches.length} match${r.matches.length === 1 ? "" : "es"}` : r.status === "no-match" ? "No match" : "Cannot be screened"}</strong>{" "}
            for “{r.query}”{r.normalised ? <span className="muted"> (screened as “{r.normalised}”)</span> : null}
            {r.status === "no-match" && <span className="muted"> — no entry of {r.screenedAgainst.file} ({r.screenedAgainst.entries} entries) scores 0.75 or more</span>}
          </p>
          {r.warnings.map((w) => (
            <p key={w} className="unavailable">{w}</p>
          ))}
          {r.matches.length > 0 && (
            <div className="table-wrap">
              <table className="data cards-on-phone">
                <thead>
                  <tr>
                    <th className="num">Score</th>
                    <th>Listed entity</th>
                    <th>Federal Register · start</th>
                    <th>Licence policy</th>
                  </tr>
                </thead>
                <tbody>
                  {r.matches.map((m) => (
                    <tr key={`${m.source.row}`}>
                      <td data-label="Score" className={`num score-${m.strength}`}>{m.score.toFixed(3)} {m.strength}</td>
                      <td data-label="Entity" className="wrap-anywhere">
                        {m.name}
                        {m.matchedName !== m.name && <div className="muted small">matched: {m.matchedName} ({m.matchedKind})</div>}
                        <div className="muted small">{m.countries.join(", ")}{m.notes.length ? ` · ${m.notes.join("; ")}` : ""}</div>
                      </td>
                      <td data-label="FR · start" className="small">{m.federalRegisterNotices.join("; ")} · {m.startDate}</td>
                      <td data-label="Licence policy" className="small wrap-anywhere">{m.licensePolicy}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      <Affiliates />
    </section>
  );
}

function Affiliates() {
  const [text, setText] = useState(DEMO_OWNERSHIP);
  const [date, setDate] = useState("2025-10-01");
  const [answer, setAnswer] = useState<AffiliatesAssessment>();
  const [error, setError] = useState<ApiFailure>();
  const [busy, setBusy] = useState(false);
  const run = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    try {
      setAnswer(await postText<AffiliatesAssessment>(apiUrl("/api/affiliates", { date }), text, "text/plain"));
      setError(undefined);
    } catch (err) {
      setAnswer(undefined);
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, "NETWORK", (err as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h2>The Affiliates Rule on your ownership file</h2>
      <p className="muted">
        Firms 50% or more owned, individually or in the aggregate, directly or indirectly, by listed parties (90 FR 47201,
        in force 2025-09-29; suspended for a year from 2025-11-10, 90 FR 50857). Paste CSV rows owner,owned,share (percent);
        the demo file is synthetic. Nothing is stored.
      </p>
      <form onSubmit={run}>
        <textarea className="levers-textarea" value={text} onChange={(e) => setText(e.target.value)} aria-label="Ownership CSV" data-testid="ownership-text" />
        <div className="controls">
          <Field label="Date">
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="affiliates-date" />
          </Field>
          <button type="submit" disabled={busy} data-testid="affiliates-go">Assess</button>
        </div>
      </form>
      {error && <ErrorBox error={error} />}
      {answer && (
        <div data-testid="affiliates-result">
          <p>
            On {answer.date} the rule is <strong>{answer.rule.status}</strong>
            {answer.rule.instrument ? ` (${answer.rule.instrument})` : ""}.
          </p>
          {answer.warnings.map((w) => (
            <p key={w} className="unavailable">{w}</p>
          ))}
          <div className="table-wrap">
            <table className="data cards-on-phone">
              <thead>
                <tr>
                  <th>Firm</th>
                  <th className="num">Owned by listed parties</th>
                  <th>Reached?</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {answer.firms.map((f) => (
                  <tr key={f.firm}>
                    <td data-label="Firm" className="wrap-anywhere">{f.firm}</td>
                    <td data-label="Owned by listed" className="num">{f.aggregateListedShare}%{f.onlyInAggregate ? " (aggregate)" : ""}</td>
                    <td data-label="Reached?">{f.reached ? <strong>yes</strong> : f.listed ? "listed itself" : "no"}</td>
                    <td data-label="Why" className="small wrap-anywhere">{f.why}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">Aggregation: {answer.aggregation}.</p>
        </div>
      )}
    </>
  );
}
