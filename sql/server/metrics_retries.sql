-- serve, /metrics: the automatic ingest retries per state (pending, done,
-- failed = gave up), with every state present (0 when none): files, and
-- ingest attempts of those files (the first, failed ingest included).
-- Pushed and HJ 212 files (ingest_retry) and files of the inbox and drop
-- folders (folder_retry: pending, failed) count together. No parameters.
WITH r AS (
    SELECT path, state, attempts FROM ingest_retry
    UNION ALL
    SELECT path, state, attempts FROM folder_retry
)
SELECT s.state, count(r.path), coalesce(sum(r.attempts), 0)
FROM (VALUES ('pending'), ('done'), ('failed')) s(state)
LEFT JOIN r ON r.state = s.state
GROUP BY s.state
ORDER BY s.state;
