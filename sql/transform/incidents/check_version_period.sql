-- incidents, standards check: versions with several effective periods
-- (must be 0). No parameters.
SELECT count(*) FROM (SELECT version FROM incident_std_level
    GROUP BY version HAVING count(DISTINCT (effective_from, effective_to)) > 1);
