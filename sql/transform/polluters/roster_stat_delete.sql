-- polluters (LoadRoster): drop the statistics of the outlets the roster
-- publishes again (replaced by roster_stat_insert.sql). No parameters.
DELETE FROM outlet_stat WHERE outlet_code IN (SELECT outlet_code FROM roster_stat_stage);
