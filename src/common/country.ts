import { nearestNames } from "./editDistance.js";
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
  GT: { name: "Guatemala", census: "2050" },
  SV: { name: "El Salvador", census: "2110" },
  HN: { name: "Honduras", census: "2150" },
  CR: { name: "Costa Rica", census: "2230" },
  DO: { name: "Dominican Republic", census: "2470" },
  TT: { name: "Trinidad and Tobago", census: "2740" },
  VE: { name: "Venezuela", census: "3070" },
  EC: { name: "Ecuador", census: "3310" },
  PE: { name: "Peru", census: "3330" },
  AR: { name: "Argentina", census: "3570" },
  BO: { name: "Bolivia", census: "3350" },
  GY: { name: "Guyana", census: "3120" },
  FK: { name: "Falkland Islands", census: "3720" },
  CU: { name: "Cuba", census: "2390" },
  NO: { name: "Norway", census: "4039" },
  IS: { name: "Iceland", census: "4000" },
  SK: { name: "Slovakia", census: "4359" },
  BG: { name: "Bulgaria", census: "4870" },
  HR: { name: "Croatia", census: "4791" },
  CY: { name: "Cyprus", census: "4910" },
  CZ: { name: "Czech Republic", census: "4351" },
  DK: { name: "Denmark", census: "4099" },
  EE: { name: "Estonia", census: "4470" },
  FI: { name: "Finland", census: "4050" },
  GR: { name: "Greece", census: "4840" },
  HU: { name: "Hungary", census: "4370" },
  LV: { name: "Latvia", census: "4490" },
  LT: { name: "Lithuania", census: "4510" },
  LU: { name: "Luxembourg", census: "4239" },
  MT: { name: "Malta", census: "4730" },
  PT: { name: "Portugal", census: "4710" },
  RO: { name: "Romania", census: "4850" },
  SI: { name: "Slovenia", census: "4792" },
  BA: { name: "Bosnia and Herzegovina", census: "4793" },
  MK: { name: "North Macedonia", census: "4794" },
  RS: { name: "Serbia", census: "4801" },
  MD: { name: "Moldova", census: "4641" },
  BY: { name: "Belarus", census: "4622" },
  KZ: { name: "Kazakhstan", census: "4634" },
  IQ: { name: "Iraq", census: "5050" },
  KW: { name: "Kuwait", census: "5130" },
  JO: { name: "Jordan", census: "5110" },
  SY: { name: "Syria", census: "5020" },
  AF: { name: "Afghanistan", census: "5310" },
  PK: { name: "Pakistan", census: "5350" },
  LK: { name: "Sri Lanka", census: "5420" },
  MM: { name: "Burma (Myanmar)", census: "5460" },
  LA: { name: "Laos", census: "5530" },
  BN: { name: "Brunei", census: "5610" },
  KP: { name: "North Korea", census: "5790" },
  PG: { name: "Papua New Guinea", census: "6040" },
  FJ: { name: "Fiji", census: "6863" },
  NR: { name: "Nauru", census: "6862" },
  VU: { name: "Vanuatu", census: "6224" },
  DZ: { name: "Algeria", census: "7210" },
  TN: { name: "Tunisia", census: "7230" },
  LY: { name: "Libya", census: "7250" },
  EG: { name: "Egypt", census: "7290" },
  GQ: { name: "Equatorial Guinea", census: "7380" },
  CM: { name: "Cameroon", census: "7420" },
  CI: { name: "Cote d'Ivoire", census: "7480" },
  GH: { name: "Ghana", census: "7490" },
  NG: { name: "Nigeria", census: "7530" },
  TD: { name: "Chad", census: "7560" },
  AO: { name: "Angola", census: "7620" },
  CD: { name: "Democratic Republic of the Congo", census: "7660" },
  UG: { name: "Uganda", census: "7780" },
  MU: { name: "Mauritius", census: "7850" },
  MG: { name: "Madagascar", census: "7880" },
  NA: { name: "Namibia", census: "7920" },
  BW: { name: "Botswana", census: "7930" },
  ZM: { name: "Zambia", census: "7940" },
  ZW: { name: "Zimbabwe", census: "7960" },
  MW: { name: "Malawi", census: "7970" },
  LS: { name: "Lesotho", census: "7990" },
};

/** The 27 members of the European Union (EO 14257 sec. 3; the EU deal headings name them as "the European Union"). */
export const EU_MEMBERS: readonly string[] = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"];

/**
 * Census partner codes that are aggregates of several origins. `resolveAs` is the origin whose measures the aggregate's
 * goods are resolved with: every measure of the ledger that reaches an EU member names all 27 (or every country), so
 * any member gives the same stack; the first member of the aggregate with no file of its own is used.
 */
export const CENSUS_AGGREGATES: Record<string, { name: string; members: readonly string[]; resolveAs: string }> = {
  "0003": { name: "European Union", members: EU_MEMBERS, resolveAs: "DE" },
};

export function parseOrigin(value: string, field = "origin"): Origin {
  const v = value.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(v) && KNOWN_ORIGINS[v]) return v;
  const byName = Object.entries(KNOWN_ORIGINS).find(([, c]) => c.name.toUpperCase() === v);
  if (byName) return byName[0];
  const byCensus = Object.entries(KNOWN_ORIGINS).find(([, c]) => c.census === v);
  if (byCensus) return byCensus[0];
  // The nearest codes by spelling (a typo of the code) and the countries whose name starts like the input.
  const likeName = Object.entries(KNOWN_ORIGINS)
    .filter(([, c]) => v.length >= 3 && c.name.toUpperCase().startsWith(v.slice(0, 3)))
    .map(([code]) => code);
  const near = v.length <= 3 ? nearestNames(v, Object.keys(KNOWN_ORIGINS), 5) : [];
  const suggestions = [...new Set([...likeName, ...near])].slice(0, 5).map((code) => `${code} (${KNOWN_ORIGINS[code]!.name})`);
  throw new InputError("UNKNOWN_ORIGIN", field, `"${value}" is not a known origin (use an ISO 3166 code such as CN, DE, MX; ALL for the all-partner average)`, suggestions);
}
