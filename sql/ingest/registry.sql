-- ingest: every station code ever registered (any version).
SELECT DISTINCT station_code FROM station;
