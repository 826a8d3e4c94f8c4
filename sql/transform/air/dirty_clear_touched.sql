-- transform (air, incremental run): consume the dirty_day marks of a day
-- batch that this run took (air_touched_mark), in the batch's
-- transaction; a mark added while the run was in progress stays for the
-- next run (its rows are not in air_touched_hour). ? 1 = first day, ? 2 =
-- last day (YYYY-MM-DD text, both inclusive).
DELETE FROM dirty_day
WHERE dataset = 'air' AND day BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
  AND (file_id, day) IN (SELECT file_id, day FROM air_touched_mark);
