-- jobs: records the start of a job run (outcome running) and returns its
-- run_id. $1 job, $2 trigger (schedule, catch-up, manual, push),
-- $3 scheduled_at (CST wall clock; NULL = not a scheduled run),
-- $4 started_at (CST wall clock), $5 outcome.
INSERT INTO job_run (run_id, job, trigger, scheduled_at, started_at, outcome)
VALUES (nextval('job_run_id_seq'), $1, $2, $3, $4, $5)
RETURNING run_id;
