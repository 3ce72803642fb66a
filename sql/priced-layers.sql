-- The priced rows with their panel layer's columns (one row per entry line × heading): the `priced` view over the
-- narrow output of `sql/price-lines.sql` (table priced_amounts). Portable SQL, like price-lines.sql.
SELECT
  a.src_row, a.entry_number, a.line_number, a.line_order, a.heading, a.authority,
  p.program, p.role, p.rate_percent, p.rate_text, p.value_base, p.value_share, p.effective_percent,
  a.refundable,
  p.instrument, p.measure_id, p.needs_facts, p.uncertain,
  a.amount, a.declared_amount, a.difference
FROM priced_amounts a
LEFT JOIN interval_panel p ON p.layer_id = a.layer_id
