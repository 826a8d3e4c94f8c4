-- ingest: land a file's water sample values. $1 = file_id.
INSERT INTO water_sample (site_code, sampled_at, parameter, value, below_dl, detection_limit, unit, file_id)
SELECT site_code, sampled_at, parameter, value, below_dl, detection_limit, unit, $1
FROM ingest_water_stage;
