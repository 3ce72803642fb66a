import { InputError } from "../common/errors.js";
import { isLegalDay, type LegalDay } from "../common/legalDate.js";

/**
 * Facts of an entry that change which duties apply or on what value. Every fact has a documented default; when the
 * default decides an answer, the answer lists the fact in `needsFacts`.
 */
export interface EntryFacts {
  /** Customs (entered) value in US dollars. Default: none (rates only, no amounts). */
  value?: number;
  /** Share of the value that is steel content (0–1). Default: 1 (the whole value) where a 232 steel duty is on content. */
  steelShare?: number;
  /** Share of the value that is aluminum content (0–1). Default: 1, as for steel. */
  aluminumShare?: number;
  /** Share of the value that is copper content (0–1). Default: 1, as for steel. */
  copperShare?: number;
  /** Share of the article's weight that is the applicable metal (0–1), for the 2026 15% weight test. Default: not below 15%. */
  metalWeightShare?: number;
  /** Share of the value that is US content (0–1). Default: 0. */
  usContentShare?: number;
  /** Date the goods were loaded on the vessel at the last port (in-transit rules). Default: not in transit. */
  loadedOnVessel?: LegalDay;
  /** A Chapter 98 provision is claimed. Default: false. */
  chapter98?: boolean;
  /** A Section 301 product exclusion (9903.88.69 / .70) is claimed. Default: false. */
  s301ExclusionClaimed?: boolean;
  /** The article is a part of a passenger vehicle or light truck (U.S. note 33). Default: per line (ledger/us/use-defaults.yaml). */
  passengerVehiclePart?: boolean;
  /**
   * The good qualifies for and is entered under USMCA (general note 11: "S"/"S+" special rates; headings 9903.01.04,
   * 9903.01.14, 9903.03.07/.08). Default: not claimed (the general rate and the duties that exempt USMCA goods apply).
   */
  usmcaQualifying?: boolean;
  /**
   * The special program indicator claimed on the entry line (column 1 Special, general note 3(c)(i); the SPI of the
   * entry summary), e.g. "KR", "AU", "P", "S"; "none" for no claim. A claim takes the line's special rate for that
   * indicator when the origin is a beneficiary of the program on the day (ledger preferences.yaml); "S"/"S+" is also a
   * USMCA claim (usmcaQualifying). Default: no claim (column 1 General), asked where the line grants the origin's program.
   */
  specialProgram?: string;
  /** The article is an article of civil aircraft (all aircraft other than military). Default: per line (ledger/us/use-defaults.yaml). */
  civilAircraftArticle?: boolean;
  /** Certifications made on the entry (e.g. "donation", "informational-materials", "civil-aircraft", "no-metal"). */
  certifications?: string[];
  /**
   * CBP has determined that the goods were transshipped to evade the reciprocal duties (heading 9903.02.01, EO 14326;
   * CSMS 65829726: CBP directs the correction of the entry). Default: false (no determination; never presumed).
   */
  cbpTransshipment?: boolean;
  /**
   * The entry is within the tariff-rate quota of a quota heading (UK passenger vehicles, 9903.94.31). Default: within
   * (the quota fill is not in the data); every answer the default decides lists the fact.
   */
  withinQuota?: boolean;
  /**
   * Any amount of the primary aluminum used in the article was smelted in Russia, or the article was cast in Russia
   * (9903.85.67-.70, U.S. note 19; the importer reports the countries of smelt and cast). Default: false.
   */
  russianAluminum?: boolean;
}

/** Every entry fact: what it means, the form of its value, and the default the engine uses when it is not given. */
export const ENTRY_FACTS: Record<keyof EntryFacts, { meaning: string; form: string; defaultUsed: string }> = {
  value: {
    meaning: "customs (entered) value in US dollars",
    form: "amount, e.g. 14172",
    defaultUsed: "none: rates only",
  },
  steelShare: {
    meaning: "share of the value that is steel content",
    form: "0–1",
    defaultUsed: "1 (duty on the whole value)",
  },
  aluminumShare: {
    meaning: "share of the value that is aluminum content",
    form: "0–1",
    defaultUsed: "1 (duty on the whole value)",
  },
  copperShare: {
    meaning: "share of the value that is copper content",
    form: "0–1",
    defaultUsed: "1 (duty on the whole value)",
  },
  metalWeightShare: {
    meaning: "share of the article's weight that is the metal",
    form: "0–1",
    defaultUsed: "at least 15% (no weight exemption)",
  },
  usContentShare: { meaning: "share of the value that is US content", form: "0–1", defaultUsed: "0" },
  loadedOnVessel: {
    meaning: "date loaded on the vessel at the last port",
    form: "YYYY-MM-DD",
    defaultUsed: "not in transit",
  },
  chapter98: { meaning: "a Chapter 98 provision is claimed", form: "true / false", defaultUsed: "false" },
  s301ExclusionClaimed: {
    meaning: "a Section 301 exclusion (9903.88.69/.70) is claimed",
    form: "true / false",
    defaultUsed: "false",
  },
  passengerVehiclePart: {
    meaning: "the article is a part of a passenger vehicle or light truck (Section 232 auto parts, U.S. note 33)",
    form: "true / false",
    defaultUsed: "per line: yes for provisions that are vehicle parts by their terms, no for general provisions (ledger/us/use-defaults.yaml)",
  },
  civilAircraftArticle: {
    meaning: "the article is an article of civil aircraft (all aircraft other than military aircraft): engines, parts, components, subassemblies, ground flight simulators",
    form: "true / false",
    defaultUsed: "per line: yes for provisions that are aircraft goods by their terms (chapter 88), no for general provisions (ledger/us/use-defaults.yaml)",
  },
  usmcaQualifying: {
    meaning: "the good qualifies for and is entered under USMCA (general note 11), origin Canada or Mexico",
    form: "true / false",
    defaultUsed: "false (no USMCA claim: column 1 General and the duties USMCA goods are exempt from)",
  },
  specialProgram: {
    meaning: "the special program indicator claimed on the entry line (column 1 Special, general note 3(c)(i)): e.g. KR, AU, CL, CO, PE, P (CAFTA-DR), E (CBERA), D (AGOA), S (USMCA), or for goods of any origin C (civil aircraft), K (pharmaceuticals), L (dye intermediates); none for no claim",
    form: "indicator, e.g. KR, or none",
    defaultUsed: "no claim (column 1 General)",
  },
  certifications: { meaning: "certifications made on the entry", form: "comma-separated names", defaultUsed: "none" },
  withinQuota: {
    meaning: "the entry is within the tariff-rate quota of a quota heading (UK passenger vehicles, 9903.94.31: 65,205 vehicles in 2025, 100,000 a year from 2026)",
    form: "true / false",
    defaultUsed: "within the quota (the quota fill is not in the data)",
  },
  russianAluminum: {
    meaning: "any primary aluminum of the article was smelted in Russia, or the article was cast in Russia (Section 232 aluminum at 200%, 9903.85.67-.70)",
    form: "true / false",
    defaultUsed: "false (no Russian smelt or cast)",
  },
  cbpTransshipment: {
    meaning: "CBP has determined that the goods were transshipped to evade the reciprocal duties (heading 9903.02.01: +40% in lieu of the country's reciprocal rate)",
    form: "true / false",
    defaultUsed: "false (no CBP determination)",
  },
};

