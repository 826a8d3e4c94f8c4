-- The samples of the 13 calendar months up to each site's latest sample,
-- newest first, with their class (water_sample_class) and the items above
-- the limit of the exceedance basis (the site's target class at the time of
-- the sample, else class Ⅲ) among the items of the site's network:
-- 总磷(0.30) = (C - S) / S, no multiple for lower limits (DO) and ranges (pH).
-- Values reported below the detection limit never exceed.
WITH sc AS (
    SELECT site_code, sampled_at, std_version, water_body, network, n_items, n_items_expected,
           class, class_label, worst_items, reported_class
    FROM water_sample_class
    QUALIFY row_number() OVER (PARTITION BY site_code, sampled_at ORDER BY std_version DESC) = 1
        AND sampled_at >= date_trunc('month', max(sampled_at) OVER (PARTITION BY site_code)) - INTERVAL 12 MONTH
),
basis AS (
    SELECT sc.site_code, sc.sampled_at, coalesce(w.target_class, 3) AS basis
    FROM sc
    LEFT JOIN water_site w
           ON w.site_code = sc.site_code AND w.valid_from <= sc.sampled_at
          AND (w.valid_to IS NULL OR w.valid_to > sc.sampled_at)
    QUALIFY row_number() OVER (PARTITION BY sc.site_code, sc.sampled_at ORDER BY w.valid_from DESC NULLS LAST) = 1
),
over AS (
    SELECT s.site_code, s.sampled_at, s.parameter, coalesce(p.name_zh, s.parameter) AS name,
           CASE WHEN l.direction = 'max' THEN (s.value - l.hi) / l.hi END AS multiple
    FROM water_sample s
    JOIN sc USING (site_code, sampled_at)
    JOIN basis b USING (site_code, sampled_at)
    JOIN water_std_eval_item e ON e.std_version = sc.std_version AND e.scheme = sc.network AND e.parameter = s.parameter
    JOIN water_std_class_limit l
      ON l.std_version = sc.std_version AND l.parameter = s.parameter AND l.class = b.basis
     AND l.water_body IN ('any', sc.water_body)
    LEFT JOIN water_std_parameter p ON p.parameter = s.parameter
    WHERE NOT s.below_dl AND s.value IS NOT NULL
      AND ((l.direction = 'max' AND s.value > l.hi * (1 + 1e-9))
        OR (l.direction = 'min' AND s.value < l.lo * (1 - 1e-9))
        OR (l.direction = 'range' AND (s.value < l.lo OR s.value > l.hi)))
),
ex AS (
    SELECT site_code, sampled_at,
           string_agg(CASE WHEN multiple IS NULL THEN name ELSE name || '(' || printf('%.2f', multiple) || ')' END,
                      '、' ORDER BY multiple DESC NULLS LAST, parameter) AS items
    FROM over
    GROUP BY ALL
)
SELECT sc.site_code, sc.sampled_at, sc.class, coalesce(sc.class_label, ''), coalesce(sc.worst_items, ''),
       sc.n_items, sc.n_items_expected, sc.reported_class, coalesce(ex.items, '')
FROM sc
LEFT JOIN ex USING (site_code, sampled_at)
ORDER BY sc.site_code, sc.sampled_at DESC
