-- ingest: keep the current version of every incident a file sends again
-- (same incident_id). $1 = file_id of the new file.
INSERT INTO incident_superseded
    (incident_id, occurred_at, reported_at, county, location, type, level_given, deaths, injured,
     evacuated, economic_loss_cny, water_interruption, cross_boundary, cause, measures, status,
     closed_at, description, file_id, superseded_by)
SELECT i.incident_id, i.occurred_at, i.reported_at, i.county, i.location, i.type, i.level_given,
       i.deaths, i.injured, i.evacuated, i.economic_loss_cny, i.water_interruption, i.cross_boundary,
       i.cause, i.measures, i.status, i.closed_at, i.description, i.file_id, $1
FROM incident i
JOIN ingest_incident_stage s ON s.incident_id = i.incident_id;
