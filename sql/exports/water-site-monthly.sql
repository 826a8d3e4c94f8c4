-- Monthly evaluation per surface water site (water_site_month): class,
-- status, exceedances, drinking-water compliance and CWQI. site_name and
-- river are those of the registry version valid in the month (SCD2).
-- Months whose first day lies in from_day..to_day; region_level does not
-- apply (one row per site).
SELECT
    m.site_code,
    w.name AS site_name,
    m.province, m.city, m.county, m.basin,
    w.river,
    strftime(m.month, '%Y-%m') AS month,
    m.std_version,
    m.water_body,
    m.network,
    m.n_samples,
    m.ph, m.dissolved_oxygen, m.codmn, m.cod, m.bod5, m.nh3n, m.tp, m.tn,
    m.class, m.class_label, m.status, m.worst_items,
    m.target_class, m.exceed_basis, m.exceeding_items, m.meets_target,
    m.is_assessed,
    m.is_drinking_source, m.drinking_level, m.drinking_compliant,
    m.cwqi, m.n_cwqi_items, m.cwqi_rank, m.cwqi_last_year, m.change_pct,
    m.valid
FROM water_site_month m
LEFT JOIN water_site w
       ON w.site_code = m.site_code
      AND w.valid_from < CAST(m.month AS TIMESTAMP) + INTERVAL 1 MONTH
      AND (w.valid_to IS NULL OR w.valid_to > CAST(m.month AS TIMESTAMP))
WHERE m.month BETWEEN date_trunc('month', getvariable('from_day')) AND getvariable('to_day')
QUALIFY row_number() OVER (PARTITION BY m.site_code, m.month, m.std_version ORDER BY w.valid_from DESC NULLS LAST) = 1
ORDER BY m.month, m.county, m.site_code, m.std_version
