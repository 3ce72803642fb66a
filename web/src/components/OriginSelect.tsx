import { originChoices } from "../format.js";

/**
 * The origin selector: every origin the server knows (GET /api/status `originChoices`). `forAverages` offers only the
 * origins with 2024 import weights (the value is then the origin's id, or the Census code of an aggregate such as the
 * EU); otherwise every origin a stack can be asked for. Partial coverage is said in the label.
 */
export function OriginSelect({
  value,
  onChange,
  forAverages = false,
  testId = "origin",
}: {
  value: string;
  onChange: (id: string) => void;
  forAverages?: boolean;
  testId?: string;
}) {
  const all = originChoices().filter((o) => (forAverages ? o.partner !== null : !/^\d{4}$/.test(o.id)));
  const full = all.filter((o) => o.coverage === "full");
  const partial = all.filter((o) => o.coverage === "partial");
  const known = all.some((o) => o.id === value);
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {!known && <option value={value}>{value === "" ? "Add an origin…" : value}</option>}
      <optgroup label="All measures modelled">
        {full.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} ({o.id})
          </option>
        ))}
      </optgroup>
      <optgroup label="Other origins (coverage: partial)">
        {partial.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} {/^\d{4}$/.test(o.id) ? "" : `(${o.id})`}
          </option>
        ))}
      </optgroup>
    </select>
  );
}
