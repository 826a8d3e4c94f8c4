-- polluters (Generate, demo data): every outlet-pollutant with a limit
-- valid at the end of the month (hourly limit for gas, daily for water)
-- and the source's published median and exceedance rate, by outlet.
-- ? 1, ? 2 = the end of the month (the same value twice).
SELECT l.outlet_code, o.medium, l.pollutant, min(l.limit_value), any_value(l.direction),
       coalesce(any_value(s.median), 0), coalesce(any_value(s.exceed_rate), 0)
FROM outlet_limit l
JOIN outlet o ON o.outlet_code = l.outlet_code AND o.valid_to IS NULL
LEFT JOIN outlet_stat s ON s.outlet_code = l.outlet_code AND s.pollutant = l.pollutant
WHERE l.valid_from < CAST(? AS TIMESTAMP) AND (l.valid_to IS NULL OR l.valid_to >= CAST(? AS TIMESTAMP))
  AND l.limit_basis = CASE WHEN o.medium = 'water' THEN 'avg_daily' ELSE 'avg_hourly' END
GROUP BY ALL ORDER BY 1, 3;
