-- Daily values of every region for the 12 calendar months up to its latest
-- day (the region pages show one calendar per month).
SELECT d.region_level, d.region, d.day, d.aqi, d.primary_pollutant, d.level, d.category,
       d.pm25, d.pm10, d.so2, d.no2, d.co, d.o3_8h_max, d.n_stations, d.n_valid, d.valid
FROM air_region_day d
JOIN (
    SELECT region_level, region, max(day) AS last_day
    FROM air_region_day GROUP BY region_level, region
) l USING (region_level, region)
WHERE d.day >= date_trunc('month', l.last_day) - INTERVAL 11 MONTH
ORDER BY d.region_level, d.region, d.day
