-- incidents, standards check: rows with a level outside 1..4 (must be 0).
-- No parameters.
SELECT count(*) FROM incident_std_level WHERE level NOT BETWEEN 1 AND 4;
