-- Polluter transform, step 2: daily statistics per outlet and pollutant.
-- Input: emission_hour_eval, outlet_limit (avg_daily rows), outlet (medium),
-- polluter_p. Output: emission_day.
--
-- Expected series: every outlet-pollutant with a limit valid on the day or
-- with data on the day, so that a day without any row still appears (with
-- hours_received = 0). A day is valid with at least day_min_valid_hours_*
-- valid hours (HJ 75-2017: 20). The daily mean is the mean of the valid
-- hours; it is judged against the daily limit only on valid days.
-- completeness_pct = valid hours / (24 - stopped hours) * 100.

DELETE FROM emission_day WHERE day IN (SELECT day FROM polluter_run_day);

INSERT INTO emission_day
WITH agg AS (
    SELECT h.outlet_code, h.pollutant, h.day,
           count(*) AS hours_received,
           count(*) FILTER (WHERE h.valid) AS hours_valid,
           count(*) FILTER (WHERE h.flag = 'F') AS hours_stopped,
           avg(h.value_used) FILTER (WHERE h.valid) AS mean_value,
           count(*) FILTER (WHERE h.exceeds) AS exceed_hours,
           max(h.multiple) AS max_hour_multiple,
           count(*) FILTER (WHERE h.flag = 'N') AS flag_n,
           count(*) FILTER (WHERE h.flag = 'F') AS flag_f,
           count(*) FILTER (WHERE h.flag = 'M') AS flag_m,
           count(*) FILTER (WHERE h.flag = 'S') AS flag_s,
           count(*) FILTER (WHERE h.flag = 'D') AS flag_d,
           count(*) FILTER (WHERE h.flag = 'C') AS flag_c,
           count(*) FILTER (WHERE h.flag = 'T') AS flag_t,
           count(*) FILTER (WHERE h.flag = 'B') AS flag_b,
           bool_or(g.file_id IS NOT NULL) AS generated
    FROM emission_hour_eval h
    LEFT JOIN polluter_generated_file g ON g.file_id = h.file_id
    WHERE h.day IN (SELECT day FROM polluter_run_day)
    GROUP BY ALL
),
-- Daily limits valid at the end of the day (D+1 00:00).
dl AS (
    SELECT d.day, l.outlet_code, l.pollutant,
           min(l.limit_value) AS limit_value, any_value(l.direction) AS direction,
           bool_or(l.use_converted) AS use_converted
    FROM polluter_run_day d
    JOIN outlet_limit l
      ON l.limit_basis = 'avg_daily'
     AND l.valid_from < CAST(d.day AS TIMESTAMP) + INTERVAL 1 DAY
     AND (l.valid_to IS NULL OR CAST(d.day AS TIMESTAMP) + INTERVAL 1 DAY <= l.valid_to)
    GROUP BY ALL
),
-- Every series that has a limit on the day (any basis).
expected AS (
    SELECT DISTINCT d.day, l.outlet_code, l.pollutant
    FROM polluter_run_day d
    JOIN outlet_limit l
      ON l.valid_from < CAST(d.day AS TIMESTAMP) + INTERVAL 1 DAY
     AND (l.valid_to IS NULL OR CAST(d.day AS TIMESTAMP) + INTERVAL 1 DAY <= l.valid_to)
),
series AS (
    SELECT day, outlet_code, pollutant FROM expected
    UNION
    SELECT day, outlet_code, pollutant FROM agg
),
med AS (
    SELECT outlet_code, arg_max(medium, valid_from) AS medium FROM outlet GROUP BY outlet_code
),
j AS (
    SELECT s.outlet_code, s.pollutant, s.day,
           coalesce(a.hours_received, 0) AS hours_received,
           coalesce(a.hours_valid, 0) AS hours_valid,
           coalesce(a.hours_stopped, 0) AS hours_stopped,
           a.mean_value, coalesce(a.exceed_hours, 0) AS exceed_hours, a.max_hour_multiple,
           coalesce(a.flag_n, 0) AS flag_n, coalesce(a.flag_f, 0) AS flag_f,
           coalesce(a.flag_m, 0) AS flag_m, coalesce(a.flag_s, 0) AS flag_s,
           coalesce(a.flag_d, 0) AS flag_d, coalesce(a.flag_c, 0) AS flag_c,
           coalesce(a.flag_t, 0) AS flag_t, coalesce(a.flag_b, 0) AS flag_b,
           coalesce(a.generated, false) AS generated,
           coalesce(a.hours_valid, 0) >= CASE WHEN m.medium = 'water' THEN p.min_hours_water ELSE p.min_hours_gas END AS day_valid,
           dl.limit_value AS daily_limit, dl.direction AS daily_direction, p.tol
    FROM series s
    LEFT JOIN agg a ON a.outlet_code = s.outlet_code AND a.pollutant = s.pollutant AND a.day = s.day
    LEFT JOIN dl ON dl.outlet_code = s.outlet_code AND dl.pollutant = s.pollutant AND dl.day = s.day
    LEFT JOIN med m ON m.outlet_code = s.outlet_code
    CROSS JOIN polluter_p p
),
k AS (
    SELECT j.*,
           CASE
               WHEN NOT day_valid OR daily_limit IS NULL OR mean_value IS NULL THEN NULL
               WHEN daily_direction = 'min' THEN mean_value < daily_limit - tol * greatest(1.0, abs(daily_limit))
               ELSE mean_value > daily_limit + tol * greatest(1.0, abs(daily_limit))
           END AS exceeds_daily
    FROM j
),
r AS (
    SELECT k.*,
           CASE WHEN exceeds_daily AND daily_direction = 'max' AND daily_limit > 0
                THEN round((mean_value - daily_limit) / daily_limit, 2) END AS daily_multiple
    FROM k
)
SELECT outlet_code, pollutant, day, hours_received, hours_valid, hours_stopped,
       CASE WHEN hours_stopped < 24 THEN round(100.0 * hours_valid / (24 - hours_stopped), 1) END,
       day_valid, mean_value, daily_limit, exceeds_daily, daily_multiple, exceed_hours,
       greatest(max_hour_multiple, daily_multiple),
       flag_n, flag_f, flag_m, flag_s, flag_d, flag_c, flag_t, flag_b,
       CASE WHEN hours_received > 0 THEN round((hours_received - flag_n) / hours_received, 4) END,
       generated
FROM r;
