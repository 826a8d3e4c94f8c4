-- store (Entries): the newest $1 ledger entries, newest first.
SELECT file_id, sha256, name, source, received_at, size_bytes, coalesce(kind, ''), coalesce(format, ''),
    coalesce(encoding, ''), outcome, rows_accepted, rows_rejected, rows_superseded, coalesce(message, ''), finished_at
FROM file_ledger
ORDER BY file_id DESC
LIMIT $1;
