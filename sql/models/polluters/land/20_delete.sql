-- Land emission values, step 2: remove the replaced current rows (run only
-- when step 1 moved any). $1/$2 = min/max time, $3/$4 = min/max
-- outlet_code of the stage, then a semi-join on the staged keys.
DELETE FROM emission_value v
WHERE v.time BETWEEN $1 AND $2
  AND v.outlet_code BETWEEN $3 AND $4
  AND EXISTS (SELECT 1 FROM emission_stage s
              WHERE s.outlet_code = v.outlet_code AND s.pollutant = v.pollutant
                AND s.period = v.period AND s.time = v.time);
