-- ingest: read a Parquet file (a temporary copy of the received bytes)
-- through DuckDB's reader; the Arrow result is decoded like any other
-- file. $1 = the path of the copy.
SELECT * FROM read_parquet($1);
