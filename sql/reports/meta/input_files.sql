-- file_ledger ids of the files whose data fall in the period, per dataset:
-- the measurements (air_hour, water_sample, emission_value, incident) and
-- the registry versions in force during the period (station, water_site,
-- enterprise, outlet, outlet_limit).
-- $1 first day, $2 last day of the period.
WITH b AS (
    SELECT CAST(CAST($1 AS DATE) AS TIMESTAMP) AS t0,
           CAST(CAST($2 AS DATE) AS TIMESTAMP) + INTERVAL 1 DAY AS t1
)
SELECT DISTINCT 'air' AS dataset, a.file_id FROM air_hour a, b WHERE a.time > b.t0 AND a.time <= b.t1
UNION SELECT 'air', s.file_id FROM station s, b
      WHERE s.valid_from <= b.t1 AND (s.valid_to IS NULL OR s.valid_to > b.t0)
        AND EXISTS (SELECT 1 FROM air_hour a WHERE a.time > b.t0 AND a.time <= b.t1)
UNION SELECT 'water', w.file_id FROM water_sample w, b WHERE w.sampled_at >= b.t0 AND w.sampled_at < b.t1
UNION SELECT 'water', s.file_id FROM water_site s, b
      WHERE s.valid_from <= b.t1 AND (s.valid_to IS NULL OR s.valid_to > b.t0)
        AND EXISTS (SELECT 1 FROM water_sample w WHERE w.sampled_at >= b.t0 AND w.sampled_at < b.t1 AND w.site_code = s.site_code)
UNION SELECT 'polluters', e.file_id FROM emission_value e, b WHERE e.time > b.t0 AND e.time <= b.t1
UNION SELECT 'polluters', o.file_id FROM outlet_limit o, b
      WHERE o.valid_from <= b.t1 AND (o.valid_to IS NULL OR o.valid_to > b.t0)
        AND EXISTS (SELECT 1 FROM emission_value e WHERE e.time > b.t0 AND e.time <= b.t1 AND e.outlet_code = o.outlet_code)
UNION SELECT 'incidents', i.file_id FROM incident_public i, b WHERE i.occurred_at >= b.t0 AND i.occurred_at < b.t1
ORDER BY 2;
