-- jobs: records the end of run $5. $1 ended_at (CST wall clock),
-- $2 outcome (ok, error, panic, interrupted), $3 rows handled, $4 error
-- (NULL on success).
UPDATE job_run SET ended_at = $1, outcome = $2, rows = $3, error = $4
WHERE run_id = $5;
