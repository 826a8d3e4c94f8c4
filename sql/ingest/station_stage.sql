-- ingest: stage a station list, handed over as the Arrow view
-- ingest_station_arrow, in a connection-local temp table.
CREATE OR REPLACE TEMP TABLE ingest_station_stage AS
SELECT station_code, name, city, province, prefecture, county, lon, lat, is_control
FROM ingest_station_arrow;
