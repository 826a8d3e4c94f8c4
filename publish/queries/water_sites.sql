-- Every water site that has a monthly evaluation or samples, as its
-- latest registry version says (SCD2: valid_to IS NULL, else the latest).
SELECT w.site_code, w.name, coalesce(w.province, ''), coalesce(w.city, ''), coalesce(w.county, ''),
       coalesce(w.basin, ''), coalesce(w.river, ''), coalesce(w.water_body, ''), w.is_drinking_source,
       coalesce(w.drinking_level, ''), w.is_assessed, w.target_class, w.network
FROM water_site w
WHERE w.site_code IN (SELECT site_code FROM water_site_month UNION SELECT site_code FROM water_sample_class)
QUALIFY row_number() OVER (PARTITION BY w.site_code ORDER BY w.valid_to IS NULL DESC, w.valid_from DESC) = 1
ORDER BY coalesce(w.county, ''), w.site_code
