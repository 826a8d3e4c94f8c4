-- The errata of one version, all in one statement: $4 is a JSON array of
-- {"seq", "table", "row", "column", "label", "old", "new"}.
INSERT INTO erratum (product, period, version, seq, table_id, row_key, column_key, label, old_value, new_value)
SELECT $1, $2, $3, e.seq, e."table", e."row", e."column", e.label, e."old", e."new"
FROM (SELECT unnest(json_transform(CAST($4 AS JSON),
        '[{"seq":"INTEGER","table":"VARCHAR","row":"VARCHAR","column":"VARCHAR","label":"VARCHAR","old":"VARCHAR","new":"VARCHAR"}]'),
        recursive := true)) AS e;
