-- Land emission values, step 4: mark the natural days touched (dataset
-- 'emission' in dirty_day, consumed by transform/polluter.Run).
INSERT INTO dirty_day (dataset, day, file_id)
SELECT DISTINCT 'emission', CAST(time - INTERVAL 1 HOUR AS DATE), getvariable('polluter_file_id')
FROM emission_stage;
