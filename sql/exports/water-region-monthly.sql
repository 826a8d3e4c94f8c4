-- Monthly surface water statistics per region (water_region_month) of the
-- chosen region_level (city, province, county): shares of sections per
-- class, status, drinking-water compliance, CWQI and its ranking. Months
-- whose first day lies in from_day..to_day.
SELECT
    r.region_level,
    r.region,
    r.province,
    strftime(r.month, '%Y-%m') AS month,
    r.std_version,
    r.n_sites,
    r.n_class_1_3, r.n_class_4_5, r.n_class_6,
    r.share_1_3, r.share_4_5, r.share_6,
    r.method, r.class, r.status,
    r.n_drinking, r.n_drinking_compliant, r.drinking_share,
    r.n_river, r.n_lake,
    r.cwqi_river, r.cwqi_lake, r.cwqi,
    r.cwqi_rank, r.cwqi_last_year, r.change_pct
FROM water_region_month r
WHERE r.region_level = getvariable('region_level')
  AND r.month BETWEEN date_trunc('month', getvariable('from_day')) AND getvariable('to_day')
ORDER BY r.month, r.cwqi_rank NULLS LAST, r.region, r.std_version
