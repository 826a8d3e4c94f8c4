-- ingest: stage one file's air rows, handed over as the Arrow view
-- ingest_air_arrow, in a connection-local temp table (an Arrow stream can be
-- scanned only once; the statements below read the rows several times).
CREATE OR REPLACE TEMP TABLE ingest_air_stage AS
SELECT station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported
FROM ingest_air_arrow;
