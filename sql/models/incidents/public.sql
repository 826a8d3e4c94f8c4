-- Moves the redacted batch (incident_redacted, incident_redaction_staged,
-- written by transform/incident with the appender) into incident_public and
-- incident_redaction, then refreshes the level columns of every published
-- row from incident_level.
-- Session variables (SET VARIABLE, set by transform/incident, because a
-- multi-statement script binds positional parameters only to its last
-- statement):
--   incident_now        TIMESTAMP  computed_at (CST wall clock)
--   incident_deadline_s BIGINT     publication deadline in seconds:
--                                  publish_due_at = occurred_at + deadline

-- Rows whose incident is gone.
DELETE FROM incident_public WHERE incident_id NOT IN (SELECT incident_id FROM incident);
DELETE FROM incident_redaction WHERE incident_id NOT IN (SELECT incident_id FROM incident);

DELETE FROM incident_public WHERE incident_id IN (SELECT incident_id FROM incident_redacted);

INSERT INTO incident_public (
    incident_id, occurred_at, reported_at, county, location, type,
    level, level_roman, level_name, level_source, level_given, level_derived, std_version,
    level_conflict, level_note,
    deaths, injured, evacuated, economic_loss_cny, water_interruption, cross_boundary,
    cause, measures, status, closed_at, description,
    redaction_count, redact_version, publish_due_at, published_at, on_time, file_id, computed_at)
SELECT i.incident_id, i.occurred_at, i.reported_at, i.county, r.location, i.type,
       NULL, NULL, NULL, NULL, i.level_given, NULL, NULL,
       false, NULL,
       i.deaths, i.injured, i.evacuated, i.economic_loss_cny, i.water_interruption, i.cross_boundary,
       r.cause, r.measures, i.status, i.closed_at, r.description,
       r.redaction_count, r.redact_version,
       i.occurred_at + to_seconds(getvariable('incident_deadline_s')), NULL, NULL, i.file_id, getvariable('incident_now')
FROM incident_redacted r
JOIN incident i ON i.incident_id = r.incident_id AND i.file_id = r.file_id;

DELETE FROM incident_redaction WHERE incident_id IN (SELECT incident_id FROM incident_redacted);

INSERT INTO incident_redaction (incident_id, field, kind, count)
SELECT incident_id, field, kind, sum(count)
FROM incident_redaction_staged
GROUP BY incident_id, field, kind;

DELETE FROM incident_redacted;
DELETE FROM incident_redaction_staged;

-- Level columns of every row (the grading table may have changed).
UPDATE incident_public p SET
    level          = coalesce(p.level_given, l.level_derived),
    level_source   = CASE WHEN p.level_given IS NOT NULL THEN 'given'
                          WHEN l.level_derived IS NOT NULL THEN 'derived' END,
    level_derived  = l.level_derived,
    std_version    = l.std_version,
    level_conflict = coalesce(p.level_given <> l.level_derived, false),
    level_note     = CASE
        WHEN p.level_given > l.level_derived THEN
            '给定等级' || gn.roman || '（' || gn.name || '）低于数据所示等级' || dn.roman || '（' || dn.name
            || '），依据：' || l.criteria || '（' || l.std_version || '）'
        WHEN p.level_given < l.level_derived THEN
            '给定等级' || gn.roman || '（' || gn.name || '）高于数据所示等级' || dn.roman || '（' || dn.name
            || '）；可能依据生态、辐射等未量化情形，请核实'
    END
FROM incident_level l
LEFT JOIN incident_std_level_name dn ON dn.level = l.level_derived,
     incident i
LEFT JOIN incident_std_level_name gn ON gn.level = i.level_given
WHERE l.incident_id = p.incident_id AND i.incident_id = p.incident_id;

UPDATE incident_public p SET
    level_roman = n.roman,
    level_name  = n.name
FROM incident_std_level_name n
WHERE n.level = p.level;

UPDATE incident_public SET level_roman = NULL, level_name = NULL WHERE level IS NULL;
