-- transform (air): consume the dirty_day marks (dataset 'air') of a day
-- batch, in the batch's transaction. ? 1 = first day, ? 2 = last day
-- (YYYY-MM-DD text, both inclusive).
DELETE FROM dirty_day WHERE dataset = 'air' AND day BETWEEN CAST(? AS DATE) AND CAST(? AS DATE);
