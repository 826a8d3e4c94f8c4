-- ingest: keep the current values of the site-time-parameters a file
-- replaces. $1 = file_id of the new file, $2/$3 = the file's min/max
-- sample time (lets DuckDB's zonemaps skip row groups of other periods).
INSERT INTO water_sample_superseded
    (site_code, sampled_at, parameter, value, below_dl, detection_limit, unit, file_id, superseded_by)
SELECT w.site_code, w.sampled_at, w.parameter, w.value, w.below_dl, w.detection_limit, w.unit, w.file_id, $1
FROM water_sample w
JOIN ingest_water_stage s
  ON w.site_code = s.site_code AND w.sampled_at = s.sampled_at AND w.parameter = s.parameter
WHERE w.sampled_at BETWEEN $2 AND $3;
