-- ingest: mark the natural days a file touched. $1 = file_id, $2 = the
-- days as 'YYYY-MM-DD' joined by commas (computed while decoding: a day is
-- CAST(time - INTERVAL 1 HOUR AS DATE), since 00:00 ends the previous day).
INSERT INTO dirty_day (dataset, day, file_id)
SELECT 'air', CAST(d AS DATE), $1
FROM (SELECT unnest(string_split($2, ',')) AS d);
