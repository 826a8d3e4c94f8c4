-- Real-time (hourly) AQI per station-hour.
-- time: end of the averaging hour, ISO 8601 with the +08:00 offset.
SELECT
    a.station_code,
    strftime(a.time, '%Y-%m-%dT%H:%M:%S+08:00') AS time,
    a.aqi,
    a.primary_pollutant,
    a.category,
    a.level,
    a.iaqi_pm25,
    a.iaqi_pm10,
    a.iaqi_so2,
    a.iaqi_no2,
    a.iaqi_o3,
    a.iaqi_co
FROM air_aqi_hour a
WHERE CAST(a.time - INTERVAL 1 HOUR AS DATE) BETWEEN getvariable('from_day') AND getvariable('to_day')
ORDER BY a.time, a.station_code
