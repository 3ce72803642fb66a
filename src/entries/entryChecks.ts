import { ENTRY_COLUMNS, LIQUIDATION_STATUSES, MAX_LINE_VALUE, PROTEST_STATUSES } from "./entrySchema.js";

/**
 * The row checks of the entry-line schema as SQL (DuckDB), run over a table of raw text fields `raw` whose columns are
 * the canonical names (absent columns as ''). One vectorised pass: for each row, the first failing check gives
 * `problem_column` and `problem`; rows without a problem are converted to typed values. Values are quoted literals;
 * no text from a file ever becomes SQL.
 */

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const list = (xs: readonly string[]): string => `(${xs.map(lit).join(", ")})`;
const TRUE = ["true", "yes", "y", "1", "x"];
const FALSE = ["false", "no", "n", "0", ""];

const dateExpr = (c: string): string =>
  `CASE WHEN ${c} = '' THEN NULL ELSE COALESCE(try_strptime(${c}, '%Y-%m-%d'), try_strptime(${c}, '%m/%d/%Y'), try_strptime(${c}, '%Y%m%d'))::DATE END`;
const moneyExpr = (c: string): string => `replace(ltrim(${c}, '$'), ',', '')`;
/** Parsed forms are columns computed once per row (`helperColumnsSql`), named after their source column. */
const date = (c: string): string => `_d_${c}`;
const money = (c: string): string => `_m_${c}`;
const DATE_COLUMNS = ["entry_date", "entry_summary_date", "deposit_date", "liquidation_date", "loaded_on_vessel"];
const MONEY_COLUMNS = ["entered_value", "duty_paid"];

/** The parsed helper columns (dates, amounts, the HTS digits), computed once per row. */
export function helperColumnsSql(): string {
  return [
    ...DATE_COLUMNS.map((c) => `${dateExpr(c)} AS ${date(c)}`),
    ...MONEY_COLUMNS.map((c) => `${moneyExpr(c)} AS ${money(c)}`),
    `regexp_replace(hts10, '[.\\s]', '', 'g') AS _hts`,
  ].join(", ");
}
const clip = (c: string): string => `CASE WHEN length(${c}) > 40 THEN left(${c}, 40) || '…' ELSE ${c} END`;
const enumOf = (c: string): string => `regexp_replace(lower(${c}), '[\\s_]+', '-', 'g')`;

interface Check {
  column: string;
  /** SQL true when the row fails. */
  fails: string;
  /** SQL text of the reason. */
  reason: string;
}

