-- ingest: open a version for every listed site without a current one:
-- brand-new sites from 1970-01-01 (so historic samples join), changed ones
-- (closed by water_site_close.sql) from now. $1 = now, $2 = file_id.
INSERT INTO water_site (site_code, name, province, city, county, basin, river, water_body,
                        is_drinking_source, drinking_level, is_assessed, target_class, network,
                        lon, lat, valid_from, valid_to, file_id)
SELECT s.site_code, s.name, s.province, s.city, s.county, s.basin, s.river, s.water_body,
       s.is_drinking_source, s.drinking_level, s.is_assessed, s.target_class, s.network,
       s.lon, s.lat,
       CASE WHEN s.known THEN $1 ELSE TIMESTAMP '1970-01-01' END, NULL, $2
FROM ingest_water_site_stage s
WHERE NOT EXISTS (SELECT 1 FROM water_site c
                  WHERE c.site_code = s.site_code AND c.valid_to IS NULL);
