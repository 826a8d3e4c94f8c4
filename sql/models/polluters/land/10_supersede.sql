-- Land emission values, step 1: keep the current rows that the staged
-- file replaces (same outlet, pollutant, period and time). Run only when
-- 07_existing.sql found current rows of the file's keys in its range.
-- Input: emission_stage (TEMP, transform/polluter.StageDDL),
-- getvariable('polluter_file_id'); $1/$2 = min/max time, $3/$4 = min/max
-- outlet_code of the stage (zonemap-prunable bounds), then a semi-join on
-- the staged keys.
INSERT INTO emission_value_superseded
SELECT v.outlet_code, v.pollutant, v.time, v.period, v.value, v.converted_value, v.flow, v.flag,
       v.file_id, getvariable('polluter_file_id')
FROM emission_value v
WHERE v.time BETWEEN $1 AND $2
  AND v.outlet_code BETWEEN $3 AND $4
  AND EXISTS (SELECT 1 FROM emission_stage s
              WHERE s.outlet_code = v.outlet_code AND s.pollutant = v.pollutant
                AND s.period = v.period AND s.time = v.time);