/** The default of each fact (what `needsFacts` reports as used). */
export const FACT_DEFAULTS = Object.fromEntries(
  Object.entries(ENTRY_FACTS).map(([k, v]) => [k, v.defaultUsed]),
) as Record<keyof EntryFacts, string>;

const SHARE_FACTS = ["steelShare", "aluminumShare", "copperShare", "metalWeightShare", "usContentShare"] as const;
const BOOL_FACTS = ["chapter98", "s301ExclusionClaimed", "passengerVehiclePart", "usmcaQualifying", "civilAircraftArticle", "cbpTransshipment", "withinQuota", "russianAluminum"] as const;

function shareValue(key: string, raw: unknown): number {
  const n = typeof raw === "number" ? raw : Number(String(raw).trim().replace(/%$/, ""));
  const v = typeof raw === "string" && raw.trim().endsWith("%") ? n / 100 : n;
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw new InputError("BAD_FACT", `fact ${key}`, `"${String(raw)}" is not a share between 0 and 1 (or 0%–100%)`);
  }
  return v;
}

/** Check a facts object (from the API or library callers), naming the fact at fault. */
export function checkEntryFacts(input: Record<string, unknown>): EntryFacts {
  const out: EntryFacts = {};
  for (const [key, raw] of Object.entries(input)) {
    if (raw === undefined) continue;
    if (key === "value") {
      const n = typeof raw === "number" ? raw : Number(String(raw).replace(/[$,]/g, ""));
      if (!Number.isFinite(n) || n < 0)
        throw new InputError("BAD_FACT", "value", `"${String(raw)}" is not a non-negative amount`);
      out.value = n;
    } else if ((SHARE_FACTS as readonly string[]).includes(key)) {
      out[key as (typeof SHARE_FACTS)[number]] = shareValue(key, raw);
    } else if ((BOOL_FACTS as readonly string[]).includes(key)) {
      const s = String(raw).toLowerCase();
      if (!["true", "false", "yes", "no", "1", "0"].includes(s)) {
        throw new InputError("BAD_FACT", `fact ${key}`, `"${String(raw)}" is not true or false`);
      }
      out[key as (typeof BOOL_FACTS)[number]] = ["true", "yes", "1"].includes(s);
    } else if (key === "loadedOnVessel") {
      if (!isLegalDay(String(raw)))
        throw new InputError("BAD_FACT", "fact loadedOnVessel", `"${String(raw)}" is not a date YYYY-MM-DD`);
      out.loadedOnVessel = String(raw);
    } else if (key === "specialProgram") {
      const v = String(raw).trim().toUpperCase();
      if (!/^(NONE|[A-Z]{1,2}[+*]?)$/.test(v))
        throw new InputError("BAD_FACT", "fact specialProgram", `"${String(raw)}" is not a special program indicator (e.g. KR, AU, P, S+) or none`);
      out.specialProgram = v === "NONE" ? "none" : v;
    } else if (key === "certifications") {
      const list = Array.isArray(raw) ? raw.map(String) : String(raw).split(",");
      out.certifications = list.map((s) => s.trim()).filter((s) => s !== "");
    } else {
      throw new InputError("UNKNOWN_FACT", `fact ${key}`, "is not a known entry fact", Object.keys(FACT_DEFAULTS));
    }
  }
  const metals = (out.steelShare ?? 0) + (out.aluminumShare ?? 0) + (out.copperShare ?? 0);
  if (
    metals > 1 + 1e-9 &&
    [out.steelShare, out.aluminumShare, out.copperShare].filter((x) => x !== undefined).length > 1
  ) {
    throw new InputError(
      "BAD_FACT",
      "facts steelShare/aluminumShare/copperShare",
      `metal content shares add up to ${metals.toFixed(3)}, more than the whole value`,
    );
  }
  return out;
}

/** Parse CLI `--fact key=value` pairs. */
export function parseFactPairs(pairs: string[]): EntryFacts {
  const obj: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new InputError("BAD_FACT", "--fact", `"${p}" should look like key=value (e.g. steelShare=0.4)`);
    obj[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return checkEntryFacts(obj);
}
