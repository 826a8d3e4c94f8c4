-- ingest: stage the classes a source published (CNEMC 水质类别), handed
-- over as the Arrow view ingest_water_reported_arrow.
CREATE OR REPLACE TEMP TABLE ingest_water_reported_stage AS
SELECT site_code, sampled_at, reported_class
FROM ingest_water_reported_arrow;
