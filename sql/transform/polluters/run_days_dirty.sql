-- polluters: the run's natural days (TEMP polluter_run_day) = the days
-- marked in dirty_day (dataset 'emission'). No parameters.
CREATE OR REPLACE TEMP TABLE polluter_run_day AS
SELECT DISTINCT day FROM dirty_day WHERE dataset = 'emission';
