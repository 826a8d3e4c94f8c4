-- Region statistics of every month (water_region_month): class shares,
-- status, drinking-water compliance and the CWQI ranking.
SELECT region_level, region, coalesce(province, ''), month, n_sites, n_class_1_3, n_class_4_5, n_class_6,
       share_1_3, share_4_5, share_6, coalesce(method, ''), class, coalesce(status, ''),
       n_drinking, n_drinking_compliant, drinking_share, cwqi, cwqi_rank, cwqi_last_year, change_pct, std_version
FROM water_region_month
QUALIFY row_number() OVER (PARTITION BY region_level, region, month ORDER BY std_version DESC) = 1
ORDER BY month, region_level, cwqi_rank NULLS LAST, cwqi NULLS LAST, region
