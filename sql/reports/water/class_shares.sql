-- Surface-water class shares per region of one level over the months of the
-- period, from water_region_month (assessed sites with a valid month). A
-- site counts once per month (断面月次): over a quarter the shares are those
-- of site-months, not of a quarterly mean class. The last row ('合计')
-- sums the regions of the level.
-- $1 first day, $2 last day, $3 region level (province, city, county, basin).
WITH r AS (
    SELECT * FROM water_region_month
    WHERE region_level = $3 AND month BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
),
g AS (
    SELECT province, region, 0 AS total,
           count(DISTINCT month) AS months,
           sum(n_sites) AS n, sum(n_class_1_3) AS n13, sum(n_class_4_5) AS n45, sum(n_class_6) AS n6
    FROM r GROUP BY province, region
    UNION ALL
    SELECT NULL, '合计', 1, count(DISTINCT month), sum(n_sites), sum(n_class_1_3), sum(n_class_4_5), sum(n_class_6)
    FROM r HAVING count(*) > 0
)
SELECT province, region, CAST(months AS INTEGER) AS months,
       datediff('month', CAST($1 AS DATE), CAST($2 AS DATE) + 1) AS months_expected,
       CAST(n AS INTEGER) AS n_site_months, CAST(n13 AS INTEGER) AS n_1_3, CAST(n45 AS INTEGER) AS n_4_5, CAST(n6 AS INTEGER) AS n_6,
       CASE WHEN n > 0 THEN n13 / n END AS share_1_3,
       CASE WHEN n > 0 THEN n45 / n END AS share_4_5,
       CASE WHEN n > 0 THEN n6 / n END AS share_6
FROM g
ORDER BY total, share_1_3 DESC NULLS LAST, province, region;
