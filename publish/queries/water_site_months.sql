-- Monthly evaluation of every water site (water_site_month), with the name
-- and river of the registry version valid in that month (SCD2: the latest
-- valid_from overlapping the month). One row per site and month (the
-- newest standard version if a month was evaluated under two).
SELECT m.site_code, m.month, coalesce(w.name, m.site_code), coalesce(m.province, ''), coalesce(m.city, ''),
       coalesce(m.county, ''), coalesce(m.basin, ''), coalesce(w.river, ''), m.water_body, m.network, m.n_samples,
       m.class, coalesce(m.class_label, ''), coalesce(m.status, ''), coalesce(m.worst_items, ''), m.exceed_basis,
       coalesce(m.exceeding_items, ''), m.meets_target, m.is_assessed, m.target_class, m.is_drinking_source,
       coalesce(m.drinking_level, ''), m.drinking_compliant, m.cwqi, m.cwqi_rank, m.cwqi_last_year, m.change_pct,
       m.valid, m.std_version
FROM water_site_month m
LEFT JOIN water_site w
       ON w.site_code = m.site_code
      AND w.valid_from < CAST(m.month AS TIMESTAMP) + INTERVAL 1 MONTH
      AND (w.valid_to IS NULL OR w.valid_to > CAST(m.month AS TIMESTAMP))
QUALIFY row_number() OVER (PARTITION BY m.site_code, m.month ORDER BY m.std_version DESC, w.valid_from DESC NULLS LAST) = 1
ORDER BY m.month, m.county NULLS LAST, m.site_code
