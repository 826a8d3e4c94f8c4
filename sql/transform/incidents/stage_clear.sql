-- incidents: empty the redaction staging tables (leftovers of an
-- interrupted run) before the pending incidents are redacted. No
-- parameters.
DELETE FROM incident_redacted;
DELETE FROM incident_redaction_staged;
