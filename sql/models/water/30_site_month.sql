-- Water transform, step 3: monthly class, status, exceedances, drinking-source
-- compliance and CWQI per site.
-- Input: water_run, water_run_site (step 2), water_site_month_item, water_sample, standards.
-- Output: water_site_month rows for the run's months; CWQI of the same month a
-- year earlier and change_pct also for the months a year after the run's months.
--
-- class  = worst item class over the network's items, from the monthly means.
-- valid  = every item of the network has a value this month.
-- drinking_compliant (drinking sources only) = class <= Ⅲ and no Table-2 item above its limit.
-- cwqi   = sum of the item indices over the CWQI items present (auto sites: 5 items);
--          cwqi_rank among valid sites of the month (ties share the rank).

DELETE FROM water_site_month
WHERE month BETWEEN (SELECT month_from FROM water_run) AND (SELECT month_to FROM water_run);

INSERT INTO water_site_month BY NAME
WITH it AS (
    SELECT i.*, p.name_zh, p.gb3838_table, r.network, r.is_drinking_source,
           EXISTS (SELECT 1 FROM water_std_eval_item e
                    WHERE e.std_version = i.std_version AND e.scheme = r.network
                      AND e.parameter = i.parameter) AS is_eval
    FROM water_site_month_item i
    JOIN water_run_site r USING (site_code, month)
    JOIN water_std_parameter p ON p.parameter = i.parameter
),
agg AS (
    SELECT site_code, month,
           max(item_class) FILTER (WHERE is_eval) AS class,
           count(item_class) FILTER (WHERE is_eval) AS n_eval,
           max(mean) FILTER (WHERE parameter = 'ph')    AS ph,
           max(mean) FILTER (WHERE parameter = 'do')    AS dissolved_oxygen,
           max(mean) FILTER (WHERE parameter = 'codmn') AS codmn,
           max(mean) FILTER (WHERE parameter = 'cod')   AS cod,
           max(mean) FILTER (WHERE parameter = 'bod5')  AS bod5,
           max(mean) FILTER (WHERE parameter = 'nh3n')  AS nh3n,
           max(mean) FILTER (WHERE parameter = 'tp')    AS tp,
           max(mean) FILTER (WHERE parameter = 'tn')    AS tn,
           sum(cwqi_item) AS cwqi,
           count(cwqi_item) AS n_cwqi_items,
           coalesce(bool_or(exceeds) FILTER (WHERE gb3838_table = 2), false) AS table2_exceeds
    FROM it GROUP BY ALL
),
worst AS (
    SELECT it.site_code, it.month, string_agg(it.parameter, ',' ORDER BY it.parameter) AS worst_items
    FROM it JOIN agg a USING (site_code, month)
    WHERE it.is_eval AND it.item_class = a.class AND a.class > 1
    GROUP BY ALL
),
exc AS (
    SELECT site_code, month,
           string_agg(CASE WHEN exceed_multiple IS NULL THEN name_zh
                           ELSE name_zh || '(' || printf('%.2f', exceed_multiple) || ')' END,
                      '、' ORDER BY exceed_multiple DESC NULLS LAST, parameter) AS exceeding_items
    FROM it
    WHERE exceeds AND (is_eval OR (gb3838_table = 2 AND is_drinking_source))
    GROUP BY ALL
),
n AS (
    SELECT site_code, date_trunc('month', sampled_at)::DATE AS month, count(DISTINCT sampled_at) AS n_samples
    FROM water_sample
    WHERE sampled_at >= (SELECT month_from FROM water_run)
      AND sampled_at <  (SELECT month_to FROM water_run) + INTERVAL 1 MONTH
    GROUP BY ALL
),
res AS (
    SELECT r.site_code, r.month, r.std_version, r.province, r.city, r.county, r.basin,
           r.water_body, r.network, coalesce(n.n_samples, 0) AS n_samples,
           a.ph, a.dissolved_oxygen, a.codmn, a.cod, a.bod5, a.nh3n, a.tp, a.tn,
           a.class, lbl.label AS class_label, lbl.status, w.worst_items,
           r.exceed_basis, x.exceeding_items,
           CASE WHEN r.target_class IS NOT NULL AND a.class IS NOT NULL THEN a.class <= r.target_class END AS meets_target,
           r.is_assessed, r.target_class, r.is_drinking_source, r.drinking_level,
           CASE WHEN r.is_drinking_source AND a.class IS NOT NULL
                THEN a.class <= 3 AND NOT a.table2_exceeds END AS drinking_compliant,
           a.cwqi, coalesce(a.n_cwqi_items, 0) AS n_cwqi_items,
           coalesce(a.n_eval, 0) = (SELECT count(*) FROM water_std_eval_item e
                                     WHERE e.std_version = r.std_version AND e.scheme = r.network) AS valid
    FROM water_run_site r
    LEFT JOIN agg a USING (site_code, month)
    LEFT JOIN worst w USING (site_code, month)
    LEFT JOIN exc x USING (site_code, month)
    LEFT JOIN n USING (site_code, month)
    LEFT JOIN water_std_class_label lbl ON lbl.class = a.class
)
SELECT *,
       CASE WHEN valid AND cwqi IS NOT NULL
            THEN rank() OVER (PARTITION BY month, (valid AND cwqi IS NOT NULL) ORDER BY cwqi) END AS cwqi_rank
FROM res;

UPDATE water_site_month t
SET cwqi_last_year = ly.cwqi,
    change_pct = CASE WHEN ly.cwqi > 0 AND t.cwqi IS NOT NULL THEN (t.cwqi - ly.cwqi) / ly.cwqi * 100 END
FROM water_site_month ly
WHERE ly.site_code = t.site_code
  AND ly.month = (t.month - INTERVAL 12 MONTH)::DATE
  AND (t.month BETWEEN (SELECT month_from FROM water_run) AND (SELECT month_to FROM water_run)
       OR (t.month - INTERVAL 12 MONTH)::DATE BETWEEN (SELECT month_from FROM water_run) AND (SELECT month_to FROM water_run));
