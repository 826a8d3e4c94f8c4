-- Land emission values, step 3: insert the staged rows (deduplicated by
-- 05_dedupe.sql).
INSERT INTO emission_value
SELECT outlet_code, pollutant, time, period, value, converted_value, flow, flag, getvariable('polluter_file_id')
FROM emission_stage;
