-- jobs: the latest scheduled time with a recorded run of job $1 (NULL =
-- never ran on schedule), from which missed runs are caught up.
SELECT max(scheduled_at) FROM job_run WHERE job = $1 AND scheduled_at IS NOT NULL;
