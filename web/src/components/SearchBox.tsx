import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { apiUrl, getJson, type HtsSearchResult } from "../api.js";

const looksLikeCode = (s: string): boolean => /^\d{4}[\d.\s]*$/.test(s.trim()) && s.replace(/\D/g, "").length >= 4;

/** Product search: a code prefix or words, suggestions as a listbox (arrow keys, Enter), a full code taken as is. */
export function SearchBox({ initial, onPick }: { initial: string; onPick: (code: string) => void }) {
  const [text, setText] = useState(initial);
  const [result, setResult] = useState<HtsSearchResult>();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string>();
  const id = useId();

  useEffect(() => setText(initial), [initial]);

  useEffect(() => {
    const q = text.trim();
    if (q.length < 2 || q === initial) {
      setResult(undefined);
      return;
    }
    const t = window.setTimeout(() => {
      getJson<HtsSearchResult>(apiUrl("/api/hts/search", { q, limit: 20 })).then(
        (r) => {
          setResult(r);
          setError(undefined);
          setActive(-1);
          setOpen(true);
        },
        (e: Error) => setError(e.message),
      );
    }, 200);
    return () => window.clearTimeout(t);
  }, [text, initial]);

  const hits = result?.hits ?? [];
  const pick = (code: string): void => {
    setOpen(false);
    setText(code);
    onPick(code);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === "ArrowDown" && hits.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(hits.length - 1, a + 1));
    } else if (e.key === "ArrowUp" && hits.length) {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (open && active >= 0 && hits[active]) pick(hits[active].code);
      else if (looksLikeCode(text)) pick(text.trim());
      else if (hits[0]) pick(hits[0].code);
    } else if (e.key === "Escape") setOpen(false);
  };

  return (
    <div className="search">
      <label className="field" htmlFor={`${id}-input`}>
        <span className="field-label">Product: HTS code or words</span>
      </label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-expanded={open && hits.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${id}-opt-${active}` : undefined}
        placeholder="8703.80.00 or “electric vehicles”"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKey}
        onFocus={() => hits.length && setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        data-testid="product-search"
      />
      {error && <div className="hint error-text">{error}</div>}
      {open && result && (
        <ul id={`${id}-list`} role="listbox" className="search-list" aria-label="Matching lines">
          {hits.length === 0 && <li className="muted">No line matches “{result.query}”.</li>}
          {hits.map((h, i) => (
            <li
              key={h.code + h.lastEdition}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h.code);
              }}
              data-code={h.code}
            >
              <span className="mono">{h.code}</span> <span className="hit-title">{h.title}</span>
              {h.description !== h.title && <div className="small">{h.description}</div>}
              {h.path.length > 0 && <div className="muted small">{h.path.slice(-2).join(" › ")}</div>}
              {!h.current && <div className="muted small">discontinued after {h.lastEdition}</div>}
            </li>
          ))}
          {result.total > hits.length && (
            <li className="muted small">{result.total - hits.length} more: refine the search</li>
          )}
        </ul>
      )}
    </div>
  );
}
