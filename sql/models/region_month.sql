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
s AS (
    SELECT version,
           max(s_value) FILTER (WHERE pollutant = 'SO2')   AS s_so2,
           max(s_value) FILTER (WHERE pollutant = 'NO2')   AS s_no2,
           max(s_value) FILTER (WHERE pollutant = 'PM10')  AS s_pm10,
           max(s_value) FILTER (WHERE pollutant = 'PM2.5') AS s_pm25,
           max(s_value) FILTER (WHERE pollutant = 'CO')    AS s_co,
           max(s_value) FILTER (WHERE pollutant = 'O3')    AS s_o3
    FROM std_composite_index_s GROUP BY version
),
rule AS (
    SELECT version,
           max(value) FILTER (WHERE rule = 'month_min_days')          AS min_days,
           max(value) FILTER (WHERE rule = 'month_min_days_february') AS min_days_feb
    FROM std_validity GROUP BY version
),
agg AS (
    SELECT region_level, region, province, month,
           count(*) AS days,
           count(*) FILTER (WHERE valid) AS valid_days,
           gbt8170(avg(pm25) FILTER (WHERE valid), 0) AS pm25,
           gbt8170(avg(pm10) FILTER (WHERE valid), 0) AS pm10,
           gbt8170(avg(so2)  FILTER (WHERE valid), 0) AS so2,
           gbt8170(avg(no2)  FILTER (WHERE valid), 0) AS no2,
           gbt8170(hj663_percentile(list_sort(list(co) FILTER (WHERE valid AND co IS NOT NULL)), 95), 1) AS co_p95,
           gbt8170(hj663_percentile(list_sort(list(o3_8h_max) FILTER (WHERE valid AND o3_8h_max IS NOT NULL)), 90), 0) AS o3_p90,
           count(*) FILTER (WHERE valid AND aqi <= 100) AS good_days,
           count(*) FILTER (WHERE valid AND level = 1) AS days_l1,
           count(*) FILTER (WHERE valid AND level = 2) AS days_l2,
           count(*) FILTER (WHERE valid AND level = 3) AS days_l3,
           count(*) FILTER (WHERE valid AND level = 4) AS days_l4,
           count(*) FILTER (WHERE valid AND level = 5) AS days_l5,
           count(*) FILTER (WHERE valid AND level = 6) AS days_l6
    FROM d
    GROUP BY region_level, region, province, month
),
ci AS (
    SELECT a.*, v.aqi_version, r.min_days, r.min_days_feb,
           CASE WHEN month(a.month) = 2 THEN r.min_days_feb ELSE r.min_days END AS need_days,
           round(a.so2 / s.s_so2 + a.no2 / s.s_no2 + a.pm10 / s.s_pm10 + a.pm25 / s.s_pm25
                 + a.co_p95 / s.s_co + a.o3_p90 / s.s_o3, 2) AS composite_index
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
