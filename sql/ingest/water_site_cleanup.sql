-- ingest: drop the staging objects of water_site_stage.sql.
DROP TABLE IF EXISTS ingest_water_site_stage;
DROP VIEW IF EXISTS ingest_water_site_arrow;
