-- ingest: remove the replaced site-time-parameters from water_sample (run
-- only when water_supersede.sql copied any). $1/$2 = min/max sample time.
DELETE FROM water_sample w
USING ingest_water_stage s
WHERE w.site_code = s.site_code AND w.sampled_at = s.sampled_at AND w.parameter = s.parameter
  AND w.sampled_at BETWEEN $1 AND $2;
