-- store (Finish): the outcome of a file, in the transaction that landed its
-- rows. $1 kind, $2 format, $3 encoding, $4 outcome, $5 rows accepted,
-- $6 rows rejected, $7 rows superseded, $8 message, $9 finished_at (CST
-- wall clock), $10 file_id.
UPDATE file_ledger SET
    kind = $1, format = $2, encoding = $3, outcome = $4,
    rows_accepted = $5, rows_rejected = $6, rows_superseded = $7, message = $8, finished_at = $9
WHERE file_id = $10;
