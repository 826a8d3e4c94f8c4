-- incidents: record one publication of an incident's record.
-- ? 1 = incident_id, ? 2 = published_at (CST wall clock), ? 3 = channel.
INSERT INTO incident_publication (incident_id, published_at, channel) VALUES (?, ?, ?);
