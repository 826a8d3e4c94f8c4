-- ingest: remove the replaced station-hours from air_hour (run only when
-- air_supersede.sql copied any). $1 = min time, $2 = max time of the file.
DELETE FROM air_hour a
USING ingest_air_stage s
WHERE a.station_code = s.station_code AND a.time = s.time
  AND a.time BETWEEN $1 AND $2;
