-- Price every entry line against the compiled interval panel (one row per entry line × heading).
--
-- Portable SQL: it runs unchanged in DuckDB (tariffscope), Spark SQL and Trino over the same Parquet tables.
-- Inputs (tables or views of the same names):
--   entry_lines(src_row, entry_number, line_number, entry_date DATE, hts10, origin, entered_value DECIMAL(18,2), facts_key, has_declared BOOLEAN)
--   origin_classes(origin, origin_class, coverage)
--   interval_panel(layer_id, hts10, origin_class, facts_key, valid_from DATE, valid_to DATE, line_order, heading, authority,
--                  role, effective_percent DECIMAL(18,6), refundable, …)   -- layer_id: any id unique per panel row
--   declared_lines(entry_number, line_number, heading, declared_amount DECIMAL(18,2))   -- 'base' names the base line
--   heading_authorities(heading, authority, refundable BOOLEAN)
-- Output: the amounts only, each computed row naming its panel row (layer_id); `sql/priced-layers.sql` adds the layer's
-- other columns (program, rate, value share, instrument, needs_facts, uncertain, …). Keeping the 2–3 rows per line
-- narrow is what makes the join cheap: the panel's text columns are read once per layer, not once per line.
-- Rounding: each heading's amount is entered value × effective rate, rounded half away from zero to the cent
-- (CBP computes duty per line and rounds it to the cent), in DECIMAL arithmetic.
WITH computed AS (
  SELECT
    e.src_row, e.entry_number, e.line_number, e.has_declared,
    p.layer_id, p.line_order, p.heading, p.authority, p.refundable,
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
  -- The declared amounts of lines the panel prices (a line without an interval on its date is rejected by the caller).
  SELECT e.src_row, e.entry_number, e.line_number, d.heading, d.declared_amount, h.authority, h.refundable
  FROM declared_lines d
  JOIN entry_lines e ON e.entry_number = d.entry_number AND e.line_number = d.line_number
  JOIN origin_classes o ON o.origin = e.origin
  LEFT JOIN heading_authorities h ON h.heading = d.heading
  WHERE EXISTS (
    SELECT 1 FROM interval_panel p
    WHERE p.hts10 = e.hts10 AND p.origin_class = o.origin_class AND p.facts_key = e.facts_key
      AND e.entry_date >= p.valid_from AND e.entry_date < p.valid_to
  )
)
SELECT
  COALESCE(c.src_row, d.src_row) AS src_row,
  COALESCE(c.entry_number, d.entry_number) AS entry_number,
  COALESCE(c.line_number, d.line_number) AS line_number,
  c.layer_id,
  COALESCE(c.line_order, 1000) AS line_order,
  COALESCE(c.heading, d.heading) AS heading,
  COALESCE(c.authority, d.authority) AS authority,
  COALESCE(c.refundable, d.refundable, FALSE) AS refundable,
  c.amount,
  d.declared_amount,
  CASE
    WHEN d.declared_amount IS NOT NULL THEN COALESCE(c.amount, CAST(0 AS DECIMAL(18,2))) - d.declared_amount
    WHEN c.has_declared THEN c.amount
    ELSE NULL
  END AS difference
FROM computed c
FULL OUTER JOIN declared d
  ON d.src_row = c.src_row AND d.heading = c.declare_key
