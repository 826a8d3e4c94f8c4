-- The published (redacted) incident records, never the raw register
-- `incident`. generated: the record comes from a file whose ledger source
-- starts with 'generated' (demo data).
SELECT p.incident_id, p.occurred_at, p.county, p.type, p.level, coalesce(p.level_roman, ''), coalesce(p.level_name, ''),
       coalesce(p.level_source, ''), p.level_conflict, coalesce(p.level_note, ''), p.status, p.closed_at,
       coalesce(p.description, ''), coalesce(p.measures, ''), p.publish_due_at, p.published_at, p.on_time,
       coalesce(f.source LIKE 'generated%', false)
FROM incident_public p
LEFT JOIN file_ledger f ON f.file_id = p.file_id
ORDER BY p.occurred_at, p.incident_id
