/**
 * Maintenance tool: regenerate `manifest/sources.json` from a data mirror's `SHA256SUMS`, the file sizes, and the
 * official address patterns documented in the mirror's READMEs.
 *
 *   npx tsx scripts/build-manifest.ts [--mirror <dir>] [--out manifest/sources.json] [--check]
 *
 * Ids of paths already in the manifest are kept, so ids stay stable across regenerations. A path that no rule
 * below recognizes stops the script: add a rule (group, id, publisher, address) rather than guessing.
 * `--check` compares instead of writing and exits 1 when the committed manifest is out of date.
 */
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { basename, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { parseArgs } from "node:util";
import { resolveMirror } from "../src/data/cacheDir.js";
import { parquetContentSha256 } from "../src/data/recipes/parquetDigest.js";
import { defaultManifestPath, parseManifest, type SourceEntry, type SourceManifest } from "../src/data/manifest.js";

const PUBLIC_DOMAIN = "public domain (US government work, 17 U.S.C. 105)";
const NOT_REDISTRIBUTABLE = "not redistributable: fetched from publisher";
const USITC = "US International Trade Commission (USITC)";
const HTS_RELEASES = "https://hts.usitc.gov/reststop/releaseList";
const FEDERAL_REGISTER = "https://www.federalregister.gov/";
const CENSUS_IMPORTS = "https://api.census.gov/data/timeseries/intltrade/imports/hs";
const CENSUS_EXPORTS = "https://api.census.gov/data/timeseries/intltrade/exports/hs";

/** Census API query of an HS-2 monthly series file (`imports-5700data`, `imports-TOTALdata`, `exports-5700data`). */
function hs2Query(stem: string): string {
  const m = /^(imports|exports)-(\w+)data$/.exec(stem);
  if (!m) throw new Error(`imports-hs2-monthly: no Census query known for ${stem}`);
  // The answer's columns are the `get` variables, then the predicate variables not among them, in this order: the
  // queries below give exactly the mirror files' columns (the world total has no CTY_CODE column, so it was selected
  // by name).
  const country = m[2] === "TOTAL" ? "&CTY_NAME=TOTAL%20FOR%20ALL%20COUNTRIES" : `&CTY_CODE=${m[2]}`;
  return m[1] === "imports"
    ? `${CENSUS_IMPORTS}?get=CTY_NAME,CON_VAL_MO,CAL_DUT_MO,I_COMMODITY,I_COMMODITY_SDESC&time=from+2013-01+to+2020-12&COMM_LVL=HS2${country}`
    : `${CENSUS_EXPORTS}?get=CTY_NAME,ALL_VAL_MO,E_COMMODITY,E_COMMODITY_SDESC&time=from+2013-01+to+2020-12&COMM_LVL=HS2${country}`;
}

/** The `why` of an official document the mirror has but whose file address is not recorded. */
function NO_ADDRESS(where: string, derivedText: boolean): string {
  return derivedText
    ? `a pdftotext -layout extraction of the mirror's PDF: ${where}, and no stable per-file address is recorded in the mirror's README`
    : `${where}; no stable per-file address is recorded in the mirror's README`;
}

/** What each group feeds (what a user loses without it). */
const FEEDS = {
  "hts-editions":
    "the product catalog (descriptions, base MFN rates, Chapter 99 rate texts) of every edition: without it no stack, history or average",
  "change-records":
    "legal effective dates of HTS items (the edition timeline): without it stacks, histories and ledger check cannot be computed",
  "hts-notes":
    "product lists printed in the Chapter 99 U.S. notes (Section 301, 232, reciprocal): without it the US ledger does not compile",
  annexes:
    "product scope of the reciprocal, Section 122, Section 232 metals and Section 338 actions: without it the US ledger does not compile",
  section301: "Section 301 China lists of 2018-2020 (first trade war scope and cross-checks)",
  "tariff-database-2017": "pre-trade-war MFN base rates (2017 comparisons)",
  "imports-2024":
    "trade weights of the averages (2024 imports and calculated duty by HTS-10): without it only simple averages",
  "imports-hs2-monthly": "chapter-level monthly weights and collected-duty series (2013-2020)",
  "legal-texts":
    "citations and texts of executive orders, CBP guidance and the Supreme Court opinion (sources of ledger events)",
  "hts-later": "changes after 2026 Revision 10 (later Chapter 99 headings) that ledger events cite",
  cn: "China's retaliation rates and lists (China-side views)",
  commitments: "Phase One purchase-commitment tracking",
  reference: "cross-checks only (country codes, FR sources, researcher lists); nothing computed depends on it",
  controls: "export-control reference tables (not read by the engine yet)",
  trade: "HS-6 bilateral trade flows 2015-2025: the comtrade-<year> weight sets (src/analytics/weights.ts)",
} as const satisfies Record<string, string>;

const GROUPS: Record<string, string> = {
  "hts-editions": "HTS of the US, every edition 2025 Basic → 2026 Revision 10 (USITC JSON, stored gzipped)",
  "change-records": "USITC change record of each HTS edition (PDF + pdftotext extraction): legal effective dates",
  "hts-notes": "Full text of HTS Chapter 99 (U.S. notes) as of 2026 Revision 6 (text extraction)",
  annexes: "Annexes of reciprocal (EO 14257), Section 122, Section 232 metals and Section 338 Canada actions",
  section301: "Section 301 China product lists (USITC 'China Tariffs' table, USTR List 1–3 annexes)",
  "tariff-database-2017": "USITC Annual Tariff Database 2017 (pre-trade-war MFN rates)",
  "imports-2024": "US imports for consumption and calculated duty, 2024, by HTS-10, one file per partner (Census)",
  "imports-hs2-monthly": "US imports from China/world and exports to China by HS-2 and month, 2013–2020 (Census)",
  "legal-texts": "Executive orders, CBP CSMS messages and the Supreme Court IEEPA opinion (plain text)",
  "hts-later": "Change records and Chapter 99 heading transcriptions of 2026 Revisions 10–20 (Markdown)",
  cn: "China: PIIE tariff workbook and retaliation lists (2018, 2025)",
  commitments: "Phase One agreement Annex 6.1 and purchase-commitment tracking data",
  reference: "Secondary reference tables for cross-checks (country codes, FR sources, researcher lists)",
  controls:
    "Export controls: the Entity List part of the Consolidated Screening List, China's mineral controls (secondary)",
  trade: "UN Comtrade US-China trade by HS-6, yearly 2015-2025",
};

const CONVENTIONS: Record<string, string> = {
  paths: "`path` is the file's path in the cache and in a mirror folder (same layout as the mirror's SHA256SUMS).",
  htsStorage:
    "USITC publishes HTS editions as plain JSON (official form json); the cache stores them gzipped (recipe gzip-json) " +
    "under the mirror's name. A download is gzipped on write and verified against contentSha256 (SHA-256 of the " +
    "uncompressed JSON); a mirror copy is verified against sha256. Readers accept gzip or plain bytes.",
  checksumStable:
    "false when the publisher's file is not byte-stable (HTS JSON exports are republished with corrections): a " +
    "download that differs from the manifest is kept with a warning instead of being rejected.",
  official:
    "how to get the file from its publisher: { url, form, recipe } (the address or API query, the form served there, " +
    "and the recipe in src/data/recipes/ that turns it into the stored file), or { none: true, publisher, why } when no " +
    "recipe can produce it (a third-party or derived copy): such files come from a mirror folder only. A recipe that " +
    "extracts text (pdf-to-text, pdf-to-text-gzip, html-to-text) stores its own extraction, verified by the checksum of " +
    "the document it was extracted from (official.sha256, when the mirror holds that document) rather than by the " +
    "mirror's text bytes. officialUrl names the official document a file holds or was derived from.",
  feeds: "what the dataset feeds: what a user loses without it.",
  licence: "Third-party research files are never redistributed by the project: users fetch them from the publisher.",
};

interface Draft extends Omit<SourceEntry, "sha256" | "bytes" | "path" | "id"> {
  idBase: string;
}

type Rule = (path: string, parts: RegExpExecArray) => Draft;

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** `Basic` or `Rev<n>` → edition phrase and release code pieces. */
function edition(year: string, kind: string): { idPart: string; title: string; release: string } {
  const rev = /^Rev(\d+)$/.exec(kind);
  return rev
    ? { idPart: `${year}-rev-${rev[1]}`, title: `${year} HTS Revision ${rev[1]}`, release: `${year}HTSRev${rev[1]}` }
    : { idPart: `${year}-basic`, title: `${year} HTS Basic Edition`, release: `${year}HTSBasic` };
}

const reststop = (release: string, filename: string): string =>
  `https://hts.usitc.gov/reststop/file?release=${release}&filename=${encodeURIComponent(filename)}`;

/** Official addresses of legal texts, read from the mirror's `us/legal-texts/README.md` table rows. */
function legalTextUrls(mirror: string): Map<string, string> {
  const urls = new Map<string, string>();
  const readme = join(mirror, "us", "legal-texts", "README.md");
  if (!existsSync(readme)) return urls;
  for (const line of readFileSync(readme, "utf8").split("\n")) {
    const file = /^\| `((?:eo|csms|courts)\/[^`]+)` \|/.exec(line);
    if (!file?.[1]) continue;
    const url = /https:\/\/[^\s|)]+/.exec(line.slice(file[0].length));
    if (url) urls.set(`us/legal-texts/${file[1]}`, url[0]);
  }
  return urls;
}

function buildRules(mirror: string): Array<[RegExp, Rule]> {
  const legalUrls = legalTextUrls(mirror);
  const derivedText = (pdfPath: string): string =>
    `pdftotext -layout extraction of ${pdfPath} (mirror convenience copy)`;
  return [
    [
      /^us\/hts\/hts_(\d{4})_(basic|rev_(\d+))\.json\.gz$/,
      (_p, m) => {
        const [, year, , rev] = m;
        const title = rev ? `HTS ${year} Revision ${rev}` : `HTS ${year} Basic Edition`;
        const file = rev ? `hts_${year}_revision_${rev}_json.json` : `hts_${year}_basic_edition_json.json`;
        return {
          idBase: rev ? `hts-${year}-rev-${rev}` : `hts-${year}-basic`,
          group: "hts-editions",
          title: `${title} (USITC JSON export)`,
          publisher: USITC,
          officialUrl: `https://www.usitc.gov/sites/default/files/tata/hts/${file}`,
          officialPage: HTS_RELEASES,
          official: {
            url: `https://www.usitc.gov/sites/default/files/tata/hts/${file}`,
            form: "json",
            recipe: "gzip-json",
          },
          feeds: FEEDS["hts-editions"],
          checksumStable: false,
          licence: PUBLIC_DOMAIN,
        };
      },
    ],
    [
      /^us\/hts-change-records\/(\d{4})HTS(Basic|Rev\d+)_change_record\.(pdf|txt)$/,
      (_p, m) => {
        const [, year = "", kind = "", ext = ""] = m;
        const ed = edition(year, kind);
        const pdfPath = `us/hts-change-records/${year}HTS${kind}_change_record.pdf`;
        return {
          idBase: `change-record-${ed.idPart}-${ext}`,
          group: "change-records",
          title: `Change record, ${ed.title}${ext === "txt" ? " (text)" : ""}`,
          publisher: USITC,
          officialUrl: reststop(ed.release, "Change Record"),
          officialPage: HTS_RELEASES,
          official: {
            url: reststop(ed.release, "Change Record"),
            form: "pdf",
            recipe: ext === "pdf" ? "as-is" : "pdf-to-text",
          },
          feeds:
            ext === "pdf"
              ? "the official record behind the change-record text (citations, cross-checks of the extraction)"
              : FEEDS["change-records"],
          checksumStable: true,
          ...(ext === "txt" ? { derivation: derivedText(pdfPath) } : {}),
          licence: PUBLIC_DOMAIN,
        };
      },
    ],
    [
      /^us\/hts-notes\/chapter99_(\d{4})_rev_(\d+)\.txt\.gz$/,
      (_p, m) => {
        const [, year = "", rev = ""] = m;
        return {
          idBase: `hts-notes-chapter99-${year}-rev-${rev}`,
          group: "hts-notes",
          title: `HTS Chapter 99 full text, ${year} Revision ${rev}`,
          publisher: USITC,
          officialUrl: reststop(`${year}HTSRev${rev}`, "Chapter 99"),
          officialPage: HTS_RELEASES,
          official: { url: reststop(`${year}HTSRev${rev}`, "Chapter 99"), form: "pdf", recipe: "pdf-to-text-gzip" },
          feeds: FEEDS["hts-notes"],
          checksumStable: true,
          derivation: "text extraction of the USITC Chapter 99 PDF (with page-header noise), gzipped",
          licence: PUBLIC_DOMAIN,
        };
      },
    ],
    [
      /^us\/annexes\/([^/]+)\.(pdf|txt)$/,
      (p, m) => ({
        idBase: `annex-${slug(m[1] ?? "")}-${m[2]}`,
        group: "annexes",
        title: `Annex: ${m[1]}${m[2] === "txt" ? " (text)" : ""}`,
        publisher: "Federal Register / The White House",
        officialUrl: null,
        officialPage: FEDERAL_REGISTER,
        official: {
          none: true,
          publisher: "Federal Register / The White House",
          why: NO_ADDRESS(
            "the annex is published inside its proclamation or executive order (Federal Register / White House)",
            m[2] === "txt",
          ),
        },
        feeds: FEEDS.annexes,
        checksumStable: true,
        ...(m[2] === "txt" ? { derivation: derivedText(p.replace(/\.txt$/, ".pdf")) } : {}),
        licence: PUBLIC_DOMAIN,
      }),
    ],
    [
      /^us\/section301\/(usitc-[^/]+|ustr-[^/]+)\.(pdf|txt|xlsx)$/,
      (p, m) => {
        const usitc = (m[1] ?? "").startsWith("usitc-");
        return {
          idBase: `section301-${slug(m[1] ?? "")}-${m[2]}`,
          group: "section301",
          title: usitc ? `USITC "China Tariffs" table (${m[2]})` : `USTR Section 301 list annex ${m[1]} (${m[2]})`,
          publisher: usitc ? USITC : "Office of the US Trade Representative, Federal Register",
          officialUrl: null,
          officialPage: usitc ? "https://www.usitc.gov/" : FEDERAL_REGISTER,
          official: {
            none: true,
            publisher: usitc ? USITC : "Office of the US Trade Representative, Federal Register",
            why: NO_ADDRESS(
              usitc
                ? 'USITC\'s "China Tariffs" table (last updated Jan 1, 2020) is no longer linked from a stable address'
                : "the list annex is part of a Federal Register notice of 2018",
              m[2] === "txt",
            ),
          },
          feeds: FEEDS.section301,
          checksumStable: true,
          ...(m[2] === "txt" ? { derivation: derivedText(p.replace(/\.txt$/, ".pdf")) } : {}),
          licence: PUBLIC_DOMAIN,
        };
      },
    ],
    [
      /^us\/tariff-database-2017\/(tariff_data_2017)\.zip$/,
      () => ({
        idBase: "tariff-database-2017",
        group: "tariff-database-2017",
        title: "USITC Annual Tariff Database 2017",
        publisher: USITC,
        officialUrl: null,
        officialPage: "https://dataweb.usitc.gov/tariff/annual",
        official: {
          none: true,
          publisher: USITC,
          why: "USITC serves its annual tariff databases through the DataWeb download page; no stable per-file address is recorded in the mirror's README",
        },
        feeds: FEEDS["tariff-database-2017"],
        checksumStable: true,
        licence: PUBLIC_DOMAIN,
      }),
    ],
    [
      /^us\/imports-2024\/2024-hs10-imports(\w+)\.parquet$/,
      (_p, m) => ({
        idBase: `imports-2024-${slug(m[1] ?? "")}`,
        group: "imports-2024",
        title: `US imports 2024 by HTS-10, partner ${m[1]}`,
        publisher: "US Census Bureau",
        officialUrl: null,
        officialPage: "https://api.census.gov/data/timeseries/intltrade/imports/hs",
        official: {
          url: `${CENSUS_IMPORTS}?get=CTY_NAME,CON_VAL_YR,CAL_DUT_YR,I_COMMODITY,I_COMMODITY_SDESC&time=2024-12&COMM_LVL=HS10&CTY_CODE=${m[1] ?? ""}`,
          form: "json-api",
          recipe: "census-hs10-to-parquet",
        },
        feeds: FEEDS["imports-2024"],
        checksumStable: false,
        derivation: `Census international trade API extract (CON_VAL_YR, CAL_DUT_YR; HS-10; CTY_CODE ${m[1]}; 2024) saved as Parquet with derived columns`,
        licence: PUBLIC_DOMAIN,
      }),
    ],
    [
      /^us\/imports-hs2-monthly\/([^/]+)\.parquet$/,
      (_p, m) => ({
        idBase: `imports-hs2-monthly-${slug(m[1] ?? "")}`,
        group: "imports-hs2-monthly",
        title: `Census HS-2 monthly trade series ${m[1]}`,
        publisher: "US Census Bureau",
        officialUrl: null,
        officialPage: "https://api.census.gov/data/timeseries/intltrade/imports/hs",
        official: {
          url: hs2Query(m[1] ?? ""),
          form: "json-api",
          recipe: "census-api-to-parquet",
        },
        feeds: FEEDS["imports-hs2-monthly"],
        checksumStable: false,
        derivation: "Census international trade API extract at HS-2 level saved as Parquet",
        licence: PUBLIC_DOMAIN,
      }),
    ],
    [
      /^us\/legal-texts\/(eo|csms|courts)\/([^/]+)\.txt$/,
      (p, m) => {
        const [, kind = "", stem = ""] = m;
        const url = legalUrls.get(p) ?? null;
        const base = {
          checksumStable: true,
          official:
            url === null
              ? {
                  none: true as const,
                  publisher: "Federal Register / govinfo, CBP, Supreme Court",
                  why: "a text copy made by a third party (brendanxmac/hts-hero); the mirror's us/legal-texts/README.md records no official per-file address for it",
                }
              : { url, form: url.endsWith(".pdf") ? ("pdf" as const) : ("html" as const), recipe: "html-to-text" },
          feeds: FEEDS["legal-texts"],
          licence: `${PUBLIC_DOMAIN}; text conversion as published by brendanxmac/hts-hero`,
        };
        const derivation =
          "plain-text conversion of the official document (verbatim copy of brendanxmac/hts-hero @ e19971ee)";
        if (kind === "eo") {
          return {
            ...base,
            idBase: `eo-${slug(stem)}`,
            group: "legal-texts",
            title:
              stem === "india_removal" ? "Executive Order 14384 (file india_removal.txt)" : `Executive Order ${stem}`,
            publisher: "Office of the Federal Register (govinfo, DCPD)",
            officialUrl: url,
            officialPage: "https://www.federalregister.gov/presidential-documents/executive-orders",
            derivation,
          };
        }
        if (kind === "csms") {
          return {
            ...base,
            idBase: `csms-${slug(stem)}`,
            group: "legal-texts",
            title: `CBP CSMS message ${stem}`,
            publisher: "US Customs and Border Protection (CSMS)",
            officialUrl: url,
            officialPage: "https://content.govdelivery.com/accounts/USDHSCBP/bulletins",
            derivation,
          };
        }
        return {
          ...base,
          idBase: `court-${slug(stem)}`,
          group: "legal-texts",
          title: "Supreme Court, Learning Resources v. Trump, No. 24-1287 (Feb 20, 2026), slip opinion",
          publisher: "Supreme Court of the United States",
          officialUrl: url,
          officialPage: "https://www.supremecourt.gov/docket/docketfiles/html/public/24-1287.html",
          derivation,
        };
      },
    ],
    [
      /^us\/hts-later\/(\d{4})HTS(Rev\d+)\/(change-record|headings)\.md$/,
      (_p, m) => {
        const [, year = "", kind = "", doc = ""] = m;
        const ed = edition(year, kind);
        const isRecord = doc === "change-record";
        return {
          idBase: `hts-later-${ed.idPart}-${doc}`,
          group: "hts-later",
          title: isRecord
            ? `Change record, ${ed.title} (Markdown)`
            : `Chapter 99 headings changed in ${ed.title} (transcription)`,
          publisher: USITC,
          officialUrl: reststop(ed.release, isRecord ? "Change Record" : "Chapter 99"),
          officialPage: HTS_RELEASES,
          official: {
            none: true,
            publisher: "brendanxmac/hts-hero (from USITC documents)",
            why: isRecord
              ? "a third party's Markdown conversion of the USITC change record PDF (officialUrl); no recipe reproduces that conversion"
              : "a third party's reviewed transcription of Chapter 99 headings, not a USITC file",
          },
          feeds: FEEDS["hts-later"],
          checksumStable: true,
          derivation: isRecord
            ? "USITC change record PDF converted to Markdown (brendanxmac/hts-hero)"
            : "transcription of the release's Chapter 99 headings by brendanxmac/hts-hero: secondary, check against the PDF",
          licence: PUBLIC_DOMAIN,
        };
      },
    ],
    [
      /^cn\/(wto-ttd-[^/]+)\.csv$/,
      (_p, m) => ({
        idBase: `cn-${slug(m[1] ?? "")}`,
        group: "cn",
        title: "WTO Tariff & Trade Data: China's applied tariff on US goods by HS-6, 2025-2026",
        publisher: "World Trade Organization (Tariff & Trade Data)",
        officialUrl: null,
        officialPage: "https://ttd.wto.org/",
        official: {
          none: true,
          publisher: "World Trade Organization (Tariff & Trade Data)",
          why: "an export of the TTD web application's query (reporter C156, partner C840, 9 dates); the TTD has no stable file address for it",
        },
        feeds: FEEDS.cn,
        checksumStable: true,
        licence: "WTO terms of use",
      }),
    ],
    [
      /^cn\/([^/]+)\.(xlsx|pdf|txt)$/,
      (p, m) => {
        const [, stem = "", ext = ""] = m;
        const piie = stem.startsWith("piie-");
        return {
          idBase: `cn-${slug(stem)}${ext === "xlsx" ? "" : `-${ext}`}`,
          group: "cn",
          title: piie
            ? "PIIE China tariff workbook (Bown, Jung & Zhang, June 2019)"
            : `China retaliation list ${stem} (${ext})`,
          publisher: piie
            ? "Peterson Institute for International Economics (PIIE)"
            : "State Council Tariff Commission / Ministry of Finance (PRC)",
          officialUrl: null,
          officialPage: piie ? "https://www.piie.com/" : "https://gss.mof.gov.cn/",
          official: {
            none: true,
            publisher: piie
              ? "Peterson Institute for International Economics (PIIE)"
              : "State Council Tariff Commission / Ministry of Finance (PRC)",
            why: piie
              ? "a research workbook, not redistributable; PIIE serves it from an article page with no stable file address recorded"
              : NO_ADDRESS("the list is an annex of a Tariff Commission announcement on the MOF site", ext === "txt"),
          },
          feeds: FEEDS.cn,
          checksumStable: true,
          ...(ext === "txt" ? { derivation: derivedText(p.replace(/\.txt$/, ".pdf")) } : {}),
          licence: piie ? NOT_REDISTRIBUTABLE : "official publication of the PRC government",
        };
      },
    ],
    [
      /^commitments\/([^/]+)\.(pdf|csv|parquet)$/,
      (_p, m) => {
        const [, stem = "", ext = ""] = m;
        const official = ext === "pdf";
        return {
          idBase: `commitments-${slug(stem)}-${ext}`,
          group: "commitments",
          title: official
            ? "Phase One agreement, Annex 6.1 (official text)"
            : `Phase One tracker data: ${stem} (${ext})`,
          publisher: official ? "Office of the US Trade Representative" : "M. Waugh, Phase One tracker (researcher)",
          officialUrl: null,
          ...(official ? { officialPage: "https://ustr.gov/" } : {}),
          official: {
            none: true,
            publisher: official ? "Office of the US Trade Representative" : "M. Waugh, Phase One tracker (researcher)",
            why: official
              ? "the annex is part of the agreement text on ustr.gov; no stable per-file address is recorded in the mirror's README"
              : stem.startsWith("usda-esr")
                ? "an extract of many USDA FAS Export Sales Reporting API queries (one per country and marketing year); no single official file"
                : stem.startsWith("us-exports-to-china-soy")
                  ? "an extract of UN Comtrade API queries (US as reporter); no single official file"
                  : "researcher-derived data (not an official publication), not redistributable",
          },
          feeds: FEEDS.commitments,
          checksumStable: true,
          ...(official ? {} : { derivation: "researcher-derived from Census data and the Annex 6.1 categories" }),
          licence: official ? PUBLIC_DOMAIN : NOT_REDISTRIBUTABLE,
        };
      },
    ],
    [
      /^controls\/([^/]+)\.csv$/,
      (_p, m) => {
        const stem = m[1] ?? "";
        const csl = stem.startsWith("csl-");
        return {
          idBase: `controls-${slug(stem)}`,
          group: "controls",
          title: csl ? "Consolidated Screening List, Entity List part (2025-11-08)" : `Export-control table ${stem}`,
          publisher: csl ? "International Trade Administration (CSL)" : "research group / UN Comtrade (secondary)",
          officialUrl: null,
          ...(csl
            ? { officialPage: "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv" }
            : {}),
          official: {
            none: true,
            publisher: csl ? "International Trade Administration (CSL)" : "research group / UN Comtrade",
            why: csl
              ? "a dated extract (Entity List rows as of 2025-11-08, from a third-party scrape) of a list the publisher replaces daily"
              : "secondary data compiled from announcements or Comtrade queries; no publisher file holds it",
          },
          feeds: FEEDS.controls,
          checksumStable: true,
          licence: csl ? PUBLIC_DOMAIN : NOT_REDISTRIBUTABLE,
        };
      },
    ],
    [
      /^trade\/([^/]+)\.csv\.gz$/,
      (_p, m) => ({
        idBase: `trade-${slug(m[1] ?? "")}`,
        group: "trade",
        title: "UN Comtrade: US trade with China by HS-6, yearly 2015-2025",
        publisher: "UN Comtrade",
        officialUrl: null,
        officialPage: "https://comtradeapi.un.org/data/v1/get/C/A/HS",
        official: {
          none: true,
          publisher: "UN Comtrade",
          why: "an extract of many Comtrade API queries (a subscription key is needed for bulk queries); no single official file",
        },
        feeds: FEEDS.trade,
        checksumStable: true,
        licence: "UN Comtrade terms of use",
      }),
    ],
    [
      /^reference\/([^/]+)\.csv$/,
      (_p, m) => {
        const stem = m[1] ?? "";
        const census = stem === "census-country-codes";
        return {
          idBase: `reference-${slug(stem)}`,
          group: "reference",
          title: `Reference table ${stem} (secondary, cross-checks only)`,
          publisher: census ? "US Census Bureau (Schedule C)" : "researcher / compiled list (secondary)",
          officialUrl: null,
          ...(census ? { officialPage: "https://www.census.gov/foreign-trade/schedules/c/countrycode.html" } : {}),
          official: {
            none: true,
            publisher: census ? "US Census Bureau (Schedule C)" : "researcher / compiled list (secondary)",
            why: census
              ? "a CSV made from the Census Schedule C web page (a table in HTML), not a file Census publishes"
              : "secondary material compiled by researchers, kept for cross-checks only",
          },
          feeds: FEEDS.reference,
          checksumStable: true,
          licence: census ? PUBLIC_DOMAIN : NOT_REDISTRIBUTABLE,
        };
      },
    ],
  ];
}

