-- transform (air): empty air_touched_hour (before it is filled, and after
-- the run that used it). No parameters.
DELETE FROM air_touched_hour;
