-- The errata of the versions selected like list.sql, in document order.
SELECT product, period, version, table_id, row_key, column_key, label, old_value, new_value
FROM erratum
WHERE ($1 = '' OR product = $1) AND ($2 = '' OR period = $2)
ORDER BY product, period, version, seq;
