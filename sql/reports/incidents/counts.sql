-- Environmental emergencies of the period counted three ways (dimension =
-- level, county, type) from incident_quarter (published, de-identified
-- records only: models/incidents/quarter.sql counts incident_public).
-- Every level of incident_std_level_name is listed, with 0 when none
-- occurred; level NULL (no level) is listed as '未定级' when present.
-- $1 first day, $2 last day of the period (whole quarters).
WITH q AS (
    SELECT * FROM incident_quarter
    WHERE quarter BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
)
SELECT 'level' AS dimension, n.roman || '（' || n.name || '）' AS category, n.level AS sort_key,
       CAST(coalesce(sum(q.count), 0) AS INTEGER) AS count
FROM incident_std_level_name n LEFT JOIN q ON q.level = n.level
GROUP BY ALL
UNION ALL
SELECT 'level', '未定级', 99, CAST(sum(count) AS INTEGER) FROM q WHERE level IS NULL HAVING count(*) > 0
UNION ALL
SELECT 'county', region, 0, CAST(sum(count) AS INTEGER) FROM q GROUP BY region
UNION ALL
SELECT 'type', type, 0, CAST(sum(count) AS INTEGER) FROM q GROUP BY type
ORDER BY dimension, sort_key, count DESC, category;
