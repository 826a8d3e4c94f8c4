-- polluters: the run's natural days (TEMP polluter_run_day) = every day
-- from ? 1 to ? 2 (YYYY-MM-DD text, both inclusive; Options.From and To
-- both set). run_days_open.sql is the variant with an open end.
CREATE OR REPLACE TEMP TABLE polluter_run_day AS
SELECT CAST(d AS DATE) AS day
FROM generate_series(CAST(CAST(? AS DATE) AS TIMESTAMP), CAST(CAST(? AS DATE) AS TIMESTAMP), INTERVAL 1 DAY) t(d);
