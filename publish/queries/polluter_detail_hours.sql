-- Hourly evaluated values (emission_hour_eval) of the latest month with
-- results of each enterprise whose id lies in [$1, $2] (a batch of
-- enterprise pages): the data of the hourly charts, nothing older.
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
SELECT om.enterprise_id, h.outlet_code, h.pollutant, h.time, h.flag, h.valid, h.value_used, h.used_converted,
       h.limit_value, h.exceeds, h.multiple
FROM emission_hour_eval h
JOIN om ON om.outlet_code = h.outlet_code
       AND h.day >= om.month AND h.day < om.month + INTERVAL 1 MONTH
ORDER BY om.enterprise_id, h.outlet_code, h.pollutant, h.time
