-- Months with new data whose released bulletins still need a re-check for
-- corrections (errata). The incremental push build consumes the dirty_day
-- marks of air data without running the release stage, so it keeps the
-- touched months here; the next full build re-checks them and clears them.
CREATE TABLE IF NOT EXISTS release_pending (
    dataset VARCHAR NOT NULL,  -- dirty_day dataset: air, water, emission
    month   VARCHAR NOT NULL   -- 2006-01
);
