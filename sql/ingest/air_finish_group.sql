-- ingest: write the ledger outcome of the files of a landed group in one
-- statement (the same columns store.Finish writes for one file). $1 = a JSON
-- array of one object per file (keys: the columns below); $2 = finished_at,
-- CST wall clock as text.
UPDATE file_ledger SET kind = j.kind, format = j.format, encoding = j.encoding, outcome = j.outcome,
    rows_accepted = j.rows_accepted, rows_rejected = j.rows_rejected, rows_superseded = j.rows_superseded,
    message = j.message, finished_at = CAST($2 AS TIMESTAMP)
FROM (SELECT unnest(from_json($1, '[{"file_id": "BIGINT", "kind": "VARCHAR", "format": "VARCHAR",
        "encoding": "VARCHAR", "outcome": "VARCHAR", "rows_accepted": "BIGINT", "rows_rejected": "BIGINT",
        "rows_superseded": "BIGINT", "message": "VARCHAR"}]'), recursive := true)) AS j
WHERE file_ledger.file_id = j.file_id;
