-- Monthly results per key polluter (polluter_month): exceedance hours and
-- days, largest multiple, data completeness, the suspicious-maintenance
-- share and the exceeding outlet-pollutants of the 不达标企业名单
-- (polluter_noncompliant_month). Enterprise attributes are those of the
-- registry version valid at the end of the month (SCD2). Months whose first
-- day lies in from_day..to_day; region_level does not apply (one row per
-- enterprise and month). generated = demo data contributed.
WITH nc AS (
    SELECT month, enterprise_id,
           count(*) AS noncompliant_items,
           string_agg(coalesce(outlet_name, outlet_code) || ' ' || coalesce(pollutant_name, pollutant)
                      || '(' || exceed_hours || 'h/' || exceed_days || 'd)', '；'
                      ORDER BY outlet_code, pollutant) AS exceeding
    FROM polluter_noncompliant_month
    GROUP BY ALL
)
SELECT
    strftime(m.month, '%Y-%m') AS month,
    e.province, e.city, e.county,
    m.enterprise_id,
    e.credit_code,
    e.name AS enterprise_name,
    e.industry,
    e.permit_no,
    m.outlets,
    m.exceed_hours,
    m.exceed_days,
    m.max_multiple,
    m.completeness_pct,
    m.mdc_hours,
    m.mdc_near_exceed_hours,
    m.suspicious_mdc_share,
    coalesce(nc.noncompliant_items, 0) AS noncompliant_items,
    nc.exceeding,
    m.generated
FROM polluter_month m
LEFT JOIN enterprise e
       ON e.enterprise_id = m.enterprise_id
      AND e.valid_from < CAST(m.month + INTERVAL 1 MONTH AS TIMESTAMP)
      AND (e.valid_to IS NULL OR CAST(m.month + INTERVAL 1 MONTH AS TIMESTAMP) <= e.valid_to)
LEFT JOIN nc ON nc.month = m.month AND nc.enterprise_id = m.enterprise_id
WHERE m.month BETWEEN date_trunc('month', getvariable('from_day')) AND getvariable('to_day')
QUALIFY row_number() OVER (PARTITION BY m.enterprise_id, m.month ORDER BY e.valid_from DESC NULLS LAST) = 1
ORDER BY m.month, e.county NULLS LAST, e.name, m.enterprise_id
