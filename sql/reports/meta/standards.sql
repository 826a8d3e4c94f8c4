-- Standard versions the figures of the period were computed with, per
-- dataset: the AQI version of the region-days (air_region_day.std_version)
-- and the limits version in force (composite-index S values, validity),
-- the water version of the site-months, the incident grading version, the
-- emission standards of the outlets on the non-compliant list.
-- $1 first day, $2 last day of the period.
WITH b AS (SELECT CAST($1 AS DATE) AS d0, CAST($2 AS DATE) AS d1)
SELECT DISTINCT 'air' AS dataset, r.std_version AS version
FROM air_region_day r, b WHERE r.day BETWEEN b.d0 AND b.d1
UNION
SELECT 'air', g.version
FROM std_standard_version g, b
WHERE g.kind = 'limits' AND g.effective_from <= b.d1 AND coalesce(g.effective_to, DATE '9999-12-31') >= b.d0
  AND EXISTS (SELECT 1 FROM air_region_day r WHERE r.day BETWEEN b.d0 AND b.d1)
UNION
SELECT 'water', m.std_version FROM water_site_month m, b WHERE m.month BETWEEN b.d0 AND b.d1
UNION
SELECT 'incidents', l.std_version
FROM incident_level l JOIN incident_public p USING (incident_id), b
WHERE CAST(p.occurred_at AS DATE) BETWEEN b.d0 AND b.d1 AND l.std_version IS NOT NULL
UNION
SELECT 'polluters', n.standard_name
FROM polluter_noncompliant_month n, b WHERE n.month BETWEEN b.d0 AND b.d1 AND n.standard_name IS NOT NULL
ORDER BY dataset, version;
