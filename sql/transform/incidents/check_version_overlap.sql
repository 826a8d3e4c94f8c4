-- incidents, standards check: pairs of versions whose effective periods
-- overlap (must be 0). No parameters.
SELECT count(*) FROM
    (SELECT DISTINCT version, effective_from, effective_to FROM incident_std_level) a,
    (SELECT DISTINCT version, effective_from, effective_to FROM incident_std_level) b
WHERE a.version < b.version
  AND a.effective_from < coalesce(b.effective_to, DATE '9999-12-31')
  AND b.effective_from < coalesce(a.effective_to, DATE '9999-12-31');
