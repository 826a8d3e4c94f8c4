-- ingest: back to DuckDB's default row order on this connection (see
-- air_group_unordered.sql).
RESET SESSION preserve_insertion_order;
