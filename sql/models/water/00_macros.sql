-- Water transform, step 0: temporary macros shared by the water models.
-- Created per run on the run's connection (TEMP), so nothing global remains.
-- Input: the standards tables water_std_* (loaded from standards/water/*.csv).
--
-- Limit comparison (GB/T 8170 修约值比较法): a value is rounded half-to-even to
-- the reporting decimals of its parameter (water_std_parameter.decimals) and
-- then compared with the limit; a value exactly on a limit belongs to the
-- better class (<= for upper limits, >= for DO). water_tol adds 1e-9
-- (relative) so that binary floating point (0.1 stored as 0.1000000000000000055)
-- never pushes a tie to the worse side.

CREATE OR REPLACE TEMP MACRO water_tol(x) AS 1e-9 * greatest(1.0, abs(x));

-- Class 1..6 (6 = 劣Ⅴ) of value v of parameter param for water body body
-- ('river' | 'lake'), or NULL when the item has no class limits for that body
-- (e.g. TN in a river) or no value. below_dl: every value was below the
-- detection limit -> meets class Ⅰ for upper-limit items.
CREATE OR REPLACE TEMP MACRO water_item_class(std, param, body, v, below_dl) AS (
    SELECT CASE
        WHEN count(*) = 0 THEN NULL
        WHEN coalesce(below_dl, false) AND bool_and(l.direction = 'max') THEN 1
        WHEN v IS NULL THEN NULL
        ELSE coalesce(min(l.class) FILTER (WHERE CASE l.direction
                WHEN 'max' THEN round_even(v, p.decimals) <= l.hi + water_tol(l.hi)
                WHEN 'min' THEN round_even(v, p.decimals) >= l.lo - water_tol(l.lo)
                ELSE round_even(v, p.decimals) >= l.lo - water_tol(l.lo)
                     AND round_even(v, p.decimals) <= l.hi + water_tol(l.hi)
            END), 6)
    END
    FROM water_std_class_limit l
    JOIN water_std_parameter p ON p.parameter = l.parameter
    WHERE l.std_version = std AND l.parameter = param AND l.water_body IN ('any', body)
);

-- The limit of class cls (upper limit; DO: lower limit; pH: NULL).
CREATE OR REPLACE TEMP MACRO water_class_limit(std, param, body, cls) AS (
    SELECT CASE any_value(l.direction) WHEN 'max' THEN any_value(l.hi) WHEN 'min' THEN any_value(l.lo) END
    FROM water_std_class_limit l
    WHERE l.std_version = std AND l.parameter = param AND l.water_body IN ('any', body) AND l.class = cls
);

-- CWQI item index (环办监测〔2017〕51号): C / S_Ⅲ; DO: S_Ⅲ / C;
-- pH: (7 - pH) / (7 - 6) when pH <= 7, (pH - 7) / (9 - 7) above. S_Ⅲ for TP
-- follows the water body (lake 0.05). NULL without value or Ⅲ limit.
CREATE OR REPLACE TEMP MACRO water_cwqi_index(std, param, body, v) AS (
    SELECT CASE
        WHEN v IS NULL OR count(*) = 0 THEN NULL
        WHEN any_value(l.direction) = 'range' THEN
            CASE WHEN v <= 7.0 THEN (7.0 - v) / (7.0 - any_value(l.lo))
                 ELSE (v - 7.0) / (any_value(l.hi) - 7.0) END
        WHEN any_value(l.direction) = 'min' THEN
            CASE WHEN v > 0 THEN any_value(l.lo) / v END
        ELSE v / any_value(l.hi)
    END
    FROM water_std_class_limit l
    WHERE l.std_version = std AND l.parameter = param AND l.water_body IN ('any', body) AND l.class = 3
);
