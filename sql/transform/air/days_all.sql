-- transform (air): every natural day with hourly data (the day of an
-- hourly value is time - 1 h) plus the days marked in dirty_day (dataset
-- 'air'), each with the AQI standard version (kind 'aqi') and the limits
-- version (kind 'limits') in force that day; a version is NULL for a day
-- before the first one (the day is not computed). Sorted by day. No
-- parameters. A separate file from days_dirty.sql (not a flag parameter) so
-- that an incremental run never scans air_hour.
WITH d AS (SELECT DISTINCT CAST(time - INTERVAL 1 HOUR AS DATE) AS day FROM air_hour
           UNION SELECT DISTINCT day FROM dirty_day WHERE dataset = 'air')
SELECT strftime(d.day, '%Y-%m-%d'), a.version, g.version
FROM d
LEFT JOIN std_standard_version a ON a.kind = 'aqi'
     AND d.day BETWEEN a.effective_from AND coalesce(a.effective_to, DATE '9999-12-31')
LEFT JOIN std_standard_version g ON g.kind = 'limits'
     AND d.day BETWEEN g.effective_from AND coalesce(g.effective_to, DATE '9999-12-31')
ORDER BY d.day;
