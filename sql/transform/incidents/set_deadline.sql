-- incidents: the session variable incident_deadline_s read by the models
-- (publish_due_at = occurred_at + deadline). ? 1 = the deadline in seconds.
SET VARIABLE incident_deadline_s = CAST(? AS BIGINT);
