import { InputError } from "./errors.js";

/** ISO 3166-1 alpha-2 code of an origin country or customs territory, upper case: "CN", "HK", "MO". */
export type Origin = string;

/**
 * Origins the project knows by name. Census Schedule C codes are given where the trade files use them
 * (China 5700, Hong Kong 5820, Macau 5660). The list is not a coverage claim: coverage is per authority in the ledger.
 */
export const KNOWN_ORIGINS: Record<string, { name: string; census?: string }> = {
  CN: { name: "China", census: "5700" },
  HK: { name: "Hong Kong", census: "5820" },
  MO: { name: "Macau", census: "5660" },
  TW: { name: "Taiwan", census: "5830" },
  JP: { name: "Japan", census: "5880" },
  KR: { name: "South Korea", census: "5800" },
  VN: { name: "Vietnam", census: "5520" },
  IN: { name: "India", census: "5330" },
  TH: { name: "Thailand", census: "5490" },
  MY: { name: "Malaysia", census: "5570" },
  SG: { name: "Singapore", census: "5590" },
  ID: { name: "Indonesia", census: "5600" },
  PH: { name: "Philippines", census: "5650" },
  KH: { name: "Cambodia", census: "5550" },
  BD: { name: "Bangladesh", census: "5380" },
  AU: { name: "Australia", census: "6021" },
  NZ: { name: "New Zealand", census: "6141" },
  CA: { name: "Canada", census: "1220" },
  MX: { name: "Mexico", census: "2010" },
  BR: { name: "Brazil", census: "3510" },
  CL: { name: "Chile", census: "3370" },
  CO: { name: "Colombia", census: "3010" },
  GB: { name: "United Kingdom", census: "4120" },
  DE: { name: "Germany", census: "4280" },
  FR: { name: "France", census: "4279" },
  IT: { name: "Italy", census: "4759" },
  ES: { name: "Spain", census: "4700" },
  NL: { name: "Netherlands", census: "4210" },
  BE: { name: "Belgium", census: "4231" },
  IE: { name: "Ireland", census: "4190" },
  CH: { name: "Switzerland", census: "4419" },
  LI: { name: "Liechtenstein", census: "4411" },
  AT: { name: "Austria", census: "4330" },
  SE: { name: "Sweden", census: "4010" },
  PL: { name: "Poland", census: "4550" },
  IL: { name: "Israel", census: "5081" },
  SA: { name: "Saudi Arabia", census: "5170" },
  AE: { name: "United Arab Emirates", census: "5200" },
  TR: { name: "Turkey", census: "4890" },
  RU: { name: "Russia", census: "4621" },
  ZA: { name: "South Africa", census: "7910" },
  NI: { name: "Nicaragua", census: "2190" },
};

export function parseOrigin(value: string, field = "origin"): Origin {
  const v = value.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(v) && KNOWN_ORIGINS[v]) return v;
  const byName = Object.entries(KNOWN_ORIGINS).find(([, c]) => c.name.toUpperCase() === v);
  if (byName) return byName[0];
  const byCensus = Object.entries(KNOWN_ORIGINS).find(([, c]) => c.census === v);
  if (byCensus) return byCensus[0];
  const suggestions = Object.entries(KNOWN_ORIGINS)
    .filter(([code, c]) => code.startsWith(v.slice(0, 1)) || c.name.toUpperCase().startsWith(v.slice(0, 3)))
    .slice(0, 5)
    .map(([code, c]) => `${code} (${c.name})`);
  throw new InputError("UNKNOWN_ORIGIN", field, `"${value}" is not a known origin (use an ISO code such as CN, HK, MO)`, suggestions);
}