/** The checks, in the order a row is reported by (the first failing one). Coverage dates are parameters $from, $to. */
export function rowChecks(): Check[] {
  const checks: Check[] = [
    { column: "entry_number", fails: `NOT regexp_full_match(upper(entry_number), '[A-Z0-9]{3}-?\\d{7}-?\\d')`, reason: `'"' || ${clip("entry_number")} || '" is not an entry number (filer code, 7 digits, check digit: e.g. ABC-1234567-8)'` },
    { column: "entry_type", fails: `NOT regexp_full_match(lpad(entry_type, 2, '0'), '\\d{2}')`, reason: `'"' || ${clip("entry_type")} || '" is not a 2-digit entry type code'` },
    { column: "entry_date", fails: `${date("entry_date")} IS NULL`, reason: `'"' || ${clip("entry_date")} || '" is not a date (YYYY-MM-DD or MM/DD/YYYY)'` },
    { column: "entry_date", fails: `${date("entry_date")} NOT BETWEEN $from::DATE AND $to::DATE`, reason: `CAST(${date("entry_date")} AS VARCHAR) || ' is outside the ledger''s coverage (' || $from || ' to ' || $to || ')'` },
    { column: "entry_summary_date", fails: `entry_summary_date <> '' AND ${date("entry_summary_date")} IS NULL`, reason: `'"' || ${clip("entry_summary_date")} || '" is not a date'` },
    { column: "entry_summary_date", fails: `entry_summary_date <> '' AND ${date("entry_summary_date")} < ${date("entry_date")}`, reason: `CAST(${date("entry_summary_date")} AS VARCHAR) || ' is before the entry date'` },
    { column: "deposit_date", fails: `deposit_date <> '' AND ${date("deposit_date")} IS NULL`, reason: `'"' || ${clip("deposit_date")} || '" is not a date'` },
    { column: "line_number", fails: `NOT regexp_full_match(line_number, '\\d{1,4}') OR CAST(line_number AS INTEGER) < 1`, reason: `'"' || ${clip("line_number")} || '" is not a line number (1–9999)'` },
    { column: "hts10", fails: `NOT regexp_full_match(_hts, '\\d{10}')`, reason: `'"' || ${clip("hts10")} || '" is not a 10-digit HTS statistical number'` },
    { column: "hts10", fails: `_hts SIMILAR TO '9[89].*'`, reason: `_hts || ' is a Chapter 98/99 provision: give the goods'' own Chapter 1–97 number (and chapter98=true)'` },
    { column: "hts10", fails: `_hts NOT IN (SELECT hts10 FROM known_lines)`, reason: `_hts || ' is not a statistical line of any HTS edition the ledger holds'` },
    { column: "country_of_origin", fails: `upper(country_of_origin) NOT IN (SELECT origin FROM known_origins)`, reason: `'"' || ${clip("country_of_origin")} || '" is not a known ISO country code'` },
    ...moneyChecks("entered_value", true),
    { column: "quantity", fails: `quantity <> '' AND COALESCE(try_cast(replace(quantity, ',', '') AS DOUBLE) < 0, TRUE)`, reason: `'"' || ${clip("quantity")} || '" is not a non-negative number'` },
    ...moneyChecks("duty_paid", false),
    {
      column: "declared_ch99",
      fails: `declared_ch99 <> '' AND NOT list_bool_and(list_transform(list_filter(string_split(regexp_replace(declared_ch99, '\\|', ';', 'g'), ';'), p -> trim(p) <> ''), p -> regexp_full_match(lower(trim(p)), '(base|99\\d{2}\\.?\\d{2}\\.?\\d{2})\\s*=\\s*\\$?[\\d,]{1,18}(\\.\\d{1,2})?')))`,
      reason: `'"' || ${clip("declared_ch99")} || '" should be heading=amount pairs separated by ; (e.g. 9903.88.03=3543.00;base=410.99)'`,
    },
    {
      column: "declared_ch99",
      fails: `declared_ch99 <> '' AND len(list_distinct(${declaredHeadings()})) <> len(${declaredHeadings()})`,
      reason: `'a heading is declared twice in "' || ${clip("declared_ch99")} || '"'`,
    },
    { column: "liquidation_status", fails: `liquidation_status <> '' AND ${enumOf("liquidation_status")} NOT IN ${list(LIQUIDATION_STATUSES)}`, reason: `'"' || ${clip("liquidation_status")} || '" is not one of ${LIQUIDATION_STATUSES.join(", ")}'` },
    { column: "liquidation_date", fails: `liquidation_date <> '' AND ${date("liquidation_date")} IS NULL`, reason: `'"' || ${clip("liquidation_date")} || '" is not a date'` },
    { column: "liquidation_date", fails: `${enumOf("liquidation_status")} = 'liquidated' AND liquidation_date = ''`, reason: `'a liquidated entry needs its liquidation date'` },
    { column: "liquidation_date", fails: `liquidation_date <> '' AND ${date("liquidation_date")} < ${date("entry_date")}`, reason: `CAST(${date("liquidation_date")} AS VARCHAR) || ' is before the entry date'` },
    { column: "protest_status", fails: `protest_status <> '' AND ${enumOf("protest_status")} NOT IN ${list(PROTEST_STATUSES)}`, reason: `'"' || ${clip("protest_status")} || '" is not one of ${PROTEST_STATUSES.join(", ")}'` },
    { column: "importer_kind", fails: `importer_kind <> '' AND ${enumOf("importer_kind")} NOT IN ('corporate', 'non-corporate')`, reason: `'"' || ${clip("importer_kind")} || '" is not corporate or non-corporate'` },
  ];
  for (const c of ENTRY_COLUMNS) {
    if (c.kind === "bool") checks.push({ column: c.name, fails: `lower(${c.name}) NOT IN ${list([...TRUE, ...FALSE])}`, reason: `'"' || ${clip(c.name)} || '" is not true/false (Y/N, 1/0)'` });
    if (c.kind === "share") checks.push({ column: c.name, fails: `${c.name} <> '' AND COALESCE(${share(c.name)} NOT BETWEEN 0 AND 1, TRUE)`, reason: `'"' || ${clip(c.name)} || '" is not a share between 0 and 1 (or 0%–100%)'` });
    if (c.kind === "date" && c.fact) checks.push({ column: c.name, fails: `${c.name} <> '' AND ${date(c.name)} IS NULL`, reason: `'"' || ${clip(c.name)} || '" is not a date'` });
  }
  checks.push({
    column: "steel_share",
    fails: `(CASE WHEN steel_share <> '' THEN 1 ELSE 0 END + CASE WHEN aluminum_share <> '' THEN 1 ELSE 0 END + CASE WHEN copper_share <> '' THEN 1 ELSE 0 END) > 1
      AND COALESCE(${share("steel_share")}, 0) + COALESCE(${share("aluminum_share")}, 0) + COALESCE(${share("copper_share")}, 0) > 1.000000001`,
    reason: `'metal content shares add up to more than the whole value'`,
  });
  return checks;
}

function moneyChecks(column: string, required: boolean): Check[] {
  const v = money(column);
  const present = required ? "TRUE" : `${column} <> ''`;
  return [
    { column, fails: `${present} AND NOT regexp_full_match(${v}, '-?\\d{1,15}(\\.\\d{1,2})?')`, reason: `'"' || ${clip(column)} || '" is not an amount in dollars to the cent'` },
    { column, fails: `${present} AND starts_with(${v}, '-')`, reason: `${v} || ' is negative'` },
    { column, fails: `${present} AND try_cast(${v} AS DECIMAL(18,2)) > ${MAX_LINE_VALUE}`, reason: `${v} || ' is beyond ${MAX_LINE_VALUE.toLocaleString("en-US")} USD for one line: not a plausible value'` },
  ];
}

