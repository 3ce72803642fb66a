import type { ReactNode } from "react";
import type { ApiFailure } from "../api.js";

/** An API error as the user sees it: the message, and the suggestions as buttons when the caller can use them. */
export function ErrorBox({ error, onSuggestion }: { error: ApiFailure; onSuggestion?: (s: string) => void }) {
  return (
    <div className="errorbox" role="alert" data-testid="error">
      <strong>{error.status === 503 ? "Not ready" : error.status === 404 ? "Not found" : "Cannot answer"}</strong>{" "}
      {error.message}
      {error.suggestions.length > 0 && onSuggestion && (
        <div className="suggestions">
          Did you mean:{" "}
          {error.suggestions.slice(0, 8).map((s) => (
            <button key={s} type="button" className="linklike" onClick={() => onSuggestion(s)}>
              {s}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** A flag shown on answers: uncertain, needs facts, partial coverage, announced, refundable. */
export function Flag({
  kind,
  children,
  title,
}: {
  kind: "uncertain" | "needs-facts" | "partial" | "announced" | "refundable" | "info";
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`flag flag-${kind}`} title={title} data-flag={kind}>
      {children}
    </span>
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="hint">{hint}</span>}
    </label>
  );
}

export function Instrument({ instrument }: { instrument: { id: string; title: string; url: string } | null }) {
  if (!instrument) return <span className="muted">—</span>;
  return (
    <a href={instrument.url} target="_blank" rel="noopener noreferrer" title={instrument.title}>
      {instrument.id}
    </a>
  );
}
