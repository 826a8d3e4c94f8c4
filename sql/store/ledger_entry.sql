-- store (Entry): the ledger entry with file_id $1.
SELECT file_id, sha256, name, source, received_at, size_bytes, coalesce(kind, ''), coalesce(format, ''),
    coalesce(encoding, ''), outcome, rows_accepted, rows_rejected, rows_superseded, coalesce(message, ''), finished_at
FROM file_ledger
WHERE file_id = $1;
