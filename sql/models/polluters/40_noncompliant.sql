-- Polluter transform, step 4: 不达标企业名单, the monthly list of
-- enterprises with exceedances, one row per outlet and pollutant.
-- Input: emission_day, polluter_outlet_month, enterprise, outlet_limit,
-- emission_std_pollutant. Output: polluter_noncompliant_month.
-- The enterprise attributes are the version valid at the end of the month;
-- the limit shown is the hourly one when hours exceeded, else the daily one.

DELETE FROM polluter_noncompliant_month WHERE month IN (SELECT month FROM polluter_run_month);

INSERT INTO polluter_noncompliant_month
WITH s AS (
    SELECT CAST(date_trunc('month', d.day) AS DATE) AS month, d.outlet_code, d.pollutant,
           sum(d.exceed_hours) AS exceed_hours,
           count(*) FILTER (WHERE d.exceeds_daily) AS exceed_days,
           max(d.max_multiple) AS max_multiple,
           bool_or(d.generated) AS generated
    FROM emission_day d
    WHERE CAST(date_trunc('month', d.day) AS DATE) IN (SELECT month FROM polluter_run_month)
    GROUP BY ALL
    HAVING sum(d.exceed_hours) > 0 OR count(*) FILTER (WHERE d.exceeds_daily) > 0
),
me AS (SELECT month, CAST(month + INTERVAL 1 MONTH AS TIMESTAMP) AS month_end FROM polluter_run_month),
lim AS (
    SELECT me.month, l.outlet_code, l.pollutant, l.limit_basis,
           min(l.limit_value) AS limit_value, any_value(l.unit) AS unit, any_value(l.standard_name) AS standard_name
    FROM me
    JOIN outlet_limit l
      ON l.valid_from < me.month_end AND (l.valid_to IS NULL OR me.month_end <= l.valid_to)
    GROUP BY ALL
)
SELECT s.month, om.enterprise_id, e.name, e.city, e.county, s.outlet_code, om.name,
       s.pollutant, p.name_zh, s.exceed_hours, s.exceed_days, s.max_multiple,
       coalesce(lh.limit_value, ld.limit_value),
       coalesce(lh.unit, ld.unit),
       CASE WHEN s.exceed_hours > 0 THEN 'avg_hourly' ELSE 'avg_daily' END,
       coalesce(lh.standard_name, ld.standard_name),
       s.generated
FROM s
JOIN polluter_outlet_month om ON om.outlet_code = s.outlet_code AND om.month = s.month
JOIN me ON me.month = s.month
LEFT JOIN enterprise e
       ON e.enterprise_id = om.enterprise_id
      AND e.valid_from < me.month_end AND (e.valid_to IS NULL OR me.month_end <= e.valid_to)
LEFT JOIN lim lh ON lh.month = s.month AND lh.outlet_code = s.outlet_code AND lh.pollutant = s.pollutant
                AND lh.limit_basis = 'avg_hourly' AND s.exceed_hours > 0
LEFT JOIN lim ld ON ld.month = s.month AND ld.outlet_code = s.outlet_code AND ld.pollutant = s.pollutant
                AND ld.limit_basis = 'avg_daily'
LEFT JOIN emission_std_pollutant p ON p.pollutant = s.pollutant;
