-- ingest: land the published classes. $1 = file_id.
INSERT INTO water_sample_reported (site_code, sampled_at, reported_class, file_id)
SELECT site_code, sampled_at, reported_class, $1
FROM ingest_water_reported_stage;
