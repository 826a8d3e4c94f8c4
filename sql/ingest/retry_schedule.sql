-- serve: a received file whose ingest just failed, for the retrier. The
-- first failure inserts the row (attempts = 1); a failure of the same path
-- again while it is not pending (a client sent it again after the server
-- gave up) starts a new series. $1 path, $2 sha256, $3 name, $4 source,
-- $5 only_station, $6 next_at, $7 error, $8 file_id (NULL = none), $9 now.
INSERT INTO ingest_retry (path, sha256, name, source, only_station, state, attempts, next_at, last_error, file_id, updated_at)
VALUES ($1, $2, $3, $4, $5, 'pending', 1, $6, $7, $8, $9)
ON CONFLICT (path) DO UPDATE SET
    state = 'pending',
    attempts = CASE WHEN ingest_retry.state = 'pending' THEN ingest_retry.attempts ELSE 1 END,
    next_at = CASE WHEN ingest_retry.state = 'pending' THEN ingest_retry.next_at ELSE EXCLUDED.next_at END,
    last_error = EXCLUDED.last_error,
    file_id = coalesce(EXCLUDED.file_id, ingest_retry.file_id),
    updated_at = EXCLUDED.updated_at;
