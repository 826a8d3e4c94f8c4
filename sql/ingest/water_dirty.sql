-- ingest: mark the calendar days a water file touched (dataset 'water' of
-- the shared dirty_day table; a water sample is labelled with the time it
-- was taken, so its day is the date of sampled_at). $1 = file_id, $2 = the
-- days as 'YYYY-MM-DD' joined by commas. transform/water.Run still takes
-- From/To months; a caller can derive them from these marks.
INSERT INTO dirty_day (dataset, day, file_id)
SELECT 'water', CAST(d AS DATE), $1
FROM (SELECT unnest(string_split($2, ',')) AS d);
