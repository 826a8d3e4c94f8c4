-- Monthly statistics and ranking of every region, every month: the ranking
-- pages (grouped by level and month) and the trends of the region pages.
-- rank is NULL for a region that is not ranked (e.g. invalid month).
SELECT region_level, region, coalesce(province, ''), month, std_version, days, valid_days,
       pm25, pm10, so2, no2, co_p95, o3_p90, good_days, good_ratio, composite_index,
       rank, composite_index_last_year, change_pct, valid, coalesce(validity_note, '')
FROM air_region_month
ORDER BY region_level, month, rank NULLS LAST, composite_index NULLS LAST, region
