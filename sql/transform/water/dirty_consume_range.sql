-- water: consume the dirty_day marks (dataset 'water') of the recomputed
-- months. ? 1 = first day of the first month, ? 2 = first day of the last
-- month (YYYY-MM-DD text).
DELETE FROM dirty_day WHERE dataset = 'water'
  AND day >= CAST(? AS DATE) AND day < CAST(? AS DATE) + INTERVAL 1 MONTH;
