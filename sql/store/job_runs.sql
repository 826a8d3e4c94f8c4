-- envdisclose jobs: the recent job runs, newest first. $1 job name ('' =
-- every job), $2 at most this many runs.
SELECT job, trigger, scheduled_at, started_at, ended_at, outcome, rows, coalesce(error, '')
FROM job_run
WHERE $1 = '' OR job = $1
ORDER BY run_id DESC
LIMIT $2;