async function sha256Gunzip(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  await pipeline(createReadStream(file), createGunzip(), async function (source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  });
  return { sha256: hash.digest("hex"), bytes };
}

function readSums(mirror: string): Array<{ path: string; sha256: string }> {
  const text = readFileSync(join(mirror, "SHA256SUMS"), "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((line, i) => {
      const m = /^([0-9a-f]{64}) [ *]\.?\/?(.+)$/.exec(line);
      if (!m?.[1] || !m[2]) throw new Error(`SHA256SUMS line ${i + 1} is not "<sha256>  <path>": ${line}`);
      return { sha256: m[1], path: m[2] };
    });
}

/** path → id of a previous manifest (any schema version), or an empty map. */
function previousIds(data: unknown): Map<string, string> {
  const entries = (data as { entries?: unknown } | null)?.entries;
  const ids = new Map<string, string>();
  if (!Array.isArray(entries)) return ids;
  for (const e of entries as Array<{ path?: unknown; id?: unknown }>) {
    if (typeof e.path === "string" && typeof e.id === "string") ids.set(e.path, e.id);
  }
  return ids;
}

/** Build the manifest from a mirror folder; `previous` (path → id) keeps existing ids stable. */
export async function buildManifest(
  mirror: string,
  previous?: SourceManifest | Map<string, string>,
): Promise<SourceManifest> {
  const rules = buildRules(mirror);
  const oldIds = previous instanceof Map ? previous : new Map((previous?.entries ?? []).map((e) => [e.path, e.id]));
  const entries: SourceEntry[] = [];
  const sums = readSums(mirror);
  const shaOf = new Map(sums.map((s) => [s.path, s.sha256]));
  for (const { path, sha256 } of sums.sort((a, b) => a.path.localeCompare(b.path))) {
    const rule = rules.find(([re]) => re.test(path));
    if (!rule) throw new Error(`no manifest rule for ${path}: add one to scripts/build-manifest.ts`);
    const [re, make] = rule;
    const { idBase, ...draft } = make(path, re.exec(path) as RegExpExecArray);
    const file = join(mirror, path);
    const entry: SourceEntry = { id: oldIds.get(path) ?? idBase, path, ...draft, sha256, bytes: statSync(file).size };
    if ("recipe" in entry.official && entry.official.recipe.startsWith("census-")) {
      const digest = await parquetContentSha256(file);
      if (digest === null) throw new Error(`${path}: not a readable Parquet file`);
      entry.contentSha256 = digest;
    }
    // A text extracted from a PDF the mirror also holds: the PDF's checksum pins the document the recipe extracts from.
    if ("recipe" in entry.official && entry.official.recipe.startsWith("pdf-to-text")) {
      const pdf = shaOf.get(path.replace(/\.txt(\.gz)?$/, ".pdf"));
      if (pdf !== undefined) entry.official = { ...entry.official, sha256: pdf };
    }
    if ("recipe" in entry.official && entry.official.recipe === "gzip-json") {
      const content = await sha256Gunzip(file);
      entry.contentSha256 = content.sha256;
      entry.contentBytes = content.bytes;
    }
    entries.push(orderKeys(entry));
  }
  const groupOrder = Object.keys(GROUPS);
  entries.sort((a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group) || naturalCompare(a.path, b.path));
  const manifest: SourceManifest = {
    version: 1,
    generatedBy: "scripts/build-manifest.ts (from the data mirror's SHA256SUMS and README address patterns)",
    conventions: CONVENTIONS,
    groups: GROUPS,
    entries,
  };
  return parseManifest(JSON.parse(JSON.stringify(manifest)), "generated manifest");
}

