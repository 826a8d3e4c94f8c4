-- serve: the outcome of a retry attempt of $1 (path): $2 state (pending,
-- done, failed), $3 attempts so far, $4 next_at (NULL unless pending), $5
-- error (NULL on success), $6 file_id (NULL = unchanged), $7 now.
UPDATE ingest_retry SET
    state = $2, attempts = $3, next_at = $4, last_error = $5,
    file_id = coalesce($6, file_id), updated_at = $7
WHERE path = $1;
