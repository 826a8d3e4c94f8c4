-- ingest: mark the natural days the files of a group touched, in one
-- statement. $1 = one item per file, joined by ';', each the file_id, ':'
-- and its days as 'YYYY-MM-DD' joined by ',' (see air_dirty.sql).
INSERT INTO dirty_day (dataset, day, file_id)
SELECT 'air', CAST(unnest(string_split(split_part(f, ':', 2), ',')) AS DATE), CAST(split_part(f, ':', 1) AS BIGINT)
FROM (SELECT unnest(string_split($1, ';')) AS f);
