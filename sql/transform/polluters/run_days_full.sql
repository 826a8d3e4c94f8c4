-- polluters: the run's natural days (TEMP polluter_run_day) = every day
-- with hourly emission data (the day of an hourly value is time - 1 h).
-- Options.Full. No parameters.
CREATE OR REPLACE TEMP TABLE polluter_run_day AS
SELECT DISTINCT CAST(time - INTERVAL 1 HOUR AS DATE) AS day FROM emission_value WHERE period = 'hour';
