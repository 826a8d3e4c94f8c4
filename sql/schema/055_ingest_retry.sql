-- Automatic retry of received files whose ingest failed (envdisclose
-- serve): a pushed file or an HJ 212 batch is on disk under DATA/inbox
-- before its ingest runs; when the ingest fails with an internal error
-- (outcome 'failed', or an error before the ledger was written) the server
-- retries it with exponential backoff, a bounded number of times.
CREATE TABLE IF NOT EXISTS ingest_retry (
    path         VARCHAR PRIMARY KEY, -- the raw bytes, relative to DATA/inbox
    sha256       VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,    -- file name given to the ingest
    source       VARCHAR NOT NULL,    -- ledger source: push:<station>, hj212:<mn>
    only_station VARCHAR,             -- a station token's push: only this station's rows
    state        VARCHAR NOT NULL,    -- pending, done, failed (gave up)
    attempts     INTEGER NOT NULL,    -- ingest attempts so far, the first one included
    next_at      TIMESTAMP,           -- next attempt (CST wall clock); NULL when not pending
    last_error   VARCHAR,             -- error of the last failed attempt; the final reason when failed
    file_id      BIGINT,              -- ledger entry, once known
    updated_at   TIMESTAMP NOT NULL
);
