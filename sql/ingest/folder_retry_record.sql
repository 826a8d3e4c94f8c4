-- serve: a failed ingest attempt of the folder file $1: $2 source, $3
-- sha256, $4 state (pending, failed), $5 attempts so far, $6 next_at (NULL
-- when failed), $7 error, $8 moved_to (NULL unless failed), $9 now.
INSERT INTO folder_retry (path, source, sha256, state, attempts, next_at, last_error, moved_to, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (path) DO UPDATE SET
    source = EXCLUDED.source, sha256 = EXCLUDED.sha256, state = EXCLUDED.state,
    attempts = EXCLUDED.attempts, next_at = EXCLUDED.next_at, last_error = EXCLUDED.last_error,
    moved_to = EXCLUDED.moved_to, updated_at = EXCLUDED.updated_at;
