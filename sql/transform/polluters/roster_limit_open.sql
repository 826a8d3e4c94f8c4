-- polluters (LoadRoster), registry merge (SCD2) of outlet_limit, step 2:
-- open a version for every staged limit without a current row: valid from
-- now when it had an earlier version (changed), else from 1970-01-01
-- (new). ? 1 = now (CST wall clock), ? 2 = ledger file_id.
INSERT INTO outlet_limit (outlet_code, pollutant, limit_basis, limit_value, unit, direction, use_converted,
                          standard_name, valid_from, valid_to, file_id)
SELECT s.outlet_code, s.pollutant, s.limit_basis, s.limit_value, s.unit, s.direction, s.use_converted,
       s.standard_name,
       CASE WHEN EXISTS (SELECT 1 FROM outlet_limit p
                         WHERE p.outlet_code = s.outlet_code AND p.pollutant = s.pollutant AND p.limit_basis = s.limit_basis)
            THEN CAST(? AS TIMESTAMP) ELSE TIMESTAMP '1970-01-01' END,
       NULL, CAST(? AS BIGINT)
FROM roster_limit_stage s
WHERE NOT EXISTS (SELECT 1 FROM outlet_limit c
                  WHERE c.outlet_code = s.outlet_code AND c.pollutant = s.pollutant AND c.limit_basis = s.limit_basis
                    AND c.valid_to IS NULL);
