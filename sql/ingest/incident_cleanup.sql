-- ingest: drop the staging objects of incident_stage.sql.
DROP TABLE IF EXISTS ingest_incident_stage;
DROP VIEW IF EXISTS ingest_incident_arrow;
