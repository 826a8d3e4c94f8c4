-- polluters: consume the dirty_day marks (dataset 'emission') of the run's
-- days, whatever selected them. No parameters.
DELETE FROM dirty_day WHERE dataset = 'emission' AND day IN (SELECT day FROM polluter_run_day);
