-- store: DuckDB memory limit of a new connection (Options.MemoryLimit, only
-- when set). $1 = the limit as text, e.g. '2GB'.
SET memory_limit = $1;
