import { parse } from "csv-parse/sync";
import { DataFileError } from "../common/errors.js";
import type { LegalDay } from "../common/legalDate.js";
import JSZip from "jszip";

/**
 * Reader of a USITC Annual Tariff Database archive (dataweb.usitc.gov/tariff/annual, e.g. tariff_data_2017.zip): the
 * comma-delimited member `tariff_database_<year>.txt` (Latin-1, quoted, header row), one row per HTS-8 line and
 * period of its rates. Only the columns of the column 1 General (MFN) rate are kept; no policy here (which row
 * governs a day, how a code maps to a later schedule: see src/schedule/priorBase.ts).
 */

export interface TariffDatabaseRow {
  /** HTS-8 digits. */
  hts8: string;
  description: string;
  /** `mfn_text_rate` as printed in the file (the database spells the cent sign "cents" in many rows). */
  mfnText: string;
  /** `mfn_rate_type_code` (0 free, 7 ad valorem, 1–6 specific/compound, 9/K/T/X other texts…). */
  mfnRateType: string;
  /** `begin_effect_date` / `end_effective_date` of the row (legal days; the end day is the last day of the row). */
  begin: LegalDay;
  end: LegalDay;
  /** Line number in the member (1 = the header). */
  line: number;
}

export interface TariffDatabase {
  /** The archive as the manifest names it (us/tariff-database-2017/tariff_data_2017.zip). */
  file: string;
  /** The member read. */
  member: string;
  rows: TariffDatabaseRow[];
}

const REQUIRED = ["hts8", "brief_description", "mfn_text_rate", "mfn_rate_type_code", "begin_effect_date", "end_effective_date"] as const;

/** "1/1/2017 0:00:00" → "2017-01-01". */
function usDate(text: string, file: string, position: string): LegalDay {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}:\d{2})?$/.exec(text.trim());
  if (!m) throw new DataFileError(file, `date "${text}" is not month/day/year`, { position });
  return `${m[3]}-${m[1]!.padStart(2, "0")}-${m[2]!.padStart(2, "0")}`;
}

/** Parse the delimited text of a tariff database (bytes of the member). */
export function parseTariffDatabaseText(file: string, member: string, bytes: Buffer): TariffDatabase {
  const text = bytes.toString("latin1");
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new DataFileError(file, `${member} is not valid delimited text (${(err as Error).message})`, { cause: err });
  }
  const header = records[0];
  if (!header) throw new DataFileError(file, `${member} is empty`);
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  for (const name of REQUIRED) if (!col.has(name)) throw new DataFileError(file, `${member} has no column "${name}"`, { position: "line 1" });
  const at = (r: string[], name: (typeof REQUIRED)[number]): string => r[col.get(name)!] ?? "";
  const rows: TariffDatabaseRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const r = records[i]!;
    const position = `${member} line ${i + 1}`;
    const hts8 = at(r, "hts8").trim();
    if (!/^\d{8}$/.test(hts8)) throw new DataFileError(file, `hts8 "${hts8}" is not 8 digits`, { position });
    rows.push({
      hts8,
      description: at(r, "brief_description").trim(),
      mfnText: at(r, "mfn_text_rate").trim(),
      mfnRateType: at(r, "mfn_rate_type_code").trim(),
      begin: usDate(at(r, "begin_effect_date"), file, position),
      end: usDate(at(r, "end_effective_date"), file, position),
      line: i + 1,
    });
  }
  return { file, member, rows };
}

/** Read the archive's delimited member (`tariff_database_<year>.txt`, or the only .txt member); the ZIP is read by JSZip. */
export async function readTariffDatabase(file: string, bytes: Buffer): Promise<TariffDatabase> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (e) {
    throw new DataFileError(file, `not a readable ZIP archive (${(e as Error).message})`, { code: "CORRUPT_FILE", cause: e });
  }
  const names = Object.values(zip.files).filter((f) => !f.dir).map((f) => f.name);
  const txt = names.filter((n) => /\.txt$/i.test(n));
  const member = txt.find((n) => /^tariff_database_\d{4}\.txt$/i.test(n)) ?? (txt.length === 1 ? txt[0] : undefined);
  if (!member) throw new DataFileError(file, `no tariff_database_<year>.txt member (text members: ${txt.join(", ") || "none"}; the archive holds: ${names.join(", ") || "nothing"})`);
  let text: Buffer;
  try {
    text = await zip.file(member)!.async("nodebuffer");
  } catch (e) {
    throw new DataFileError(file, `member ${member} cannot be inflated (${(e as Error).message})`, { code: "CORRUPT_FILE", cause: e });
  }
  return parseTariffDatabaseText(file, member, text);
}
