-- Monthly air ranking of one region level from the stored monthly
-- statistics (air_region_month, written by models/region_month.sql), with
-- the same month one year earlier for the year-on-year changes.
-- $1 first day of the month (text), $2 last day,
-- $3 region level (city, province, county).
-- ($2 is referenced so that every product query takes the same parameters.)
WITH cur AS (
    SELECT * FROM air_region_month
    WHERE month = CAST($1 AS DATE) AND region_level = $3 AND CAST($2 AS DATE) >= month
),
ly AS (
    SELECT * FROM air_region_month
    WHERE month = CAST(CAST($1 AS DATE) - INTERVAL 1 YEAR AS DATE) AND region_level = $3
)
SELECT c.province, c.region, c.rank, c.composite_index, c.good_ratio,
       c.pm25, c.pm10, c.o3_p90, c.no2, c.so2, c.co_p95,
       c.days, c.valid_days, c.good_days,
       c.days_l1, c.days_l2, c.days_l3, c.days_l4, c.days_l5, c.days_l6,
       ly.composite_index AS ci_ly, ly.pm25 AS pm25_ly, ly.good_ratio AS good_ratio_ly,
       c.valid, c.validity_note, ly.valid AS valid_ly,
       c.std_version,
       (SELECT min(g.version) FROM std_standard_version g WHERE g.kind = 'limits'
          AND c.month BETWEEN g.effective_from AND coalesce(g.effective_to, DATE '9999-12-31')) AS limits_version
FROM cur c
LEFT JOIN ly ON ly.region = c.region AND ly.province IS NOT DISTINCT FROM c.province
ORDER BY c.rank NULLS LAST, c.province, c.region;
