-- incidents, standards check: levels without a name in
-- incident_std_level_name (must be 0). No parameters.
SELECT count(*) FROM (SELECT DISTINCT level FROM incident_std_level) l
WHERE level NOT IN (SELECT level FROM incident_std_level_name);
