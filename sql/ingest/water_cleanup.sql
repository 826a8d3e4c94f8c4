-- ingest: drop the staging objects of the water statements.
DROP TABLE IF EXISTS ingest_water_stage;
DROP TABLE IF EXISTS ingest_water_reported_stage;
DROP VIEW IF EXISTS ingest_water_arrow;
DROP VIEW IF EXISTS ingest_water_reported_arrow;
