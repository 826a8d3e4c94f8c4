-- Polluter transform, step 1: evaluate every hourly value of the run days.
-- Input: emission_value (period 'hour'), outlet_limit (avg_hourly rows),
-- emission_std_flag. Output: emission_hour_eval.
--
-- Rules (docs/POLLUTERS-NOTES.md):
--  * a value is valid when its flag counts as valid (only N) and the value
--    the limit asks for is present: the 折算 value when use_converted, else
--    the measured one (no limit: the measured one);
--  * an hour exceeds when valid and value > limit (max limits) or
--    value < limit (min limits, furnace temperature); a value equal to the
--    limit does not exceed (tolerance: limit_tolerance, relative);
--  * multiple (超标倍数) = (value - limit) / limit rounded to 2 decimals,
--    for exceeding hours of max limits only.

DELETE FROM emission_hour_eval WHERE day IN (SELECT day FROM polluter_run_day);

INSERT INTO emission_hour_eval
WITH bounds AS (
    SELECT CAST(min(day) AS TIMESTAMP) + INTERVAL 1 HOUR AS lo,
           CAST(max(day) AS TIMESTAMP) + INTERVAL 1 DAY AS hi
    FROM polluter_run_day
),
-- Hourly limits, one row per series with its versions as a list: an
-- equality join plus a lambda is much faster than a range join.
lim AS (
    SELECT outlet_code, pollutant,
           list({'f': valid_from, 't': valid_to, 'v': limit_value, 'd': direction, 's': standard_name}) AS vers
    FROM (
        SELECT outlet_code, pollutant, valid_from, valid_to,
               min(limit_value) AS limit_value, any_value(direction) AS direction,
               any_value(standard_name) AS standard_name
        FROM outlet_limit
        WHERE limit_basis = 'avg_hourly'
        GROUP BY ALL
    )
    GROUP BY ALL
),
-- Whether the series is judged on converted values: any limit of the
-- series (hourly or daily, any version) asks for them.
conv AS (
    SELECT outlet_code, pollutant, bool_or(use_converted) AS use_converted
    FROM outlet_limit GROUP BY ALL
),
v AS (
    SELECT e.outlet_code, e.pollutant, e.time, CAST(e.time - INTERVAL 1 HOUR AS DATE) AS day,
           e.flag, e.value, e.converted_value, e.file_id
    FROM emission_value e, bounds b
    WHERE e.period = 'hour' AND e.time BETWEEN b.lo AND b.hi
),
m AS (
    SELECT v.*,
           list_filter(l.vers, x -> x.f < v.time AND (x.t IS NULL OR v.time <= x.t))[1] AS lv,
           coalesce(c.use_converted, false) AS used_converted,
           coalesce(f.counts_as_valid, false) AS flag_valid
    FROM v
    LEFT JOIN lim l ON l.outlet_code = v.outlet_code AND l.pollutant = v.pollutant
    LEFT JOIN conv c ON c.outlet_code = v.outlet_code AND c.pollutant = v.pollutant
    LEFT JOIN emission_std_flag f ON f.flag = v.flag
    WHERE v.day IN (SELECT day FROM polluter_run_day)
),
j AS (
    SELECT m.* EXCLUDE (lv), lv.v AS limit_value, lv.d AS direction, lv.s AS standard_name,
           CASE WHEN used_converted THEN converted_value ELSE value END AS value_used
    FROM m
),
k AS (
    SELECT j.*, (flag_valid AND value_used IS NOT NULL) AS valid,
           CASE
               WHEN NOT (flag_valid AND value_used IS NOT NULL) OR limit_value IS NULL THEN NULL
               WHEN direction = 'min' THEN value_used < limit_value - p.tol * greatest(1.0, abs(limit_value))
               ELSE value_used > limit_value + p.tol * greatest(1.0, abs(limit_value))
           END AS exceeds
    FROM j, polluter_p p
)
SELECT outlet_code, pollutant, time, day, flag, valid, value_used, used_converted,
       limit_value, standard_name, exceeds,
       CASE WHEN exceeds AND direction = 'max' AND limit_value > 0
            THEN round((value_used - limit_value) / limit_value, 2) END AS multiple,
       file_id
FROM k;
