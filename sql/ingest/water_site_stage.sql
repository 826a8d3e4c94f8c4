-- ingest: stage a site list (or the sites of a CNEMC file), handed over as
-- the Arrow view ingest_water_site_arrow. Columns the file did not have
-- keep the values of the site's latest version; a new site takes the
-- file's values (defaults: not a drinking source, assessed, manual).
-- $1 = the columns the file had, as ',col,col,' (site_code and name are
-- always there).
CREATE OR REPLACE TEMP TABLE ingest_water_site_stage AS
SELECT s.site_code, s.name,
       CASE WHEN p.site_code IS NULL OR contains($1, ',province,') THEN s.province ELSE p.province END AS province,
       CASE WHEN p.site_code IS NULL OR contains($1, ',city,') THEN s.city ELSE p.city END AS city,
       CASE WHEN p.site_code IS NULL OR contains($1, ',county,') THEN s.county ELSE p.county END AS county,
       CASE WHEN p.site_code IS NULL OR contains($1, ',basin,') THEN s.basin ELSE p.basin END AS basin,
       CASE WHEN p.site_code IS NULL OR contains($1, ',river,') THEN s.river ELSE p.river END AS river,
       CASE WHEN p.site_code IS NULL OR contains($1, ',water_body,') THEN s.water_body ELSE p.water_body END AS water_body,
       CASE WHEN p.site_code IS NULL OR contains($1, ',is_drinking_source,') THEN s.is_drinking_source ELSE p.is_drinking_source END AS is_drinking_source,
       CASE WHEN p.site_code IS NULL OR contains($1, ',drinking_level,') THEN s.drinking_level ELSE p.drinking_level END AS drinking_level,
       CASE WHEN p.site_code IS NULL OR contains($1, ',is_assessed,') THEN s.is_assessed ELSE p.is_assessed END AS is_assessed,
       CASE WHEN p.site_code IS NULL OR contains($1, ',target_class,') THEN s.target_class ELSE p.target_class END AS target_class,
       CASE WHEN p.site_code IS NULL OR contains($1, ',network,') THEN s.network ELSE p.network END AS network,
       CASE WHEN p.site_code IS NULL OR contains($1, ',lon,') THEN s.lon ELSE p.lon END AS lon,
       CASE WHEN p.site_code IS NULL OR contains($1, ',lat,') THEN s.lat ELSE p.lat END AS lat,
       p.site_code IS NOT NULL AS known
FROM ingest_water_site_arrow s
LEFT JOIN (SELECT * FROM water_site
           QUALIFY row_number() OVER (PARTITION BY site_code ORDER BY valid_from DESC) = 1) p
  ON p.site_code = s.site_code;
