-- tools (bench air): the floor, what DuckDB alone takes to load the
-- generated long-layout CSV files into a table of the same shape (the
-- pipeline's ingest is compared with it). $1 = the files' glob, e.g.
-- '/tmp/…/gen/long/*.csv' (bound as a parameter: DuckDB's read_csv accepts
-- one, so the path is never spliced into the text).
CREATE TABLE floor AS
SELECT * FROM read_csv($1, header = true,
    columns = {'station_code': 'VARCHAR', 'time': 'TIMESTAMP', 'pm25': 'DOUBLE', 'pm10': 'DOUBLE',
               'so2': 'DOUBLE', 'no2': 'DOUBLE', 'o3': 'DOUBLE', 'co': 'DOUBLE'});
