-- ingest: drop the staging objects of air_stage.sql.
DROP TABLE IF EXISTS ingest_air_stage;
