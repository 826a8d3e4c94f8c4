-- Water transform, step 2: monthly mean, item class, exceedance and CWQI
-- item index per site, month and parameter.
-- Input: water_run, water_sample, water_site, standards.
-- Output: temp table water_run_site (site version and standard per site-month,
-- used by the next steps) and water_site_month_item rows for the run's months.
--
-- Means (环办〔2011〕22号 monthly evaluation = arithmetic mean of the month's
-- samples): a value below the detection limit enters as half the detection
-- limit (DL/2; value itself when no DL is given is taken as the DL). When
-- every sample of the month is below the DL the item meets class Ⅰ.
-- Exceedance multiple = (C - S) / S against the limit of the site's target
-- class (Ⅲ when it has none); not computed for pH and DO.

CREATE OR REPLACE TEMP TABLE water_run_site AS
WITH sm AS (
    SELECT DISTINCT site_code, date_trunc('month', sampled_at)::DATE AS month
    FROM water_sample
    WHERE sampled_at >= (SELECT month_from FROM water_run)
      AND sampled_at <  (SELECT month_to FROM water_run) + INTERVAL 1 MONTH
)
SELECT sm.site_code, sm.month, v.std_version,
       coalesce(w.water_body, 'river') AS water_body, w.network,
       w.province, w.city, w.county, w.basin,
       w.is_assessed, w.target_class, w.is_drinking_source, w.drinking_level,
       coalesce(w.target_class, 3) AS exceed_basis
FROM sm
JOIN water_site w
  ON w.site_code = sm.site_code
 AND w.valid_from < sm.month + INTERVAL 1 MONTH
 AND (w.valid_to IS NULL OR w.valid_to > sm.month)
JOIN water_std_version v
  ON sm.month >= v.effective_from AND (v.effective_to IS NULL OR sm.month < v.effective_to)
QUALIFY row_number() OVER (PARTITION BY sm.site_code, sm.month ORDER BY w.valid_from DESC) = 1;

DELETE FROM water_site_month_item
WHERE month BETWEEN (SELECT month_from FROM water_run) AND (SELECT month_to FROM water_run);

INSERT INTO water_site_month_item BY NAME
WITH agg AS (
    SELECT site_code, date_trunc('month', sampled_at)::DATE AS month, parameter,
           count(*) AS n,
           count(*) FILTER (WHERE below_dl) AS n_below_dl,
           avg(CASE WHEN below_dl THEN coalesce(detection_limit, value) / 2 ELSE value END) AS mean,
           bool_and(below_dl) AS all_below_dl
    FROM water_sample
    WHERE sampled_at >= (SELECT month_from FROM water_run)
      AND sampled_at <  (SELECT month_to FROM water_run) + INTERVAL 1 MONTH
      AND (value IS NOT NULL OR below_dl)
    GROUP BY ALL
),
c AS (
    SELECT a.*, r.std_version, r.water_body, r.exceed_basis, p.decimals, p.gb3838_table,
           water_item_class(r.std_version, a.parameter, r.water_body, a.mean, a.all_below_dl) AS item_class,
           CASE WHEN p.gb3838_table = 2 THEN d.hi
                ELSE water_class_limit(r.std_version, a.parameter, r.water_body, r.exceed_basis) END AS exceed_limit,
           d.hi AS drinking_hi,
           EXISTS (SELECT 1 FROM water_std_eval_item e
                    WHERE e.std_version = r.std_version AND e.scheme = 'cwqi' AND e.parameter = a.parameter) AS is_cwqi
    FROM agg a
    JOIN water_run_site r USING (site_code, month)
    JOIN water_std_parameter p ON p.parameter = a.parameter
    LEFT JOIN water_std_drinking_limit d
      ON d.std_version = r.std_version AND d.parameter = a.parameter AND d.direction = 'max'
)
SELECT site_code, month, std_version, parameter, n, n_below_dl, mean, all_below_dl, item_class,
       exceed_limit,
       CASE WHEN item_class IS NOT NULL THEN item_class > exceed_basis
            WHEN drinking_hi IS NOT NULL THEN NOT all_below_dl
                 AND round_even(mean, decimals) > drinking_hi + water_tol(drinking_hi)
       END AS exceeds,
       CASE WHEN parameter NOT IN ('ph', 'do') AND exceed_limit > 0 AND NOT all_below_dl
             AND round_even(mean, decimals) > exceed_limit + water_tol(exceed_limit)
            THEN (round_even(mean, decimals) - exceed_limit) / exceed_limit END AS exceed_multiple,
       CASE WHEN is_cwqi THEN water_cwqi_index(std_version, parameter, water_body, mean) END AS cwqi_item
FROM c;
