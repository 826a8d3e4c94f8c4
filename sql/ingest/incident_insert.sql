-- ingest: land a file's incidents. $1 = file_id.
INSERT INTO incident (incident_id, occurred_at, reported_at, county, location, type, level_given,
                      deaths, injured, evacuated, economic_loss_cny, water_interruption, cross_boundary,
                      cause, measures, status, closed_at, description, file_id)
SELECT incident_id, occurred_at, reported_at, county, location, type, level_given, deaths, injured,
       evacuated, economic_loss_cny, water_interruption, cross_boundary, cause, measures, status,
       closed_at, description, $1
FROM ingest_incident_stage;
