-- The latest hour that has a real-time AQI (CST wall clock, end of the
-- averaging hour). NULL when there is none yet.
SELECT max(time) FROM air_aqi_hour
