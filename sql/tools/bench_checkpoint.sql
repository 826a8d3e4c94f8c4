-- tools (bench air): write everything the WAL holds into the database file,
-- inside the timed span (ends both the floor and the timed ingest). No
-- parameters.
CHECKPOINT;
