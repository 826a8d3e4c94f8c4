-- Air statistics of one region level over a span of whole months (the
-- quarter of the quarterly bulletin), for the period and the same period
-- one year earlier. The rules are those of models/region_month.sql applied
-- to the span (HJ 663-2013):
--   pm25, pm10, so2, no2 = mean of the valid daily values (GB/T 8170: integers);
--   co_p95 / o3_p90 = HJ 663 A.6 percentile (hj663_percentile) of the valid daily
--   CO / MDA8 (CO 1 decimal, O3 integer);
--   good_days = valid days with AQI <= 100, good_ratio = good_days / valid_days * 100 (1 decimal);
--   composite_index = Σ C/S over the six statistics with the S values
--   (std_composite_index_s) of the limits version in force on the first day
--   of the period, 2 decimals; rank = RANK() by composite_index among the
--   regions of the level that have one (ties share a rank).
-- Validity (our rule, GB 3095 table 4 has none for a quarter): the span is
-- valid when every month of it is a valid region-month (air_region_month.valid,
-- >= 27 valid days, February 25); otherwise validity_note says which months fail.
-- $1 first day, $2 last day of the period, $3 region level.
WITH p AS (
    SELECT 'cur' AS tag, CAST($1 AS DATE) AS d0, CAST($2 AS DATE) AS d1
    UNION ALL
    SELECT 'ly', CAST(CAST($1 AS DATE) - INTERVAL 1 YEAR AS DATE),
           CAST(CAST(CAST($2 AS DATE) + INTERVAL 1 DAY - INTERVAL 1 YEAR AS DATE) - INTERVAL 1 DAY AS DATE)
),
lim AS (
    SELECT p.tag, g.version AS gb_version
    FROM p JOIN std_standard_version g ON g.kind = 'limits'
     AND p.d0 BETWEEN g.effective_from AND coalesce(g.effective_to, DATE '9999-12-31')
),
s AS (SELECT * FROM air_composite_s()),
agg AS (   -- HJ 663 statistics of the span (sql/schema/070_air_span.sql)
    SELECT 'cur' AS tag, a.* EXCLUDE (region_level, span_start, std_versions), a.std_versions AS std_version
    FROM air_span_stats(CAST($1 AS DATE), CAST($2 AS DATE), 'quarter') a
    WHERE a.region_level = $3
    UNION ALL
    SELECT 'ly', a.* EXCLUDE (region_level, span_start, std_versions), a.std_versions
    FROM air_span_stats(CAST(CAST($1 AS DATE) - INTERVAL 1 YEAR AS DATE),
                        CAST(CAST(CAST($2 AS DATE) + INTERVAL 1 DAY - INTERVAL 1 YEAR AS DATE) - INTERVAL 1 DAY AS DATE), 'quarter') a
    WHERE a.region_level = $3
),
ci AS (
    SELECT a.*, l.gb_version,
           air_composite_index(a, s) AS composite_index,
           CASE WHEN a.valid_days > 0 THEN gbt8170(a.good_days * 100.0 / a.valid_days, 1) END AS good_ratio
    FROM agg a JOIN lim l ON l.tag = a.tag LEFT JOIN s ON s.version = l.gb_version
),
mv AS (   -- validity of the months of the period (stored monthly flags)
    SELECT p.tag, m.region, m.province,
           count(*) FILTER (WHERE m.valid) AS valid_months,
           string_agg(CASE WHEN NOT m.valid THEN strftime(m.month, '%-m') || '月' END, '、' ORDER BY m.month) AS bad_months
    FROM air_region_month m JOIN p ON m.month BETWEEN p.d0 AND p.d1
    WHERE m.region_level = $3
    GROUP BY ALL
),
res AS (
    SELECT c.*, coalesce(mv.valid_months, 0) AS valid_months, mv.bad_months,
           datediff('month', p.d0, p.d1 + 1) AS months
    FROM ci c JOIN p ON p.tag = c.tag
    LEFT JOIN mv ON mv.tag = c.tag AND mv.region = c.region AND mv.province IS NOT DISTINCT FROM c.province
)
SELECT c.province, c.region,
       CASE WHEN c.composite_index IS NOT NULL THEN CAST(rank() OVER (
           PARTITION BY c.composite_index IS NULL ORDER BY c.composite_index) AS INTEGER) END AS rank,
       c.composite_index, c.good_ratio,
       c.pm25, c.pm10, c.o3_p90, c.no2, c.so2, c.co_p95,
       CAST(c.days AS INTEGER) AS days, CAST(c.valid_days AS INTEGER) AS valid_days, CAST(c.good_days AS INTEGER) AS good_days,
       CAST(c.days_l1 AS INTEGER) AS days_l1, CAST(c.days_l2 AS INTEGER) AS days_l2, CAST(c.days_l3 AS INTEGER) AS days_l3,
       CAST(c.days_l4 AS INTEGER) AS days_l4, CAST(c.days_l5 AS INTEGER) AS days_l5, CAST(c.days_l6 AS INTEGER) AS days_l6,
       ly.composite_index AS ci_ly, ly.pm25 AS pm25_ly, ly.good_ratio AS good_ratio_ly,
       c.valid_months = c.months AS valid,
       CASE WHEN c.valid_months < c.months THEN
           format('{}个月中{}个月达到月有效天数要求（每月≥27天，2月≥25天，GB 3095 表4）{}；本期有效天数{}天',
                  c.months, c.valid_months, coalesce('，未达到：' || c.bad_months, ''), c.valid_days) END AS validity_note,
       ly.valid_months = ly.months AS valid_ly,
       c.std_version, c.gb_version AS limits_version
FROM res c
LEFT JOIN res ly ON ly.tag = 'ly' AND ly.region = c.region AND ly.province IS NOT DISTINCT FROM c.province
WHERE c.tag = 'cur'
ORDER BY rank NULLS LAST, c.province, c.region;
