-- The latest daily AQI of every city.
SELECT region, coalesce(province, ''), day, aqi, primary_pollutant, level, category, valid, n_stations, n_valid
FROM air_region_day
WHERE region_level = 'city'
QUALIFY row_number() OVER (PARTITION BY region ORDER BY day DESC) = 1
ORDER BY province NULLS LAST, region
