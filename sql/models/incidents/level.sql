-- Derived level of every incident (no parameters).
--
-- The grading table in force at occurred_at (incident_std_level, from
-- sql/standards/incidents/levels.csv) is applied criterion by criterion;
-- numeric criteria match min_value <= x < below_value ("以上" includes,
-- "以下" excludes), category criteria match x = category. The derived level
-- is the most severe level (smallest number) any criterion meets; an
-- incident meeting none is 一般 (4, the plan's catch-all). Incidents before
-- the first version get std_version NULL and level_derived NULL. NULL
-- numbers meet no criterion.
DELETE FROM incident_level;

INSERT INTO incident_level (incident_id, std_version, level_derived, criteria)
WITH ver AS (
    SELECT DISTINCT version, effective_from, effective_to FROM incident_std_level
), iv AS (
    SELECT i.incident_id, i.deaths, i.injured, i.evacuated, i.economic_loss_cny,
           i.water_interruption, i.cross_boundary, v.version
    FROM incident i
    LEFT JOIN ver v
      ON CAST(i.occurred_at AS DATE) >= v.effective_from
     AND (v.effective_to IS NULL OR CAST(i.occurred_at AS DATE) < v.effective_to)
), val AS (
    SELECT iv.incident_id, l.level, l.criterion, l.min_value, l.below_value, l.category,
           CASE l.criterion
               WHEN 'deaths'            THEN CAST(iv.deaths AS DOUBLE)
               WHEN 'injured'           THEN CAST(iv.injured AS DOUBLE)
               WHEN 'evacuated'         THEN CAST(iv.evacuated AS DOUBLE)
               WHEN 'economic_loss_cny' THEN iv.economic_loss_cny
           END AS x,
           CASE l.criterion
               WHEN 'water_interruption' THEN iv.water_interruption
               WHEN 'cross_boundary'     THEN iv.cross_boundary
           END AS c
    FROM iv
    JOIN incident_std_level l ON l.version = iv.version
), hit AS (
    SELECT incident_id, level,
           criterion || '=' || coalesce(c, CAST(CAST(x AS BIGINT) AS VARCHAR)) AS what
    FROM val
    WHERE (category IS NULL AND x IS NOT NULL AND x >= min_value
           AND (below_value IS NULL OR x < below_value))
       OR (category IS NOT NULL AND c = category)
), ranked AS (
    SELECT *, min(level) OVER (PARTITION BY incident_id) AS best FROM hit
), best AS (
    SELECT incident_id, min(best) AS level, string_agg(what, ', ' ORDER BY what) AS criteria
    FROM ranked WHERE level = best
    GROUP BY incident_id
)
SELECT iv.incident_id,
       iv.version,
       CASE WHEN iv.version IS NULL THEN NULL ELSE coalesce(b.level, 4) END,
       CASE WHEN iv.version IS NULL THEN NULL ELSE coalesce(b.criteria, 'catch-all') END
FROM iv
LEFT JOIN best b USING (incident_id);
