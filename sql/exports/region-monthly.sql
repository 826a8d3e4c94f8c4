-- Monthly statistics and composite-index ranking per region.
SELECT
    m.region_level,
    m.region,
    m.province,
    strftime(m.month, '%Y-%m') AS month,
    m.std_version,
    m.rank,
    m.rank_in_province,
    m.composite_index,
    m.pm25, m.pm10, m.so2, m.no2, m.co_p95, m.o3_p90,
    m.good_days, m.good_ratio,
    m.days_l1, m.days_l2, m.days_l3, m.days_l4, m.days_l5, m.days_l6,
    m.days, m.valid_days,
    m.composite_index_last_year, m.change_pct,
    m.valid, m.validity_note
FROM air_region_month m
WHERE m.region_level = getvariable('region_level')
  AND m.month BETWEEN date_trunc('month', getvariable('from_day')) AND getvariable('to_day')
ORDER BY m.month, m.rank NULLS LAST, m.region
