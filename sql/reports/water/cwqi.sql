-- Water quality index (CWQI) ranking of the regions of one level: the mean
-- of the stored monthly region CWQI (water_region_month.cwqi, 环办监测〔2017〕51号
-- as implemented in models/water/40_region_month.sql) over the months of the
-- period, rounded to 2 decimals (GB/T 8170); smaller is better; rank among
-- the regions with an index (ties share). Change versus the same period one
-- year earlier = (now - last year) / last year * 100, 1 decimal (> 0 = worse).
-- $1 first day, $2 last day, $3 region level.
WITH p AS (
    SELECT 'cur' AS tag, CAST($1 AS DATE) AS d0, CAST($2 AS DATE) AS d1
    UNION ALL
    SELECT 'ly', CAST(CAST($1 AS DATE) - INTERVAL 1 YEAR AS DATE),
           CAST(CAST(CAST($2 AS DATE) + INTERVAL 1 DAY - INTERVAL 1 YEAR AS DATE) - INTERVAL 1 DAY AS DATE)
),
a AS (
    SELECT p.tag, r.province, r.region,
           count(r.cwqi) AS months, gbt8170(avg(r.cwqi), 2) AS cwqi,
           max(n_river + n_lake) AS n_sites
    FROM water_region_month r JOIN p ON r.month BETWEEN p.d0 AND p.d1
    WHERE r.region_level = $3
    GROUP BY ALL
)
SELECT c.province, c.region,
       CASE WHEN c.cwqi IS NOT NULL THEN CAST(rank() OVER (PARTITION BY c.cwqi IS NULL ORDER BY c.cwqi) AS INTEGER) END AS rank,
       c.cwqi, CAST(c.n_sites AS INTEGER) AS n_sites, CAST(c.months AS INTEGER) AS months,
       datediff('month', CAST($1 AS DATE), CAST($2 AS DATE) + 1) AS months_expected,
       ly.cwqi AS cwqi_ly,
       CASE WHEN ly.cwqi > 0 AND c.cwqi IS NOT NULL THEN gbt8170((c.cwqi - ly.cwqi) / ly.cwqi * 100, 1) END AS change_pct
FROM a c
LEFT JOIN a ly ON ly.tag = 'ly' AND ly.region = c.region AND ly.province IS NOT DISTINCT FROM c.province
WHERE c.tag = 'cur'
ORDER BY rank NULLS LAST, c.province, c.region;
