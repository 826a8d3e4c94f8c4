-- transform (air, incremental run): how many of the taken (file, day)
-- marks (air_touched_mark) have no row of that file on that day in
-- air_hour (all its rows there were replaced by a later file, or something
-- other than landed rows marked the day). When there is any, the run
-- recomputes whole days, as it cannot tell the hours from the rows. No
-- parameters.
SELECT count(*)
FROM air_touched_mark d
WHERE NOT EXISTS (
    SELECT 1 FROM air_hour h
    WHERE h.file_id = d.file_id
      AND h.time > CAST(d.day AS TIMESTAMP)
      AND h.time <= CAST(d.day AS TIMESTAMP) + INTERVAL 1 DAY
);
