-- ingest: drop the Arrow view of a file once it has been read.
DROP VIEW IF EXISTS ingest_air_arrow;
