-- incidents: the next keyset page of incidents needing redaction: new,
-- from another file, redacted with another redactor version, or all.
-- ? 1 = the last incident_id of the previous page ('' for the first),
-- ? 2 = redo all (boolean), ? 3 = current redactor version, ? 4 = page size.
SELECT i.incident_id, i.file_id, i.location, i.description, i.cause, i.measures
FROM incident i
LEFT JOIN incident_public p USING (incident_id)
WHERE i.incident_id > ?
  AND (? OR p.incident_id IS NULL OR p.file_id <> i.file_id OR p.redact_version <> ?)
ORDER BY i.incident_id
LIMIT ?;
