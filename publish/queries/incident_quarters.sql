-- Quarterly counts per county, published level (NULL = none) and type.
SELECT quarter, region, level, type, count
FROM incident_quarter
ORDER BY quarter, region, level NULLS LAST, type
