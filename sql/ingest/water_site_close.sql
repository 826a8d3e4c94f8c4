-- ingest: close the current version of every listed site whose attributes
-- changed (SCD2). $1 = now (CST wall clock).
UPDATE water_site c SET valid_to = $1
FROM ingest_water_site_stage s
WHERE c.site_code = s.site_code
  AND c.valid_to IS NULL
  AND (c.name IS DISTINCT FROM s.name
    OR c.province IS DISTINCT FROM s.province
    OR c.city IS DISTINCT FROM s.city
    OR c.county IS DISTINCT FROM s.county
    OR c.basin IS DISTINCT FROM s.basin
    OR c.river IS DISTINCT FROM s.river
    OR c.water_body IS DISTINCT FROM s.water_body
    OR c.is_drinking_source IS DISTINCT FROM s.is_drinking_source
    OR c.drinking_level IS DISTINCT FROM s.drinking_level
    OR c.is_assessed IS DISTINCT FROM s.is_assessed
    OR c.target_class IS DISTINCT FROM s.target_class
    OR c.network IS DISTINCT FROM s.network
    OR c.lon IS DISTINCT FROM s.lon
    OR c.lat IS DISTINCT FROM s.lat);
