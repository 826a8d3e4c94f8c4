-- Land emission values, step 1: keep the current rows that the staged
-- file replaces (same outlet, pollutant, period and time).
-- Input: emission_stage (TEMP, created by transform/polluter.NewStage),
-- getvariable('polluter_file_id').
INSERT INTO emission_value_superseded
SELECT v.outlet_code, v.pollutant, v.time, v.period, v.value, v.converted_value, v.flow, v.flag,
       v.file_id, getvariable('polluter_file_id')
FROM emission_value v
JOIN emission_stage s
  ON s.outlet_code = v.outlet_code AND s.pollutant = v.pollutant AND s.period = v.period AND s.time = v.time
WHERE v.time BETWEEN (SELECT min(time) FROM emission_stage) AND (SELECT max(time) FROM emission_stage);
