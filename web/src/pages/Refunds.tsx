import { useEffect, useState } from "react";
import { ApiFailure, apiUrl } from "../api.js";
import { ErrorBox, Field } from "../components/common.js";
import { setQuery } from "../router.js";
import type { RefundSummary } from "../../../src/refunds/refundSummaryTypes.js";

/** The refund book of an uploaded entry file: upload, progress, the summary (chart by month), rejections, downloads. */

interface Job {
  id: string;
  status: "queued" | "running" | "done" | "failed";
  stage: string;
  progress: number;
  fileName: string;
  bytes: number;
  asOf: string;
  summary?: RefundSummary;
  error?: { code: string; message: string };
  files: string[];
}

const money = (s: string): string =>
  `$${Number(s).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const MAX_BYTES = 2 * 1024 ** 3;

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new ApiFailure(0, "NETWORK", `the server did not answer (${(e as Error).message})`);
  }
  const body = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; field: string | null };
  } | null;
  if (!res.ok)
    throw new ApiFailure(
      res.status,
      body?.error?.code ?? `HTTP_${res.status}`,
      body?.error?.message ?? res.statusText,
      body?.error?.field ?? null,
    );
  return body as T;
}

/** Rows of a small CSV (quoted fields allowed), for the rejected entries table. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    const cells: string[] = [];
    const re = /("([^"]|"")*"|[^,]*)(,|$)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line)) && m[0] !== "") {
      cells.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
      if (m[3] === "") break;
    }
    rows.push(cells);
  }
  return rows;
}

function MonthChart({ months }: { months: RefundSummary["byMonth"] }) {
  const max = Math.max(1, ...months.map((m) => Number(m.refund) + Number(m.interest)));
  const w = 640;
  const h = 220;
  const bw = w / Math.max(1, months.length);
  return (
    <svg
      viewBox={`0 0 ${w} ${h + 40}`}
      className="month-chart"
      role="img"
      aria-label="Refund and interest by month of entry"
      data-testid="month-chart"
      style={{ width: "100%", height: "auto", maxHeight: 280 }}
    >
      {months.map((m, i) => {
        const r = (Number(m.refund) / max) * h;
        const it = (Number(m.interest) / max) * h;
        return (
          <g key={m.month}>
            <title>{`${m.month}: ${m.entries} entries, refund ${money(m.refund)}, interest ${money(m.interest)}`}</title>
            <rect x={i * bw + 4} y={h - r} width={bw - 8} height={r} fill="#2563eb" />
            <rect x={i * bw + 4} y={h - r - it} width={bw - 8} height={it} fill="#f59e0b" />
            <text x={i * bw + bw / 2} y={h + 16} fontSize="11" textAnchor="middle">
              {m.month.slice(2)}
            </text>
          </g>
        );
      })}
      <text x={4} y={h + 36} fontSize="12">
        ■ refund (blue) ■ interest (amber), by month of entry
      </text>
    </svg>
  );
}

export function Refunds({ query }: { query: URLSearchParams }) {
  const id = query.get("job") ?? "";
  const [file, setFile] = useState<File | null>(null);
  const [asOf, setAsOf] = useState(new Date().toISOString().slice(0, 10));
  const [importer, setImporter] = useState("non-corporate");
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [rejected, setRejected] = useState<string[][] | null>(null);

  useEffect(() => {
    if (!id) return setJob(null);
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const j = await call<Job>(apiUrl("/api/refunds/job", { id }));
        if (!live) return;
        setJob(j);
        if (j.status === "queued" || j.status === "running") timer = setTimeout(poll, 500);
      } catch (e) {
        if (live) setError(e as ApiFailure);
      }
    };
    void poll();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [id]);

  useEffect(() => {
    setRejected(null);
    if (!job || job.status !== "done") return;
    fetch(apiUrl("/api/refunds/file", { id: job.id, name: "entries.csv" }))
      .then((r) => r.text())
      .then((t) => {
        const [head, ...rows] = csvRows(t);
        const col = (n: string): number => head!.indexOf(n);
        setRejected(
          rows
            .filter((r) => r[col("cape_status")] !== "accepted")
            .slice(0, 200)
            .map((r) => [
              r[col("entry_number")]!,
              r[col("cape_status")]!,
              r[col("cape_reason")] ?? "",
              r[col("route")] ?? "",
              r[col("refund")]!,
            ]),
        );
      })
      .catch(() => setRejected([]));
  }, [job?.id, job?.status]);

  const upload = async (): Promise<void> => {
    if (!file) return;
    setError(null);
    if (file.size > MAX_BYTES)
      return setError(new ApiFailure(413, "TOO_LARGE", `${file.name} is larger than the 2 GB limit`));
    const type = /\.xlsx$/i.test(file.name)
      ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      : /\.parquet$/i.test(file.name)
        ? "application/vnd.apache.parquet"
        : /\.csv$/i.test(file.name)
          ? "text/csv"
          : "application/octet-stream";
    try {
      const j = await call<Job>(apiUrl("/api/refunds/jobs", { asOf, importer, name: file.name }), {
        method: "POST",
        body: file,
        headers: { "content-type": type },
      });
      setQuery({ job: j.id });
    } catch (e) {
      setError(e as ApiFailure);
    }
  };

  const remove = async (): Promise<void> => {
    if (!job) return;
    try {
      await call(apiUrl("/api/refunds/delete", { id: job.id }), { method: "POST" });
      setQuery({ job: undefined });
    } catch (e) {
      setError(e as ApiFailure);
    }
  };

  const s = job?.summary;
  return (
    <section className="page refunds" data-testid="refunds-page">
      <h1>IEEPA refunds</h1>
      <p className="muted">
        Upload an entry file (CSV, XLSX or Parquet of entry summary lines). It stays on this machine, in tariffscope's
        cache folder, until you delete it; it is read as data, never run.
      </p>
      <div className="controls">
        <Field label="Entry file">
          <input
            type="file"
            accept=".csv,.xlsx,.parquet,text/csv"
            data-testid="entry-file"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </Field>
        <Field label="Refund date (interest runs to)">
          <input type="date" value={asOf} onChange={(e) => e.target.value && setAsOf(e.target.value)} />
        </Field>
        <Field label="Importer of record">
          <select value={importer} onChange={(e) => setImporter(e.target.value)}>
            <option value="non-corporate">not a corporation (+3 points)</option>
            <option value="corporate">corporation (+2 points)</option>
          </select>
        </Field>
        <button type="button" onClick={upload} disabled={!file} data-testid="upload">
          Compute the refund book
        </button>
      </div>
      {error && <ErrorBox error={error} />}
      {job && (job.status === "queued" || job.status === "running") && (
        <div role="status" data-testid="progress">
          <progress max={1} value={job.progress} /> {job.status} · {job.stage} · {Math.round(job.progress * 100)}%
        </div>
      )}
      {job?.status === "failed" && (
        <div className="errorbox" role="alert" data-testid="job-error">
          <strong>Cannot read {job.fileName}</strong> {job.error?.message}
        </div>
      )}
      {s && job && (
        <>
          <div className="cards" data-testid="refund-cards">
            <div className="card">
              <div className="card-label">Refund</div>
              <div className="card-value">{money(s.refund)}</div>
              <div className="card-sub">{s.entries.toLocaleString("en-US")} entry summaries</div>
            </div>
            <div className="card">
              <div className="card-label">Interest to {s.asOf}</div>
              <div className="card-value">{money(s.interest)}</div>
              <div className="card-sub">daily compounding, IRS overpayment rates</div>
            </div>
            {s.byStatus.map((b) => (
              <div className="card" key={b.status}>
                <div className="card-label">CAPE {b.status}</div>
                <div className="card-value small">{b.entries.toLocaleString("en-US")}</div>
                <div className="card-sub">
                  {money(b.refund)} + {money(b.interest)}
                </div>
              </div>
            ))}
            <div className="card">
              <div className="card-label">Rows</div>
              <div className="card-value small">{s.rows.toLocaleString("en-US")}</div>
              <div className="card-sub">
                {s.priced.toLocaleString("en-US")} priced · {s.rejectedRows.toLocaleString("en-US")} rejected
                (rejects.csv)
              </div>
            </div>
          </div>
          <h2>By month of entry</h2>
          <MonthChart months={s.byMonth} />
          {s.uncertainRates.length > 0 && <p className="muted">Uncertain rates: {s.uncertainRates.join("; ")}</p>}
          <h2>CAPE rejections (CSMS 68340863)</h2>
          <div className="table-wrap">
            <table className="data cards-on-phone" data-testid="reasons">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th className="num">Entries</th>
                  <th className="num">Refund</th>
                  <th>Reason</th>
                  <th>Route that remains</th>
                </tr>
              </thead>
              <tbody>
                {s.byReason.map((r) => (
                  <tr key={r.rule}>
                    <td className="card-title">{r.rule}</td>
                    <td className="num" data-label="Entries">
                      {r.entries}
                    </td>
                    <td className="num" data-label="Refund">
                      {money(r.refund)}
                    </td>
                    <td data-label="Reason">{r.reason}</td>
                    <td data-label="Route">{r.route}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rejected && rejected.length > 0 && (
            <>
              <h2>Entries not declared on CAPE{rejected.length === 200 ? " (first 200)" : ""}</h2>
              <div className="table-wrap">
                <table className="data cards-on-phone" data-testid="rejected-entries">
                  <thead>
                    <tr>
                      <th>Entry</th>
                      <th>Status</th>
                      <th className="num">Refund</th>
                      <th>Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rejected.map((r) => (
                      <tr key={r[0]}>
                        <td className="card-title">{r[0]}</td>
                        <td data-label="Status">{r[1]}</td>
                        <td className="num" data-label="Refund">
                          {money(r[4]!)}
                        </td>
                        <td data-label="Reason">{r[2]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <h2>Downloads</h2>
          <ul data-testid="downloads">
            {job.files.map((f) => (
              <li key={f}>
                <a href={apiUrl("/api/refunds/file", { id: job.id, name: f })} download>
                  {f}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      {job && job.status !== "running" && job.status !== "queued" && (
        <button type="button" className="danger" onClick={remove} data-testid="delete">
          Delete this upload and its results
        </button>
      )}
    </section>
  );
}
