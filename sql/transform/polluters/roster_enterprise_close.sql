-- polluters (LoadRoster), registry merge (SCD2) of enterprise, step 1:
-- close the current rows whose attributes differ from roster_ent_merge.
-- ? 1 = now (CST wall clock): the end of their validity.
UPDATE enterprise c SET valid_to = ?
FROM roster_ent_merge s
WHERE c.enterprise_id = s.enterprise_id AND c.valid_to IS NULL
  AND (c.credit_code IS DISTINCT FROM s.credit_code
       OR c.credit_code_raw IS DISTINCT FROM s.credit_code_raw
       OR c.name IS DISTINCT FROM s.name
       OR c.province IS DISTINCT FROM s.province
       OR c.city IS DISTINCT FROM s.city
       OR c.county IS DISTINCT FROM s.county
       OR c.industry IS DISTINCT FROM s.industry
       OR c.permit_no IS DISTINCT FROM s.permit_no
       OR c.lon IS DISTINCT FROM s.lon
       OR c.lat IS DISTINCT FROM s.lat
       OR c.is_key IS DISTINCT FROM s.is_key
       OR c.key_category IS DISTINCT FROM s.key_category
       OR c.air_standards IS DISTINCT FROM s.air_standards
       OR c.water_standards IS DISTINCT FROM s.water_standards);
