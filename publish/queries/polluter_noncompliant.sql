-- 不达标企业名单 (polluter_noncompliant_month) with the data completeness
-- of the outlet-pollutant in the month: valid hours / expected
-- (non-stopped) hours of emission_day, as polluter_month computes it, and
-- the number of valid days (HJ 75/76: a monthly value needs 25).
WITH c AS (
    SELECT CAST(date_trunc('month', day) AS DATE) AS month, outlet_code, pollutant,
           sum(hours_valid) AS hours_valid,
           count(*) FILTER (WHERE day_valid) AS valid_days,
           CASE WHEN sum(24 - hours_stopped) > 0
                THEN round(100.0 * sum(hours_valid) / sum(24 - hours_stopped), 1) END AS completeness_pct
    FROM emission_day d
    SEMI JOIN polluter_noncompliant_month x
           ON x.outlet_code = d.outlet_code AND x.pollutant = d.pollutant
          AND x.month = CAST(date_trunc('month', d.day) AS DATE)
    GROUP BY ALL
)
SELECT n.month, n.enterprise_id, n.enterprise_name, coalesce(n.city, ''), coalesce(n.county, ''), n.outlet_code,
       coalesce(n.outlet_name, n.outlet_code), n.pollutant, coalesce(n.pollutant_name, n.pollutant),
       n.exceed_hours, n.exceed_days, n.max_multiple, n.limit_value, coalesce(n.unit, ''),
       coalesce(n.limit_basis, ''), coalesce(n.standard_name, ''), c.hours_valid, c.valid_days, c.completeness_pct, n.generated
FROM polluter_noncompliant_month n
LEFT JOIN c ON c.month = n.month AND c.outlet_code = n.outlet_code AND c.pollutant = n.pollutant
ORDER BY n.month, n.county NULLS LAST, n.enterprise_name, n.enterprise_id, n.outlet_code, n.pollutant
