-- Daily statistics (emission_day) of the latest month with results of each
-- enterprise whose id lies in [$1, $2] (a batch of enterprise pages). The
-- outlet -> enterprise assignment is the outlet version valid at the end
-- of the month, as in the polluter transform.
WITH lm AS (
    SELECT enterprise_id, max(month) AS month FROM polluter_month
    WHERE enterprise_id BETWEEN $1 AND $2 GROUP BY ALL
), om AS (
    SELECT lm.enterprise_id, lm.month, o.outlet_code
    FROM lm
    JOIN outlet o
      ON o.enterprise_id = lm.enterprise_id
     AND o.valid_from < CAST(lm.month + INTERVAL 1 MONTH AS TIMESTAMP)
     AND (o.valid_to IS NULL OR CAST(lm.month + INTERVAL 1 MONTH AS TIMESTAMP) <= o.valid_to)
)
SELECT om.enterprise_id, d.outlet_code, d.pollutant, d.day, d.hours_received, d.hours_valid, d.hours_stopped,
       d.completeness_pct, d.day_valid, d.mean_value, d.daily_limit, d.exceeds_daily, d.daily_multiple,
       d.exceed_hours, d.max_multiple,
       d.flag_n, d.flag_f, d.flag_m, d.flag_s, d.flag_d, d.flag_c, d.flag_t, d.flag_b
FROM emission_day d
JOIN om ON om.outlet_code = d.outlet_code
       AND d.day >= om.month AND d.day < om.month + INTERVAL 1 MONTH
ORDER BY om.enterprise_id, d.outlet_code, d.pollutant, d.day
