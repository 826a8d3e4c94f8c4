-- transform (air): empty air_touched_hour and air_touched_mark (before
-- they are filled, and after the run that used them). No parameters.
DELETE FROM air_touched_hour;
DELETE FROM air_touched_mark;
