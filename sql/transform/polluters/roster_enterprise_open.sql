-- polluters (LoadRoster), registry merge (SCD2) of enterprise, step 2:
-- open a version for every staged enterprise without a current row: valid
-- from now when it had an earlier version (changed), else from 1970-01-01
-- (new). ? 1 = now (CST wall clock), ? 2 = ledger file_id.
INSERT INTO enterprise (enterprise_id, credit_code, credit_code_raw, name, province, city, county, industry,
                        permit_no, lon, lat, is_key, key_category, air_standards, water_standards,
                        valid_from, valid_to, file_id)
SELECT s.enterprise_id, s.credit_code, s.credit_code_raw, s.name, s.province, s.city, s.county, s.industry,
       s.permit_no, s.lon, s.lat, s.is_key, s.key_category, s.air_standards, s.water_standards,
       CASE WHEN EXISTS (SELECT 1 FROM enterprise p WHERE p.enterprise_id = s.enterprise_id)
            THEN CAST(? AS TIMESTAMP) ELSE TIMESTAMP '1970-01-01' END,
       NULL, CAST(? AS BIGINT)
FROM roster_ent_merge s
WHERE NOT EXISTS (SELECT 1 FROM enterprise c WHERE c.enterprise_id = s.enterprise_id AND c.valid_to IS NULL);
