-- serve, HTTP pull sources: the outcome of one fetch of a URL. $1 source
-- name, $2 URL, $3 ETag, $4 Last-Modified (NULL = none), $5 HTTP status
-- (0 = no answer), $6 tried at, $7 ok at (NULL unless 200/304; an earlier
-- one is kept), $8 consecutive failures, $9 sha256 of the body (NULL = no
-- new body; the earlier one is kept).
INSERT INTO source_fetch
    (source, url, etag, last_modified, last_status, last_try_at, last_ok_at, failures, sha256)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (source, url) DO UPDATE SET
    etag = excluded.etag, last_modified = excluded.last_modified, last_status = excluded.last_status,
    last_try_at = excluded.last_try_at, last_ok_at = coalesce(excluded.last_ok_at, source_fetch.last_ok_at),
    failures = excluded.failures, sha256 = coalesce(excluded.sha256, source_fetch.sha256);
