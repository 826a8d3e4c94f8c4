-- Publication timeliness of every published row.
-- Session variables (set by transform/incident):
--   incident_now        TIMESTAMP  now (CST wall clock)
--   incident_deadline_s BIGINT     publication deadline in seconds, counted from occurred_at
-- on_time: true/false once published; false when unpublished past the
-- deadline (overdue); NULL while pending within the deadline.
UPDATE incident_public SET publish_due_at = occurred_at + to_seconds(getvariable('incident_deadline_s'));

UPDATE incident_public p SET published_at = f.first_at
FROM (SELECT incident_id, min(published_at) AS first_at FROM incident_publication GROUP BY incident_id) f
WHERE f.incident_id = p.incident_id;

UPDATE incident_public SET on_time = CASE
    WHEN published_at IS NOT NULL THEN published_at <= publish_due_at
    WHEN getvariable('incident_now') > publish_due_at THEN false
END;
