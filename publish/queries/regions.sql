-- Every region that has daily or monthly values, with its parent province.
SELECT region_level, region, coalesce(any_value(province), '')
FROM (
    SELECT region_level, region, province FROM air_region_day
    UNION ALL
    SELECT region_level, region, province FROM air_region_month
)
GROUP BY region_level, region
ORDER BY region_level, coalesce(any_value(province), ''), region
