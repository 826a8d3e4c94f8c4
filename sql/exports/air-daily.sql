-- Daily values and daily AQI per station (natural day, HJ 663 validity).
SELECT
    d.station_code,
    s.name AS station_name,
    s.city,
    d.day,
    d.std_version,
    d.aqi,
    d.primary_pollutant,
    d.category,
    d.level,
    d.pm25, d.pm10, d.so2, d.no2, d.co, d.o3_1h_max, d.o3_8h_max,
    d.n_pm25, d.n_pm10, d.n_so2, d.n_no2, d.n_co, d.n_o3, d.n_o3_8h,
    d.iaqi_pm25, d.iaqi_pm10, d.iaqi_so2, d.iaqi_no2, d.iaqi_co, d.iaqi_o3_1h, d.iaqi_o3_8h,
    d.valid
FROM air_station_day d
LEFT JOIN station s
    ON s.station_code = d.station_code
   AND CAST(d.day AS TIMESTAMP) + INTERVAL 1 HOUR >= s.valid_from
   AND (s.valid_to IS NULL OR CAST(d.day AS TIMESTAMP) + INTERVAL 1 HOUR < s.valid_to)
WHERE d.day BETWEEN getvariable('from_day') AND getvariable('to_day')
ORDER BY d.day, d.station_code
