-- ingest: keep the current values of the station-hours a file replaces.
-- $1 = file_id of the new file, $2/$3 = the file's min/max time (lets
-- DuckDB's zonemaps skip row groups of other periods).
INSERT INTO air_hour_superseded
    (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id, superseded_by)
SELECT a.station_code, a.time, a.pm25, a.pm10, a.so2, a.no2, a.o3, a.co, a.aqi_reported, a.file_id, $1
FROM air_hour a
JOIN ingest_air_stage s ON a.station_code = s.station_code AND a.time = s.time
WHERE a.time BETWEEN $2 AND $3;
