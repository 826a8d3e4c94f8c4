-- water: the months (first days, YYYY-MM-01 text) with dirty_day marks of
-- dataset 'water', in order. No parameters.
SELECT DISTINCT strftime(date_trunc('month', day), '%Y-%m-01') AS m
FROM dirty_day WHERE dataset = 'water' ORDER BY m;
