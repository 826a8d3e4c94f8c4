-- ingest: open a version for every listed station without a current one:
-- brand-new stations from 1970-01-01 (so historic data joins), changed
-- ones (closed by station_close.sql) from now. A list without a county
-- column keeps the county of the latest version.
-- $1 = now, $2 = list has a county column, $3 = file_id.
INSERT INTO station (station_code, name, city, province, prefecture, county, lon, lat,
                     is_control, valid_from, valid_to, file_id)
SELECT s.station_code, s.name, s.city, s.province, s.prefecture,
       CASE WHEN $2 THEN s.county ELSE p.county END,
       s.lon, s.lat, s.is_control,
       CASE WHEN p.station_code IS NULL THEN TIMESTAMP '1970-01-01' ELSE $1 END,
       NULL, $3
FROM ingest_station_stage s
LEFT JOIN (SELECT station_code, arg_max(county, valid_from) AS county
           FROM station GROUP BY station_code) p ON p.station_code = s.station_code
WHERE NOT EXISTS (SELECT 1 FROM station c
                  WHERE c.station_code = s.station_code AND c.valid_to IS NULL);
