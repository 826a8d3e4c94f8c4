-- polluters (LoadRoster), registry merge (SCD2) of outlet_limit, step 1:
-- close the current rows (key: outlet, pollutant, limit basis) whose
-- attributes differ from roster_limit_stage. ? 1 = now (CST wall clock):
-- the end of their validity.
UPDATE outlet_limit c SET valid_to = ?
FROM roster_limit_stage s
WHERE c.outlet_code = s.outlet_code AND c.pollutant = s.pollutant AND c.limit_basis = s.limit_basis
  AND c.valid_to IS NULL
  AND (c.limit_value IS DISTINCT FROM s.limit_value
       OR c.unit IS DISTINCT FROM s.unit
       OR c.direction IS DISTINCT FROM s.direction
       OR c.use_converted IS DISTINCT FROM s.use_converted
       OR c.standard_name IS DISTINCT FROM s.standard_name);
