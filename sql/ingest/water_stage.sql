-- ingest: stage one file's water sample values, handed over as the Arrow
-- view ingest_water_arrow, in a connection-local temp table (an Arrow stream
-- can be scanned only once).
CREATE OR REPLACE TEMP TABLE ingest_water_stage AS
SELECT site_code, sampled_at, parameter, value, below_dl, detection_limit, unit
FROM ingest_water_arrow;
