-- polluters (LoadRoster), registry merge (SCD2) of outlet, step 1: close
-- the current rows whose attributes differ from roster_outlet_stage.
-- ? 1 = now (CST wall clock): the end of their validity.
UPDATE outlet c SET valid_to = ?
FROM roster_outlet_stage s
WHERE c.outlet_code = s.outlet_code AND c.valid_to IS NULL
  AND (c.enterprise_id IS DISTINCT FROM s.enterprise_id
       OR c.name IS DISTINCT FROM s.name
       OR c.medium IS DISTINCT FROM s.medium
       OR c.mn IS DISTINCT FROM s.mn
       OR c.lon IS DISTINCT FROM s.lon
       OR c.lat IS DISTINCT FROM s.lat);
