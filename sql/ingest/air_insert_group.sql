-- ingest: land the station-hours of a group of files of new hours in one
-- statement (the Arrow view carries each row's file_id).
INSERT INTO air_hour (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id)
SELECT station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id
FROM ingest_air_arrow;
