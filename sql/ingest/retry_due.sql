-- serve: the pending retries due at $1 (CST wall clock), oldest first.
SELECT path, sha256, name, source, coalesce(only_station, ''), attempts
FROM ingest_retry
WHERE state = 'pending' AND next_at <= $1
ORDER BY next_at, path
LIMIT 32;
