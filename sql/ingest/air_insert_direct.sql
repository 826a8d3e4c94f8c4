-- ingest: land a file's station-hours straight from the Arrow view when no
-- current row shares its time range (nothing to supersede). $1 = file_id.
INSERT INTO air_hour (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id)
SELECT station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, $1
FROM ingest_air_arrow;
