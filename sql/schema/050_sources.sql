-- State of the HTTP pull sources (envdisclose serve): one row per source
-- and expanded URL, with the validators of the last 200 answer so the next
-- request is conditional (If-None-Match / If-Modified-Since).
CREATE TABLE IF NOT EXISTS source_fetch (
    source        VARCHAR NOT NULL,   -- [[sources]] name
    url           VARCHAR NOT NULL,   -- the template expanded for one period
    etag          VARCHAR,            -- ETag of the last 200 answer
    last_modified VARCHAR,            -- Last-Modified of the last 200 answer (as sent)
    last_status   INTEGER,            -- HTTP status of the last attempt, 0 = no answer (network error, timeout)
    last_try_at   TIMESTAMP,          -- CST
    last_ok_at    TIMESTAMP,          -- last 200 or 304, CST
    failures      INTEGER NOT NULL DEFAULT 0, -- consecutive failed fetches (404 does not count)
    sha256        VARCHAR,            -- of the last body received
    PRIMARY KEY (source, url)
);
