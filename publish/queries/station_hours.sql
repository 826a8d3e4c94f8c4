-- The 24 hours ending at the latest real-time hour $1 (latest_hour.sql, as
-- text 'YYYY-MM-DD HH:MM:SS': a bound Go time would become TIMESTAMPTZ and
-- shift by the session time zone) for every station: hourly concentrations
-- (µg/m³, CO mg/m³; NULL = missing) and the real-time AQI. A station-hour
-- present in only one of the two tables is still shown. The bound is a
-- constant, so the scans read only the row groups of those hours instead
-- of the whole history.
WITH latest AS (SELECT CAST($1 AS TIMESTAMP) AS t)
SELECT coalesce(h.station_code, a.station_code) AS station_code,
       coalesce(h.time, a.time) AS time,
       h.pm25, h.pm10, h.so2, h.no2, h.o3, h.co,
       a.aqi, a.primary_pollutant, a.level, a.category
FROM (
    SELECT air_hour.* FROM air_hour, latest
    WHERE time > latest.t - INTERVAL 24 HOUR AND time <= latest.t
) h
FULL OUTER JOIN (
    SELECT air_aqi_hour.* FROM air_aqi_hour, latest
    WHERE time > latest.t - INTERVAL 24 HOUR AND time <= latest.t
    QUALIFY row_number() OVER (PARTITION BY station_code, time ORDER BY std_version DESC) = 1
) a ON a.station_code = h.station_code AND a.time = h.time
ORDER BY station_code, time
