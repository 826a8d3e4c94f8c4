-- store: DuckDB worker threads of a new connection (Options.Threads, only
-- when set). $1 = number of threads.
SET threads = $1;
