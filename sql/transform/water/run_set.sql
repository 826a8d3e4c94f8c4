-- water: the months the models compute next (TEMP water_run, read by
-- models/water/*.sql and report_counts.sql). ? 1 = first day of the first
-- month, ? 2 = first day of the last month (YYYY-MM-DD text).
CREATE OR REPLACE TEMP TABLE water_run AS
SELECT CAST(? AS DATE) AS month_from, CAST(? AS DATE) AS month_to;
