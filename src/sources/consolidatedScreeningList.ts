import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { DataFileError } from "../common/errors.js";

/**
 * Reader of the Consolidated Screening List (ITA, data.trade.gov) in its two official forms — the CSV
 * (`consolidated.csv`) and the JSON (`consolidated.json`, `{ results: [...] }`) — and of the mirror's Entity List
 * extract (`controls/csl-entity-list-2025-11-08.csv`, CSL column names). Rows come back typed with their file and row;
 * no matching or policy here. `alt_names` and `addresses` are `; `-joined in the CSV forms and arrays in the JSON.
 */

export interface CslAddress {
  /** The address as printed (street, city, …), without the country. */
  text: string;
  /** ISO-2 country code, when the address names one (the CSL ends each address with it). */
  country: string | null;
}

export interface CslEntry {
  /** The list it comes from, as the CSL names it ("Entity List (EL) - Bureau of Industry and Security"). */
  source: string;
  type: string;
  name: string;
  altNames: string[];
  addresses: CslAddress[];
  /** Federal Register notices as printed ("84 FR 22963, 85 FR 29853"), split. */
  federalRegisterNotices: string[];
  /** ISO date, or the printed text when it is not a date ("Various"). */
  startDate: string;
  licenseRequirement: string;
  licensePolicy: string;
  sourceListUrl: string;
  /** 1-based data row (CSV) or index in `results` (JSON, 0-based). */
  row: number;
}

export interface CslFile {
  file: string;
  form: "csv" | "json";
  entries: CslEntry[];
}

/** The columns the CSV forms must have. */
export const CSL_REQUIRED_COLUMNS = ["source", "name", "alt_names", "addresses", "federal_register_notice", "start_date"] as const;

const COUNTRY_AT_END = /,\s*([A-Z]{2})\s*$/;

/** One printed address ("…, Shenzhen, 518129, CN") split into its text and trailing ISO-2 country. */
export function parseCslAddress(printed: string): CslAddress {
  const t = printed.trim();
  if (/^[A-Z]{2}$/.test(t)) return { text: "", country: t };
  const m = COUNTRY_AT_END.exec(t);
  return m ? { text: t.slice(0, m.index).trim(), country: m[1]! } : { text: t, country: null };
}

function splitList(s: string | undefined): string[] {
  return (s ?? "")
    .split(";")
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

function splitNotices(s: string | undefined): string[] {
  return (s ?? "")
    .split(/[;,]/)
    .map((x) => x.trim().replace(/\s+/g, " "))
    .filter((x) => x.length > 0);
}

/** Read a CSL file; the form is chosen by the content (a JSON object or array, or CSV text). */
export function readConsolidatedScreeningList(file: string, text?: string): CslFile {
  let body: string;
  try {
    body = text ?? readFileSync(file, "utf8");
  } catch (e) {
    throw new DataFileError(file, `cannot read: ${(e as Error).message}`, { code: "MISSING_DATASET", cause: e });
  }
  const head = body.replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("{") || head.startsWith("[")) return readJson(file, head);
  return readCsv(file, head);
}

function readCsv(file: string, body: string): CslFile {
  let records: Record<string, string>[];
  try {
    records = parse(body, { columns: true, skip_empty_lines: true, relax_column_count: false, bom: true });
  } catch (e) {
    throw new DataFileError(file, `not a readable CSV: ${(e as Error).message}`, { code: "CORRUPT_FILE", cause: e });
  }
  const cols = new Set(Object.keys(records[0] ?? {}));
  for (const c of CSL_REQUIRED_COLUMNS) {
    if (records.length > 0 && !cols.has(c)) {
      throw new DataFileError(file, `missing column ${c} (columns: ${[...cols].join(", ")})`, {
        code: "BAD_SCHEMA",
        position: `column ${c}`,
      });
    }
  }
  const entries = records.map((r, i): CslEntry => {
    const name = (r.name ?? "").trim();
    if (name === "") throw new DataFileError(file, "empty name", { code: "BAD_VALUE", position: `row ${i + 1}` });
    return {
      source: r.source ?? "",
      type: r.type ?? "",
      name,
      altNames: splitList(r.alt_names),
      addresses: splitList(r.addresses).map(parseCslAddress),
      federalRegisterNotices: splitNotices(r.federal_register_notice),
      startDate: (r.start_date ?? "").trim(),
      licenseRequirement: (r.license_requirement ?? "").trim(),
      licensePolicy: (r.license_policy ?? "").trim(),
      sourceListUrl: (r.source_list_url ?? "").trim(),
      row: i + 1,
    };
  });
  return { file, form: "csv", entries };
}

interface JsonAddress {
  address?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

function readJson(file: string, body: string): CslFile {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    throw new DataFileError(file, `not valid JSON: ${(e as Error).message}`, { code: "CORRUPT_FILE", cause: e });
  }
  const results = Array.isArray(data) ? data : (data as { results?: unknown }).results;
  if (!Array.isArray(results)) {
    throw new DataFileError(file, "expected the CSL JSON form: an object with a `results` array", { code: "BAD_SCHEMA" });
  }
  const entries = results.map((raw, i): CslEntry => {
    const r = raw as Record<string, unknown>;
    const str = (k: string): string => (typeof r[k] === "string" ? (r[k] as string).trim() : "");
    const name = str("name");
    if (name === "") throw new DataFileError(file, "empty name", { code: "BAD_VALUE", position: `results[${i}]` });
    const alt = Array.isArray(r.alt_names) ? (r.alt_names as unknown[]).filter((x): x is string => typeof x === "string") : splitList(str("alt_names"));
    const addresses = Array.isArray(r.addresses)
      ? (r.addresses as JsonAddress[]).map((a) => ({
          text: [a.address, a.city, a.state, a.postal_code].filter((x) => x && x.trim()).join(", "),
          country: a.country && /^[A-Z]{2}$/.test(a.country) ? a.country : null,
        }))
      : splitList(str("addresses")).map(parseCslAddress);
    return {
      source: str("source"),
      type: str("type"),
      name,
      altNames: alt.map((a) => a.trim()).filter((a) => a !== ""),
      addresses,
      federalRegisterNotices: splitNotices(str("federal_register_notice")),
      startDate: str("start_date"),
      licenseRequirement: str("license_requirement"),
      licensePolicy: str("license_policy"),
      sourceListUrl: str("source_list_url"),
      row: i,
    };
  });
  return { file, form: "json", entries };
}
