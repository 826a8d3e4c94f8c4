-- transform (air, incremental run): the station-hours of the rows that
-- the files of the taken marks (air_touched_mark) brought into air_hour,
-- for the days they marked. A correction's rows carry its own file_id, so
-- the hours it changed are here. No parameters.
INSERT INTO air_touched_hour
SELECT DISTINCT h.station_code, h.time
FROM air_hour h
JOIN air_touched_mark d
  ON h.file_id = d.file_id
 AND h.time > CAST(d.day AS TIMESTAMP)
 AND h.time <= CAST(d.day AS TIMESTAMP) + INTERVAL 1 DAY;
