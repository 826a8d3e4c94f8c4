-- store: settings of every new database connection (run by Open's
-- connector): timestamps are China Standard Time wall clock, and the WAL is
-- checkpointed at 1 GB rather than DuckDB's default. No parameters.
SET TimeZone = 'Asia/Shanghai';
SET checkpoint_threshold = '1GB';
