-- transform (air, incremental run): take the dirty_day marks (dataset
-- 'air') this run works from (air_touched_mark was emptied first:
-- touched_clear.sql). Files landing later keep their marks for the next
-- run. No parameters.
INSERT INTO air_touched_mark
SELECT DISTINCT file_id, day FROM dirty_day WHERE dataset = 'air';
