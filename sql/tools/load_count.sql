-- tools: the exactly-once check of `envdisclose load`: the rows of
-- air_hour and its distinct station-hours (equal, and equal to stations ×
-- hours pushed, when every push landed once). No parameters.
SELECT count(*), count(DISTINCT (station_code, time)) FROM air_hour;
