-- serve: the retry records of folder source $1 (inbox, folder:<name>):
-- path, state (pending, failed), sha256, attempts, next_at.
SELECT path, state, sha256, attempts, next_at
FROM folder_retry
WHERE source = $1;
