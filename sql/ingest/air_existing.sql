-- ingest: how many current rows lie in a file's time range ($1..$2). Zero
-- (the usual case: new hours) lets the file skip staging and superseding.
SELECT count(*) FROM air_hour WHERE time BETWEEN $1 AND $2;
