-- The latest real-time AQI of every city (air_region_hour at the latest
-- hour); a city without a real-time value at that hour shows its latest
-- daily AQI instead, and says so (kind = 'day').
WITH latest AS (
    SELECT max(time) AS t FROM air_region_hour WHERE region_level = 'city'
),
rt AS (
    SELECT r.region, coalesce(r.province, '') AS province, r.time AS at, r.aqi, r.primary_pollutant, r.level, r.category,
           r.valid, r.n_stations, r.n_reporting AS n_valid, 'hour' AS kind
    FROM air_region_hour r, latest
    WHERE r.region_level = 'city' AND r.time = latest.t
),
dy AS (
    SELECT region, coalesce(province, '') AS province, CAST(day AS TIMESTAMP) AS at, aqi, primary_pollutant, level, category,
           valid, n_stations, n_valid, 'day' AS kind
    FROM air_region_day
    WHERE region_level = 'city'
    QUALIFY row_number() OVER (PARTITION BY region ORDER BY day DESC) = 1
)
SELECT * FROM rt
UNION ALL
SELECT * FROM dy WHERE region NOT IN (SELECT region FROM rt)
ORDER BY province, region
