-- store (Receive, ReceiveMany): the ledger entries of the files whose
-- sha256 is in $1 (hex digests joined by ','; found through the unique
-- index on sha256, so the cost does not grow with the ledger). Columns of
-- ledger_entry.sql.
SELECT file_id, sha256, name, source, received_at, size_bytes, coalesce(kind, ''), coalesce(format, ''),
    coalesce(encoding, ''), outcome, rows_accepted, rows_rejected, rows_superseded, coalesce(message, ''), finished_at
FROM file_ledger
WHERE sha256 IN (SELECT unnest(string_split($1, ',')));
