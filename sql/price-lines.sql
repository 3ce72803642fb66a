-- Price every entry line against the compiled interval panel (one row per entry line × heading).
--
-- Portable SQL: it runs unchanged in DuckDB (tariffscope), Spark SQL and Trino over the same Parquet tables.
-- Inputs (tables or views of the same names):
--   entry_lines(src_row, entry_number, line_number, entry_date DATE, hts10, origin, entered_value DECIMAL(18,2), facts_key, has_declared BOOLEAN)
--   origin_classes(origin, origin_class, coverage)
--   interval_panel(hts10, origin_class, facts_key, valid_from DATE, valid_to DATE, line_order, heading, authority, program,
--                  role, rate_percent, rate_text, value_base, value_share, effective_percent DECIMAL(18,6), refundable, instrument,
--                  measure_id, needs_facts, uncertain)
--   declared_lines(entry_number, line_number, heading, declared_amount DECIMAL(18,2))   -- 'base' names the base line
--   heading_authorities(heading, authority, refundable BOOLEAN)
-- Rounding: each heading's amount is entered value × effective rate, rounded half away from zero to the cent
-- (CBP computes duty per line and rounds it to the cent), in DECIMAL arithmetic.
WITH computed AS (
  SELECT
    e.src_row, e.entry_number, e.line_number, e.entry_date, e.hts10, e.origin, o.coverage, e.entered_value, e.has_declared,
    p.line_order, p.heading, p.authority, p.program, p.role, p.rate_percent, p.rate_text, p.value_base, p.value_share,
    p.effective_percent, p.refundable, p.instrument, p.measure_id, p.needs_facts, p.uncertain,
    CASE WHEN p.role = 'base' THEN 'base' ELSE p.heading END AS declare_key,
    CAST(ROUND(e.entered_value * p.effective_percent / 100, 2) AS DECIMAL(18,2)) AS amount
  FROM entry_lines e
  JOIN origin_classes o ON o.origin = e.origin
  JOIN interval_panel p
    ON p.hts10 = e.hts10
   AND p.origin_class = o.origin_class
   AND p.facts_key = e.facts_key
   AND e.entry_date >= p.valid_from
   AND e.entry_date < p.valid_to
),
declared AS (
  SELECT d.entry_number, d.line_number, d.heading, d.declared_amount, h.authority, h.refundable
  FROM declared_lines d
  LEFT JOIN heading_authorities h ON h.heading = d.heading
),
priced_keys AS (
  -- Declared rows exist only for lines that declare amounts: only those lines need their key.
  SELECT DISTINCT src_row, entry_number, line_number FROM computed WHERE has_declared
)
SELECT
  COALESCE(c.src_row, k.src_row) AS src_row,
  COALESCE(c.entry_number, d.entry_number) AS entry_number,
  COALESCE(c.line_number, d.line_number) AS line_number,
  COALESCE(c.line_order, 1000) AS line_order,
  COALESCE(c.heading, d.heading) AS heading,
  COALESCE(c.authority, d.authority) AS authority,
  c.program, c.role, c.rate_percent, c.rate_text, c.value_base, c.value_share, c.effective_percent,
  COALESCE(c.refundable, d.refundable, FALSE) AS refundable,
  c.instrument, c.measure_id, c.needs_facts, c.uncertain,
  c.amount,
  d.declared_amount,
  CASE
    WHEN d.declared_amount IS NOT NULL THEN COALESCE(c.amount, CAST(0 AS DECIMAL(18,2))) - d.declared_amount
    WHEN c.has_declared THEN c.amount
    ELSE NULL
  END AS difference
FROM computed c
FULL OUTER JOIN declared d
  ON d.entry_number = c.entry_number AND d.line_number = c.line_number AND d.heading = c.declare_key
LEFT JOIN priced_keys k
  ON k.entry_number = d.entry_number AND k.line_number = d.line_number
WHERE COALESCE(c.src_row, k.src_row) IS NOT NULL
