-- serve, HTTP pull sources: the validators of the last 200 answer and the
-- consecutive failures of one URL (no row = never fetched). $1 source
-- name, $2 expanded URL.
SELECT etag, last_modified, failures
FROM source_fetch
WHERE source = $1 AND url = $2;
