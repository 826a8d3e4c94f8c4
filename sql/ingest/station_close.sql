-- ingest: close the current version of every listed station whose
-- attributes changed (SCD2). $1 = now (CST wall clock), $2 = whether the
-- list has a county column (without one, county is not compared).
UPDATE station c SET valid_to = $1
FROM ingest_station_stage s
WHERE c.station_code = s.station_code
  AND c.valid_to IS NULL
  AND (c.name IS DISTINCT FROM s.name
    OR c.city IS DISTINCT FROM s.city
    OR c.province IS DISTINCT FROM s.province
    OR c.prefecture IS DISTINCT FROM s.prefecture
    OR ($2 AND c.county IS DISTINCT FROM s.county)
    OR c.lon IS DISTINCT FROM s.lon
    OR c.lat IS DISTINCT FROM s.lat
    OR c.is_control IS DISTINCT FROM s.is_control);
