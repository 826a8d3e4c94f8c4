-- ingest: drop the staging table of an emission file (created by
-- transform/polluters/emission_stage.sql) from the connection it landed on.
DROP TABLE IF EXISTS temp.emission_stage;
