-- polluters: days and months of the run (TEMP polluter_run_day), for the
-- report; 0 days means nothing to recompute. No parameters.
SELECT count(*), (SELECT count(DISTINCT date_trunc('month', day)) FROM polluter_run_day) FROM polluter_run_day;
