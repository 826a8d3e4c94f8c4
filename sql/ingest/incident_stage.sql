-- ingest: stage an incident register, handed over as the Arrow view
-- ingest_incident_arrow, in a connection-local temp table.
CREATE OR REPLACE TEMP TABLE ingest_incident_stage AS
SELECT incident_id, occurred_at, reported_at, county, location, type, level_given, deaths, injured,
       evacuated, economic_loss_cny, water_interruption, cross_boundary, cause, measures, status,
       closed_at, description
FROM ingest_incident_arrow;
