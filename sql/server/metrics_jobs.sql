-- serve, /metrics: per job, the duration in milliseconds of its last
-- finished run and the end of its last successful one (CST wall clock,
-- NULL = none). No parameters.
SELECT job,
    arg_max(date_diff('millisecond', started_at, ended_at), run_id),
    max(ended_at) FILTER (WHERE outcome = 'ok')
FROM job_run
WHERE ended_at IS NOT NULL
GROUP BY job
ORDER BY job;
