-- store (Receive, ReceiveMany): records new files in the ledger, outcome
-- received, in one statement. $1 = JSON array, one object per file with
-- file_id, sha256, name, source, size_bytes; $2 = received_at as text (CST
-- wall clock, 'YYYY-MM-DD HH:MM:SS.ffffff'); $3 = the outcome (received).
-- The caller has looked the digests up first (ledger_lookup.sql): a file
-- already in the ledger is not in $1 (the unique sha256 refuses it anyway).
-- Returns the entries (columns of ledger_entry.sql).
INSERT INTO file_ledger (file_id, sha256, name, source, received_at, size_bytes, outcome)
SELECT j.file_id, j.sha256, j.name, j.source, CAST($2 AS TIMESTAMP), j.size_bytes, $3
FROM (SELECT unnest(from_json($1, '[{"file_id": "BIGINT", "sha256": "VARCHAR", "name": "VARCHAR",
        "source": "VARCHAR", "size_bytes": "BIGINT"}]'), recursive := true)) AS j
RETURNING file_id, sha256, name, source, received_at, size_bytes, coalesce(kind, ''), coalesce(format, ''),
    coalesce(encoding, ''), outcome, rows_accepted, rows_rejected, rows_superseded, coalesce(message, ''), finished_at;