const KEY_ORDER: Array<keyof SourceEntry> = [
  "id",
  "path",
  "group",
  "title",
  "publisher",
  "sha256",
  "bytes",
  "officialUrl",
  "officialPage",
  "official",
  "feeds",
  "contentSha256",
  "contentBytes",
  "checksumStable",
  "derivation",
  "licence",
];

function orderKeys(e: SourceEntry): SourceEntry {
  const out: Record<string, unknown> = {};
  for (const k of KEY_ORDER) if (e[k] !== undefined) out[k] = e[k];
  return out as SourceEntry;
}

function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { mirror: { type: "string" }, out: { type: "string" }, check: { type: "boolean", default: false } },
  });
  const mirror = resolveMirror({ mirror: values.mirror });
  if (!mirror) throw new Error("no data mirror found: pass --mirror <dir> or set TARIFFSCOPE_MIRROR");
  const out = resolve(values.out ?? defaultManifestPath);
  // Only the ids of the previous manifest are kept, so it is read without validation (its schema may be older).
  const previous = existsSync(out) ? previousIds(JSON.parse(readFileSync(out, "utf8")) as unknown) : undefined;
  const manifest = await buildManifest(mirror, previous);
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (values.check) {
    const same = existsSync(out) && readFileSync(out, "utf8") === text;
    console.log(same ? `${out} is up to date` : `${out} is out of date: run npx tsx scripts/build-manifest.ts`);
    process.exitCode = same ? 0 : 1;
    return;
  }
  await writeFile(out, text);
  const counts = new Map<string, number>();
  for (const e of manifest.entries) counts.set(e.group, (counts.get(e.group) ?? 0) + 1);
  console.log(`wrote ${out}: ${manifest.entries.length} entries from ${basename(mirror)}/SHA256SUMS`);
  for (const [g, n] of counts) console.log(`  ${g.padEnd(22)} ${n}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
