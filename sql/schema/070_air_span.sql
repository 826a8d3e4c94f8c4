-- The HJ 663 statistics of region days over spans of whole months, in one
-- place: the transform's monthly table (models/region_month.sql, span
-- 'month') and the quarterly bulletin (reports/air/region_period.sql, span
-- 'quarter') both use them.

-- S values of the composite index (STANDARDS.md §5.1), one row per limits
-- version.
CREATE OR REPLACE MACRO air_composite_s() AS TABLE
SELECT version,
       max(s_value) FILTER (WHERE pollutant = 'SO2')   AS s_so2,
       max(s_value) FILTER (WHERE pollutant = 'NO2')   AS s_no2,
       max(s_value) FILTER (WHERE pollutant = 'PM10')  AS s_pm10,
       max(s_value) FILTER (WHERE pollutant = 'PM2.5') AS s_pm25,
       max(s_value) FILTER (WHERE pollutant = 'CO')    AS s_co,
       max(s_value) FILTER (WHERE pollutant = 'O3')    AS s_o3
FROM std_composite_index_s GROUP BY version;

-- Statistics of the region days d0 … d1 per region and span (span_start =
-- date_trunc(span, day)), from the valid region-days only:
--   pm25, pm10, so2, no2 = mean of the daily values (GB/T 8170: integers);
--   co_p95 / o3_p90 = HJ 663 A.6 percentile of daily CO / MDA8 (CO 1 decimal, O3 integer);
--   good_days = AQI <= 100; days_lN per AQI level; std_versions = the AQI
--   versions of the days.
CREATE OR REPLACE MACRO air_span_stats(d0, d1, span) AS TABLE
SELECT region_level, region, province,
       CAST(date_trunc(span, day) AS DATE) AS span_start,
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
       count(*) FILTER (WHERE valid AND level = 6) AS days_l6,
       string_agg(DISTINCT std_version, ',' ORDER BY std_version) AS std_versions
FROM air_region_day
WHERE day BETWEEN d0 AND d1
GROUP BY region_level, region, province, CAST(date_trunc(span, day) AS DATE);

-- The composite index of a row of air_span_stats joined to air_composite_s
-- (2 decimals).
CREATE OR REPLACE MACRO air_composite_index(a, s) AS
round(a.so2 / s.s_so2 + a.no2 / s.s_no2 + a.pm10 / s.s_pm10 + a.pm25 / s.s_pm25
      + a.co_p95 / s.s_co + a.o3_p90 / s.s_o3, 2);
