-- region_month: monthly statistics and composite-index ranking per region
-- (all region levels present in air_region_day) for a range of months.
-- Parameters:
--   $1 DATE  first month (first day of the month)
--   $2 DATE  last month (first day of the month), inclusive
-- The AQI version (std_version column) and the limits version (S values,
-- validity rules) are those in force on the first day of each month.
-- Statistics use the valid region-days only:
--   pm25, pm10, so2, no2 = mean of the daily values (GB/T 8170: integers);
--   co_p95 / o3_p90 = HJ 663 A.6 percentile (hj663_percentile) of daily CO / MDA8 (CO 1 decimal, O3 integer);
--   good_days = AQI <= 100; good_ratio = good_days / valid_days * 100 (1 decimal); days_lN per AQI level;
--   composite_index = Σ C/S over the six statistics (std_composite_index_s), 2 decimals;
--   rank = RANK() by composite_index (ascending, ties share) among the regions of the level with an index;
--   rank_in_province likewise within province (NULL for level province);
--   valid = valid_days >= month_min_days (month_min_days_february in February).
-- composite_index_last_year / change_pct are filled by the UPDATE below, for these
-- months and for the same months one year later (whose comparison base changed).

DELETE FROM air_region_month WHERE month BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE);

INSERT INTO air_region_month
WITH d AS (
    SELECT r.*, CAST(date_trunc('month', r.day) AS DATE) AS month
    FROM air_region_day r
    WHERE r.day >= CAST($1 AS DATE) AND r.day < CAST($2 AS DATE) + INTERVAL 1 MONTH
),
ver AS (
    SELECT m.month, a.version AS aqi_version, g.version AS gb_version
    FROM (SELECT DISTINCT month FROM d) m
    JOIN std_standard_version a ON a.kind = 'aqi'
     AND m.month BETWEEN a.effective_from AND coalesce(a.effective_to, DATE '9999-12-31')
    JOIN std_standard_version g ON g.kind = 'limits'
     AND m.month BETWEEN g.effective_from AND coalesce(g.effective_to, DATE '9999-12-31')
),
s AS (SELECT * FROM air_composite_s()),
rule AS (
    SELECT version,
           max(value) FILTER (WHERE rule = 'month_min_days')          AS min_days,
           max(value) FILTER (WHERE rule = 'month_min_days_february') AS min_days_feb
    FROM std_validity GROUP BY version
),
agg AS (   -- HJ 663 statistics per region and month (sql/schema/070_air_span.sql)
    SELECT * EXCLUDE (span_start, std_versions), span_start AS month
    FROM air_span_stats(CAST($1 AS DATE), CAST(CAST($2 AS DATE) + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE), 'month')
),
ci AS (
    SELECT a.*, v.aqi_version, r.min_days, r.min_days_feb,
           CASE WHEN month(a.month) = 2 THEN r.min_days_feb ELSE r.min_days END AS need_days,
           air_composite_index(a, s) AS composite_index
    FROM agg a
    JOIN ver v ON v.month = a.month
    JOIN s ON s.version = v.gb_version
    JOIN rule r ON r.version = v.gb_version
)
SELECT region_level, region, province, month, aqi_version,
       CAST(days AS INTEGER), CAST(valid_days AS INTEGER),
       pm25, pm10, so2, no2, co_p95, o3_p90,
       CAST(good_days AS INTEGER),
       CASE WHEN valid_days > 0 THEN gbt8170(good_days * 100.0 / valid_days, 1) END,
       CAST(days_l1 AS INTEGER), CAST(days_l2 AS INTEGER), CAST(days_l3 AS INTEGER),
       CAST(days_l4 AS INTEGER), CAST(days_l5 AS INTEGER), CAST(days_l6 AS INTEGER),
       composite_index,
       CASE WHEN composite_index IS NOT NULL THEN CAST(rank() OVER (
           PARTITION BY region_level, month, composite_index IS NULL ORDER BY composite_index) AS INTEGER) END,
       CASE WHEN composite_index IS NOT NULL AND region_level <> 'province' THEN CAST(rank() OVER (
           PARTITION BY region_level, month, province, composite_index IS NULL ORDER BY composite_index) AS INTEGER) END,
       NULL, NULL,
       valid_days >= need_days,
       CASE WHEN valid_days < need_days THEN
           format('有效天数{}天，少于{}天（GB 3095 表4{}）', valid_days, CAST(need_days AS INTEGER),
                  CASE WHEN month(month) = 2 THEN '，2月' ELSE '' END)
       END
FROM ci;

UPDATE air_region_month t
SET composite_index_last_year = ly.composite_index,
    change_pct = CASE WHEN ly.composite_index > 0
                      THEN round((t.composite_index - ly.composite_index) / ly.composite_index * 100, 2) END
FROM air_region_month ly
WHERE ly.region_level = t.region_level AND ly.region = t.region
  AND ly.month = CAST(t.month - INTERVAL 1 YEAR AS DATE)
  AND t.month BETWEEN CAST($1 AS DATE) AND CAST(CAST($2 AS DATE) + INTERVAL 1 YEAR AS DATE);
