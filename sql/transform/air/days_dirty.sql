-- transform (air): the natural days marked in dirty_day (dataset 'air'),
-- each with the AQI standard version (kind 'aqi') and the limits version
-- (kind 'limits') in force that day; a version is NULL for a day before
-- the first one (the day is not computed). Sorted by day. No parameters.
-- days_all.sql is the same query over every day with data (Options.All).
WITH d AS (SELECT DISTINCT day FROM dirty_day WHERE dataset = 'air')
SELECT strftime(d.day, '%Y-%m-%d'), a.version, g.version
FROM d
LEFT JOIN std_standard_version a ON a.kind = 'aqi'
     AND d.day BETWEEN a.effective_from AND coalesce(a.effective_to, DATE '9999-12-31')
LEFT JOIN std_standard_version g ON g.kind = 'limits'
     AND d.day BETWEEN g.effective_from AND coalesce(g.effective_to, DATE '9999-12-31')
ORDER BY d.day;
