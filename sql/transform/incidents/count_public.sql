-- incidents: counts for the run report: rows of incident_public, rows with
-- a level conflict, unpublished rows past their deadline. No parameters.
SELECT count(*), count(*) FILTER (WHERE level_conflict),
       count(*) FILTER (WHERE published_at IS NULL AND on_time = false)
FROM incident_public;
