-- serve: the retry record of ledger entry $1 (GET /api/v1/files/{id}).
SELECT state, attempts, next_at, coalesce(last_error, '')
FROM ingest_retry
WHERE file_id = $1 OR sha256 = (SELECT sha256 FROM file_ledger WHERE file_id = $1)
ORDER BY updated_at DESC
LIMIT 1;
