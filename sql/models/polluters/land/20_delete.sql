-- Land emission values, step 2: remove the replaced current rows (run only
-- when step 1 moved any).
DELETE FROM emission_value v
USING emission_stage s
WHERE s.outlet_code = v.outlet_code AND s.pollutant = v.pollutant AND s.period = v.period AND s.time = v.time
  AND v.time BETWEEN (SELECT min(time) FROM emission_stage) AND (SELECT max(time) FROM emission_stage);
