-- Polluter transform, step 3: per enterprise and month.
-- Input: emission_day, emission_hour_eval, outlet, emission_std_flag,
-- polluter_run_month, polluter_p. Output: polluter_month_pollutant,
-- polluter_month. The outlet -> enterprise assignment is the outlet
-- version valid at the end of the month.
--
-- Suspicious maintenance: the outlet-hours of the month with an M, D or C
-- flag (is_mdc) on any pollutant; such an hour is "near" an exceedance when
-- any pollutant of the same outlet exceeds its hourly limit in the same
-- hour or within suspicious_window_hours (±1 h) of it. The share is
-- near / all M/D/C outlet-hours.

CREATE OR REPLACE TEMP TABLE polluter_outlet_month AS
SELECT m.month, o.outlet_code, o.enterprise_id, o.name, o.medium
FROM polluter_run_month m
JOIN outlet o
  ON o.valid_from < CAST(m.month + INTERVAL 1 MONTH AS TIMESTAMP)
 AND (o.valid_to IS NULL OR CAST(m.month + INTERVAL 1 MONTH AS TIMESTAMP) <= o.valid_to);

DELETE FROM polluter_month_pollutant WHERE month IN (SELECT month FROM polluter_run_month);

INSERT INTO polluter_month_pollutant
SELECT om.enterprise_id, om.month, d.pollutant,
       count(DISTINCT d.outlet_code) AS outlets,
       sum(d.exceed_hours) AS exceed_hours,
       count(*) FILTER (WHERE d.exceeds_daily) AS exceed_days,
       max(d.max_multiple) AS max_multiple,
       sum(d.hours_valid) AS hours_valid,
       CASE WHEN sum(24 - d.hours_stopped) > 0
            THEN round(100.0 * sum(d.hours_valid) / sum(24 - d.hours_stopped), 1) END AS completeness_pct
FROM emission_day d
JOIN polluter_outlet_month om
  ON om.outlet_code = d.outlet_code AND om.month = CAST(date_trunc('month', d.day) AS DATE)
GROUP BY ALL;

-- Outlet-hours of the run months (plus the window on each side).
CREATE OR REPLACE TEMP TABLE polluter_slot AS
WITH b AS (
    SELECT CAST(min(month) AS TIMESTAMP) + INTERVAL 1 HOUR - to_hours(any_value(p.window_hours)) AS lo,
           CAST(max(month) + INTERVAL 1 MONTH AS TIMESTAMP) + to_hours(any_value(p.window_hours)) AS hi
    FROM polluter_run_month, polluter_p p
)
SELECT h.outlet_code, h.time,
       bool_or(coalesce(h.exceeds, false)) AS ex,
       bool_or(coalesce(f.is_mdc, false)) AS mdc
FROM emission_hour_eval h
CROSS JOIN b
LEFT JOIN emission_std_flag f ON f.flag = h.flag
WHERE h.time BETWEEN b.lo AND b.hi
GROUP BY ALL;

DELETE FROM polluter_month WHERE month IN (SELECT month FROM polluter_run_month);

INSERT INTO polluter_month
WITH mdc AS (
    SELECT s.outlet_code, s.time, CAST(date_trunc('month', CAST(s.time - INTERVAL 1 HOUR AS DATE)) AS DATE) AS month
    FROM polluter_slot s
    WHERE s.mdc
      AND CAST(date_trunc('month', CAST(s.time - INTERVAL 1 HOUR AS DATE)) AS DATE) IN (SELECT month FROM polluter_run_month)
),
ex AS (SELECT outlet_code, time FROM polluter_slot WHERE ex),
near AS (
    SELECT DISTINCT m.outlet_code, m.time, m.month
    FROM mdc m
    JOIN ex e ON e.outlet_code = m.outlet_code
    CROSS JOIN polluter_p p
    WHERE e.time BETWEEN m.time - to_hours(p.window_hours) AND m.time + to_hours(p.window_hours)
),
mdc_ent AS (
    SELECT om.enterprise_id, m.month, count(*) AS mdc_hours,
           count(n.outlet_code) AS near_hours
    FROM mdc m
    JOIN polluter_outlet_month om ON om.outlet_code = m.outlet_code AND om.month = m.month
    LEFT JOIN near n ON n.outlet_code = m.outlet_code AND n.time = m.time
    GROUP BY ALL
),
day_ent AS (
    SELECT om.enterprise_id, om.month,
           count(DISTINCT d.outlet_code) AS outlets,
           sum(d.exceed_hours) AS exceed_hours,
           count(*) FILTER (WHERE d.exceeds_daily) AS exceed_days,
           max(d.max_multiple) AS max_multiple,
           CASE WHEN sum(24 - d.hours_stopped) > 0
                THEN round(100.0 * sum(d.hours_valid) / sum(24 - d.hours_stopped), 1) END AS completeness_pct,
           bool_or(d.generated) AS generated
    FROM emission_day d
    JOIN polluter_outlet_month om
      ON om.outlet_code = d.outlet_code AND om.month = CAST(date_trunc('month', d.day) AS DATE)
    GROUP BY ALL
)
SELECT d.enterprise_id, d.month, d.outlets, d.exceed_hours, d.exceed_days, d.max_multiple,
       d.completeness_pct,
       coalesce(m.mdc_hours, 0), coalesce(m.near_hours, 0),
       CASE WHEN coalesce(m.mdc_hours, 0) > 0 THEN round(m.near_hours / m.mdc_hours, 4) END,
       d.generated
FROM day_ent d
LEFT JOIN mdc_ent m ON m.enterprise_id = d.enterprise_id AND m.month = d.month;
