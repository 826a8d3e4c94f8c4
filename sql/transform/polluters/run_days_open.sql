-- polluters: the run's natural days (TEMP polluter_run_day) = every day
-- from ? 1 to ? 2 (YYYY-MM-DD text, both inclusive) where a NULL end is the
-- first / last day with hourly emission data (Options.From or To alone;
-- none when there is no data). A separate file from run_days_range.sql so
-- that a run with both ends given never scans emission_value here.
CREATE OR REPLACE TEMP TABLE polluter_run_day AS
WITH data_days AS (
    SELECT DISTINCT CAST(time - INTERVAL 1 HOUR AS DATE) AS day FROM emission_value WHERE period = 'hour'
), b AS (
    SELECT coalesce(CAST(? AS DATE), (SELECT min(day) FROM data_days)) AS lo,
           coalesce(CAST(? AS DATE), (SELECT max(day) FROM data_days)) AS hi
)
SELECT CAST(d AS DATE) AS day
FROM b, generate_series(CAST(b.lo AS TIMESTAMP), CAST(b.hi AS TIMESTAMP), INTERVAL 1 DAY) t(d)
WHERE b.lo IS NOT NULL;
