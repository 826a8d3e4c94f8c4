-- incidents, standards check: category criteria without a category (must
-- be 0). No parameters.
SELECT count(*) FROM incident_std_level
WHERE criterion IN ('water_interruption', 'cross_boundary') AND category IS NULL;
