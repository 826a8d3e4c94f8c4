-- serve: the time of the next pending retry (NULL = none).
SELECT min(next_at) FROM ingest_retry WHERE state = 'pending';
