-- ingest: mark the days whose water results a registry file changed, then
-- drop the staging objects of water_site_stage.sql. A site version opened
-- by this file (a new site, valid from 1970, or a changed one, valid from
-- now) applies to the samples from the first day of the month it starts
-- in (a month is evaluated with the site's latest version in force in it),
-- so those sample days go to dirty_day (dataset 'water') for the water
-- transform. The opened versions are the current ones of the staged sites
-- carrying the newest file_id of the registry.
INSERT INTO dirty_day (dataset, day, file_id)
SELECT DISTINCT 'water', CAST(s.sampled_at AS DATE), w.file_id
FROM water_site w
JOIN water_sample s
  ON s.site_code = w.site_code
 AND s.sampled_at >= date_trunc('month', w.valid_from)
WHERE w.valid_to IS NULL
  AND w.file_id = (SELECT max(file_id) FROM water_site)
  AND w.site_code IN (SELECT site_code FROM ingest_water_site_stage);
DROP TABLE IF EXISTS ingest_water_site_stage;
DROP VIEW IF EXISTS ingest_water_site_arrow;
