-- ingest: drop the staging objects of station_stage.sql.
DROP TABLE IF EXISTS ingest_station_stage;
DROP VIEW IF EXISTS ingest_station_arrow;
