-- Files of the inbox and of drop-folder sources whose ingest failed (an
-- internal error, not a refusal: a refused file is settled and archived).
-- The folder job tries such a file again on its later runs, no sooner than
-- next_at (the same backoff as ingest_retry), at most the retry attempts
-- in all; after the last one the file is moved aside (moved_to) with the
-- reason, so it neither blocks nor loads the job forever and is never
-- deleted.
CREATE TABLE IF NOT EXISTS folder_retry (
    path       VARCHAR PRIMARY KEY, -- the file where the job found it
    source     VARCHAR NOT NULL,    -- ledger source: inbox, folder:<name>
    sha256     VARCHAR NOT NULL,    -- the bytes the attempts were made with
    state      VARCHAR NOT NULL,    -- pending (tried again after next_at), failed (moved aside)
    attempts   INTEGER NOT NULL,    -- failed ingest attempts so far
    next_at    TIMESTAMP,           -- no attempt before (CST wall clock); NULL when failed
    last_error VARCHAR NOT NULL,    -- error of the last attempt; the final reason when failed
    moved_to   VARCHAR,             -- failed: where the file is now
    updated_at TIMESTAMP NOT NULL
);
