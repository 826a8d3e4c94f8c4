-- 不达标企业名单 of the period: polluter_noncompliant_month (one row per
-- enterprise, outlet and pollutant with an exceedance in a month, see
-- models/polluters/40_noncompliant.sql) summed over the months: hours over
-- the hourly limit, outlet-days over the daily limit, the largest
-- exceedance multiple; with the enterprise's data completeness for the
-- pollutant (polluter_month_pollutant.completeness_pct, valid / expected
-- non-stopped hours, mean over the months).
-- $1 first day, $2 last day of the period.
WITH n AS (
    SELECT * FROM polluter_noncompliant_month
    WHERE month BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
),
c AS (
    SELECT enterprise_id, pollutant, avg(completeness_pct) AS completeness_pct
    FROM polluter_month_pollutant
    WHERE month BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
    GROUP BY ALL
)
SELECT n.enterprise_id, any_value(n.enterprise_name) AS enterprise_name,
       any_value(n.city) AS city, any_value(n.county) AS county,
       n.outlet_code, any_value(n.outlet_name) AS outlet_name,
       n.pollutant, any_value(n.pollutant_name) AS pollutant_name,
       CAST(sum(n.exceed_hours) AS INTEGER) AS exceed_hours,
       CAST(sum(n.exceed_days) AS INTEGER) AS exceed_days,
       max(n.max_multiple) AS max_multiple,
       any_value(n.limit_value) AS limit_value, any_value(n.unit) AS unit,
       any_value(n.limit_basis) AS limit_basis, any_value(n.standard_name) AS standard_name,
       gbt8170(any_value(c.completeness_pct) / 100, 3) AS completeness,
       bool_or(n.generated) AS generated
FROM n LEFT JOIN c ON c.enterprise_id = n.enterprise_id AND c.pollutant = n.pollutant
GROUP BY n.enterprise_id, n.outlet_code, n.pollutant
ORDER BY max(n.max_multiple) DESC NULLS LAST, sum(n.exceed_hours) DESC, n.enterprise_id, n.outlet_code, n.pollutant;
