-- hour_aqi: real-time (hourly) AQI of every station-hour of a range of
-- natural days (HJ 633 实时报 as practised by CNEMC, STANDARDS.md §1.4).
-- Parameters:
--   $1 DATE     first natural day (hours labelled day 01:00 ... day+1 00:00)
--   $2 DATE     last natural day, inclusive
--   $3 VARCHAR  AQI standard version in force for these days (std_standard_version, kind aqi)
--   $4 VARCHAR  scope: 'day' = every station-hour of the days; 'touched' = only
--               those listed in air_touched_hour (an incremental run: the
--               AQI of a station-hour depends on that station-hour alone)
-- Which table each pollutant uses and what happens above the top breakpoint
-- come from std_aqi_indicator (report 'hourly') and std_iaqi_lookup; the
-- primary pollutant text from std_primary_lookup (mask of the inputs whose
-- IAQI equals the AQI). Everything is an equality join on a small table.

DELETE FROM air_aqi_hour
WHERE time > CAST($1 AS DATE)::TIMESTAMP
  AND time <= CAST($2 AS DATE)::TIMESTAMP + INTERVAL 1 DAY
  AND ($4 = 'day' OR (station_code, time) IN (SELECT station_code, time FROM air_touched_hour));

INSERT INTO air_aqi_hour
WITH ind AS (
    SELECT i.input, l.*
    FROM std_aqi_indicator i
    JOIN std_iaqi_lookup l ON l.version = i.version AND l.indicator = i.indicator
    WHERE i.version = $3 AND i.report = 'hourly'
),
lk_pm25 AS (SELECT * FROM ind WHERE input = 'pm25'),
lk_pm10 AS (SELECT * FROM ind WHERE input = 'pm10'),
lk_so2  AS (SELECT * FROM ind WHERE input = 'so2'),
lk_no2  AS (SELECT * FROM ind WHERE input = 'no2'),
lk_o3   AS (SELECT * FROM ind WHERE input = 'o3'),
lk_co   AS (SELECT * FROM ind WHERE input = 'co'),
meta AS (   -- one row: the top breakpoint (clamp point of k) per input
    SELECT
        max(top) FILTER (WHERE input = 'pm25') AS t_pm25, max(top) FILTER (WHERE input = 'pm10') AS t_pm10,
        max(top) FILTER (WHERE input = 'so2')  AS t_so2,  max(top) FILTER (WHERE input = 'no2')  AS t_no2,
        max(top) FILTER (WHERE input = 'o3')   AS t_o3,   max(top) FILTER (WHERE input = 'co')   AS t_co
    FROM ind
),
h AS (
    SELECT h.station_code, h.time, h.pm25, h.pm10, h.so2, h.no2, h.o3, h.co,
           std_iaqi_key(h.pm25, m.t_pm25) AS k_pm25,
           std_iaqi_key(h.pm10, m.t_pm10) AS k_pm10,
           std_iaqi_key(h.so2, m.t_so2)  AS k_so2,
           std_iaqi_key(h.no2, m.t_no2)  AS k_no2,
           std_iaqi_key(h.o3, m.t_o3)   AS k_o3,
           std_iaqi_key(h.co, m.t_co)   AS k_co
    FROM air_hour h, meta m
    WHERE h.time > CAST($1 AS DATE)::TIMESTAMP
      AND h.time <= CAST($2 AS DATE)::TIMESTAMP + INTERVAL 1 DAY
      AND ($4 = 'day' OR (h.station_code, h.time) IN (SELECT station_code, time FROM air_touched_hour))
),
x AS (
    SELECT h.station_code, h.time,
        std_iaqi_fast(h.pm25, a.bp_lo, a.num, a.den, a.iaqi_lo) AS iaqi_pm25,
        std_iaqi_fast(h.pm10, b.bp_lo, b.num, b.den, b.iaqi_lo) AS iaqi_pm10,
        std_iaqi_fast(h.so2, c.bp_lo, c.num, c.den, c.iaqi_lo) AS iaqi_so2,
        std_iaqi_fast(h.no2, d.bp_lo, d.num, d.den, d.iaqi_lo) AS iaqi_no2,
        std_iaqi_fast(h.o3, e.bp_lo, e.num, e.den, e.iaqi_lo) AS iaqi_o3,
        std_iaqi_fast(h.co, f.bp_lo, f.num, f.den, f.iaqi_lo) AS iaqi_co
    FROM h
    LEFT JOIN lk_pm25 a ON a.k = h.k_pm25
    LEFT JOIN lk_pm10 b ON b.k = h.k_pm10
    LEFT JOIN lk_so2  c ON c.k = h.k_so2
    LEFT JOIN lk_no2  d ON d.k = h.k_no2
    LEFT JOIN lk_o3   e ON e.k = h.k_o3
    LEFT JOIN lk_co   f ON f.k = h.k_co
),
y AS (
    SELECT x.*, greatest(iaqi_pm25, iaqi_pm10, iaqi_so2, iaqi_no2, iaqi_o3, iaqi_co) AS aqi
    FROM x
)
SELECT y.station_code, y.time, $3,
       y.iaqi_pm25, y.iaqi_pm10, y.iaqi_so2, y.iaqi_no2, y.iaqi_o3, y.iaqi_co,
       y.aqi,
       pl.primary_pollutant,   -- NULL when AQI <= 50 (mask 0)
       lv.level, lv.category
FROM (
    SELECT y.*,
           CASE WHEN y.aqi > 50 THEN
                  CASE WHEN y.iaqi_pm25 = y.aqi THEN 1 ELSE 0 END + CASE WHEN y.iaqi_pm10 = y.aqi THEN 2 ELSE 0 END
                + CASE WHEN y.iaqi_so2 = y.aqi THEN 4 ELSE 0 END  + CASE WHEN y.iaqi_no2 = y.aqi THEN 8 ELSE 0 END
                + CASE WHEN y.iaqi_co = y.aqi THEN 16 ELSE 0 END  + CASE WHEN y.iaqi_o3 = y.aqi THEN 32 ELSE 0 END
           ELSE 0 END AS mask
    FROM y
) y
LEFT JOIN std_primary_lookup pl ON pl.version = $3 AND pl.report = 'hourly' AND pl.mask = y.mask
LEFT JOIN std_aqi_level_lookup lv ON lv.version = $3 AND lv.aqi = y.aqi;