function share(c: string): string {
  return `CASE WHEN ends_with(${c}, '%') THEN try_cast(rtrim(${c}, '%') AS DOUBLE) / 100 ELSE try_cast(${c} AS DOUBLE) END`;
}

/** Declared headings, normalised to 9903.xx.xx (or base). */
function declaredHeadings(): string {
  return `list_transform(list_filter(string_split(regexp_replace(declared_ch99, '\\|', ';', 'g'), ';'), p -> trim(p) <> ''), p -> ${normHeading("split_part(lower(trim(p)), '=', 1)")})`;
}

function normHeading(h: string): string {
  const digits = `regexp_replace(trim(${h}), '\\.', '', 'g')`;
  return `CASE WHEN trim(${h}) = 'base' THEN 'base' ELSE substr(${digits}, 1, 4) || '.' || substr(${digits}, 5, 2) || '.' || substr(${digits}, 7, 2) END`;
}

/** `CASE` of the first failing check: its column and reason joined by a unit separator (U+001F), NULL when none fails. */
export function problemSql(): string {
  return `CASE ${rowChecks().map((c) => `WHEN ${c.fails} THEN ${lit(c.column)} || chr(31) || (${c.reason})`).join("\n ")} ELSE NULL END`;
}

/**
 * The typed columns of a row (the `entry_lines` table), from the canonical text columns and their parsed forms. Every
 * conversion is a `try_` one, so the columns are computed in the same pass as the checks, for every row: a row that
 * passes the checks converts exactly (its values are valid), a rejected row's typed values are never used.
 */
export function typedColumnsSql(): string {
  const bool = (c: string): string => `lower(${c}) IN ${list(TRUE)}`;
  const facts = ENTRY_COLUMNS.filter((c) => c.fact).sort((a, b) => (a.fact! < b.fact! ? -1 : 1));
  const factJson = facts
    .map((c) => {
      const v =
        c.kind === "share" ? `CAST(${share(c.name)} AS VARCHAR)` :
        c.kind === "bool" ? `CASE WHEN ${bool(c.name)} THEN 'true' ELSE 'false' END` :
        c.kind === "date" ? `'"' || CAST(${date(c.name)} AS VARCHAR) || '"'` :
        `'[' || array_to_string(list_transform(list_filter(string_split(${c.name}, '|'), x -> trim(x) <> ''), x -> '"' || replace(replace(trim(x), '\\', ''), '"', '') || '"'), ',') || ']'`;
      return `CASE WHEN ${c.name} <> '' THEN '"${c.fact}":' || ${v} END`;
    })
    .join(", ");
  return `replace(upper(entry_number), '-', '') AS entry_number,
    lpad(entry_type, 2, '0') AS entry_type,
    ${date("entry_date")} AS entry_date,
    ${date("entry_summary_date")} AS summary_date,
    COALESCE(${date("deposit_date")}, ${date("entry_summary_date")}, ${date("entry_date")}) AS deposit_date,
    try_cast(line_number AS INTEGER) AS line_number,
    _hts AS hts10,
    upper(country_of_origin) AS origin,
    try_cast(${money("entered_value")} AS DECIMAL(18,2)) AS entered_value,
    try_cast(replace(quantity, ',', '') AS DOUBLE) AS quantity,
    try_cast(${money("duty_paid")} AS DECIMAL(18,2)) AS duty_paid,
    CASE WHEN declared_ch99 = '' THEN '' ELSE array_to_string(list_transform(list_filter(string_split(regexp_replace(declared_ch99, '\\|', ';', 'g'), ';'), p -> trim(p) <> ''),
      p -> ${normHeading("split_part(lower(trim(p)), '=', 1)")} || '=' || ${moneyExpr("trim(split_part(p, '=', 2))")}), ';') END AS declared,
    CASE WHEN liquidation_status = '' THEN 'unliquidated' ELSE ${enumOf("liquidation_status")} END AS liquidation_status,
    ${date("liquidation_date")} AS liquidation_date,
    CASE WHEN protest_status = '' THEN 'none' ELSE ${enumOf("protest_status")} END AS protest_status,
    ${bool("adcvd")} AS adcvd, ${bool("adcvd_instructions_issued")} AS adcvd_instructions, ${bool("surety_paid")} AS surety_paid,
    ${bool("reconciliation_flag")} AS reconciliation, ${bool("drawback_flag")} AS drawback, ${bool("ieepa_value_reported")} AS ieepa_value_reported,
    ${enumOf("importer_kind")} AS importer_kind,
    '{' || concat_ws(',', ${factJson}) || '}' AS facts_key,
    declared_ch99 <> '' AS has_declared`;
}
