-- Quarterly counts of environmental emergencies per county, published
-- level and type (incident_quarter), with the publication timeliness of
-- the same incidents from the published (redacted) records
-- incident_public — never the raw register. Quarters whose first day lies
-- in from_day..to_day (a quarter is labelled 2026-Q3); counties only, so
-- region_level does not apply. level: 1 特别重大 … 4 一般, NULL = none.
WITH t AS (
    SELECT CAST(date_trunc('quarter', occurred_at) AS DATE) AS quarter, county AS region, level, type,
           count(published_at) AS n_published,
           count(*) FILTER (WHERE on_time) AS n_on_time,
           count(*) FILTER (WHERE NOT on_time AND published_at IS NOT NULL) AS n_late,
           count(*) FILTER (WHERE NOT on_time AND published_at IS NULL) AS n_overdue,
           count(*) FILTER (WHERE on_time IS NULL) AS n_pending
    FROM incident_public
    GROUP BY ALL
)
SELECT
    strftime(q.quarter, '%Y') || '-Q' || CAST(quarter(q.quarter) AS VARCHAR) AS quarter,
    q.region AS county,
    q.level,
    CASE q.level WHEN 1 THEN '特别重大' WHEN 2 THEN '重大' WHEN 3 THEN '较大' WHEN 4 THEN '一般' END AS level_name,
    q.type,
    q.count,
    coalesce(t.n_published, 0) AS n_published,
    coalesce(t.n_on_time, 0) AS n_on_time,
    coalesce(t.n_late, 0) AS n_late,
    coalesce(t.n_overdue, 0) AS n_overdue,
    coalesce(t.n_pending, 0) AS n_pending
FROM incident_quarter q
LEFT JOIN t ON t.quarter = q.quarter AND t.region = q.region AND t.level IS NOT DISTINCT FROM q.level AND t.type = q.type
WHERE q.quarter BETWEEN date_trunc('quarter', getvariable('from_day')) AND getvariable('to_day')
ORDER BY q.quarter, q.region, q.level NULLS LAST, q.type
