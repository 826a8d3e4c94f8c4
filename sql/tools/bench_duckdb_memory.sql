-- tools (bench): DuckDB's own memory accounting after a phase, largest tag
-- first (summed and shortened by internal/bench memLine). No parameters.
SELECT tag, memory_usage_bytes, temporary_storage_bytes
FROM duckdb_memory()
ORDER BY memory_usage_bytes DESC;
