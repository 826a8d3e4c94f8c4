-- ingest: which of the files about to land share station-hours with
-- current rows. $1/$2 = the union of their time ranges (lets DuckDB's
-- zonemaps skip the row groups of other periods); $3 = one key per file
-- and station, joined by ';', each 'item|code|from|to': item = the file's
-- index in the group (0 for a single file), code = one station ('1001A')
-- or '*' for a file with many stations (a wide file), which then matches
-- every station in its range, from/to = 'YYYY-MM-DD HH:MM:SS' (CST wall
-- clock). No row back (the usual case: new hours, or a station pushing its
-- own new hour while others already sent theirs) lets the files skip
-- staging and superseding.
SELECT DISTINCT keys.item
FROM air_hour a
JOIN (SELECT CAST(split_part(k, '|', 1) AS INTEGER) AS item,
             split_part(k, '|', 2) AS code,
             CAST(split_part(k, '|', 3) AS TIMESTAMP) AS lo,
             CAST(split_part(k, '|', 4) AS TIMESTAMP) AS hi
      FROM (SELECT unnest(string_split($3, ';')) AS k)) keys
  ON (keys.code = '*' OR a.station_code = keys.code) AND a.time BETWEEN keys.lo AND keys.hi
WHERE a.time BETWEEN $1 AND $2
ORDER BY keys.item;
