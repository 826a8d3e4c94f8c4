-- polluters (LoadRoster), registry merge (SCD2) of outlet, step 2: open a
-- version for every staged outlet without a current row: valid from now
-- when it had an earlier version (changed), else from 1970-01-01 (new).
-- ? 1 = now (CST wall clock), ? 2 = ledger file_id.
INSERT INTO outlet (outlet_code, enterprise_id, name, medium, mn, lon, lat, valid_from, valid_to, file_id)
SELECT s.outlet_code, s.enterprise_id, s.name, s.medium, s.mn, s.lon, s.lat,
       CASE WHEN EXISTS (SELECT 1 FROM outlet p WHERE p.outlet_code = s.outlet_code)
            THEN CAST(? AS TIMESTAMP) ELSE TIMESTAMP '1970-01-01' END,
       NULL, CAST(? AS BIGINT)
FROM roster_outlet_stage s
WHERE NOT EXISTS (SELECT 1 FROM outlet c WHERE c.outlet_code = s.outlet_code AND c.valid_to IS NULL);
