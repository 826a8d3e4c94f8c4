-- serve, /metrics: the automatic ingest retries (ingest_retry) per state
-- (pending, done, failed = gave up), with every state present (0 when
-- none): files, and ingest attempts of those files (the first, failed
-- ingest included). No parameters.
SELECT s.state, count(r.path), coalesce(sum(r.attempts), 0)
FROM (VALUES ('pending'), ('done'), ('failed')) s(state)
LEFT JOIN ingest_retry r ON r.state = s.state
GROUP BY s.state
ORDER BY s.state;
