-- ingest: remove the superseded versions (run only when
-- incident_supersede.sql copied any).
DELETE FROM incident
WHERE incident_id IN (SELECT incident_id FROM ingest_incident_stage);
