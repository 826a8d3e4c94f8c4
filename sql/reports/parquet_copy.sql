-- report (WriteParquet): writes one report table, appended to a temporary
-- table of an in-memory database, to a Parquet file. $1 = name of the
-- temporary table, $2 = path of the file to write.
COPY (FROM query_table($1)) TO $2 (FORMAT parquet, COMPRESSION zstd);
