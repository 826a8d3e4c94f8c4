-- incidents: record that every incident of incident_public not yet
-- published went out with the portal build published at ? 1 (CST wall
-- clock as text 'YYYY-MM-DD HH:MM:SS[.ffffff]': a time.Time in a SELECT
-- list binds as TIMESTAMPTZ and would be shifted by the session time zone).
INSERT INTO incident_publication (incident_id, published_at, channel)
SELECT p.incident_id, CAST(? AS TIMESTAMP), 'portal' FROM incident_public p
WHERE NOT EXISTS (SELECT 1 FROM incident_publication x WHERE x.incident_id = p.incident_id);
