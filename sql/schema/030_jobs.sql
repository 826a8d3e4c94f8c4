-- Scheduled and manual job runs (envdisclose serve / run / jobs).
CREATE SEQUENCE IF NOT EXISTS job_run_id_seq START 1;
CREATE TABLE IF NOT EXISTS job_run (
    run_id       BIGINT PRIMARY KEY,
    job          VARCHAR NOT NULL,
    trigger      VARCHAR NOT NULL,   -- schedule, catch-up, manual, push
    scheduled_at TIMESTAMP,          -- the cron time this run stands for (NULL = manual)
    started_at   TIMESTAMP NOT NULL,
    ended_at     TIMESTAMP,
    outcome      VARCHAR NOT NULL,   -- running, ok, error, panic, interrupted
    rows         BIGINT NOT NULL DEFAULT 0,
    error        VARCHAR
);
