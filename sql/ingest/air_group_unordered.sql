-- ingest: for this connection only, let the group insert skip keeping the
-- rows in the order of the Arrow stream (air_hour has no meaningful row
-- order; every query orders what it needs). DuckDB then appends from both
-- threads without merging the threads' row groups back into stream order,
-- which costs about a third less CPU per landed row. air_group_ordered.sql
-- restores the default right after the insert.
SET SESSION preserve_insertion_order = false;
