-- Drinking-water sources (集中式生活饮用水水源地): compliance per source over
-- the months of the period, from water_site_month (drinking_compliant =
-- class <= Ⅲ and every GB 3838 Table 2 item within its limit, see
-- models/water/30_site_month.sql). Failing items of the non-compliant
-- months come from water_site_month_item: items of class worse than Ⅲ or
-- Table 2 items above their limit, with the exceedance multiple when the
-- transform computed one.
-- $1 first day, $2 last day of the period.
WITH m AS (
    SELECT * FROM water_site_month
    WHERE is_drinking_source AND month BETWEEN CAST($1 AS DATE) AND CAST($2 AS DATE)
),
site AS (
    SELECT site_code, arg_max(name, valid_from) AS name
    FROM water_site
    WHERE valid_from < CAST($2 AS DATE) + INTERVAL 1 DAY
      AND (valid_to IS NULL OR valid_to > CAST($1 AS DATE))
    GROUP BY site_code
),
fail AS (
    SELECT i.site_code, i.month,
           string_agg(p.name_zh || CASE WHEN i.exceed_multiple IS NOT NULL
                                        THEN '(超标' || CAST(gbt8170(i.exceed_multiple, 2) AS VARCHAR) || '倍)' ELSE '' END,
                      '、' ORDER BY p.name_zh) AS items
    FROM water_site_month_item i
    JOIN m ON m.site_code = i.site_code AND m.month = i.month AND m.drinking_compliant = false
    JOIN water_std_parameter p ON p.parameter = i.parameter
    WHERE i.item_class > 3 OR (i.exceeds AND p.gb3838_table = 2)
    GROUP BY ALL
),
agg AS (
    SELECT m.site_code, any_value(m.county) AS county, any_value(m.drinking_level) AS drinking_level,
           count(*) FILTER (WHERE m.drinking_compliant IS NOT NULL AND m.valid) AS months_evaluated,
           count(*) FILTER (WHERE m.drinking_compliant AND m.valid) AS months_compliant,
           count(*) FILTER (WHERE NOT m.valid) AS months_invalid,
           max(m.class) FILTER (WHERE m.valid) AS worst_class,
           string_agg(strftime(f.month, '%-m') || '月：' || f.items, '；' ORDER BY f.month) AS failing_items
    FROM m LEFT JOIN fail f ON f.site_code = m.site_code AND f.month = m.month
    GROUP BY m.site_code
)
SELECT a.site_code, s.name, a.county, a.drinking_level,
       CAST(a.months_evaluated AS INTEGER) AS months_evaluated,
       CAST(a.months_compliant AS INTEGER) AS months_compliant,
       CAST(a.months_invalid AS INTEGER) AS months_invalid,
       datediff('month', CAST($1 AS DATE), CAST($2 AS DATE) + 1) AS months_expected,
       l.label AS worst_class_label,
       a.failing_items
FROM agg a
LEFT JOIN site s ON s.site_code = a.site_code
LEFT JOIN water_std_class_label l ON l.class = a.worst_class
ORDER BY a.months_compliant = a.months_evaluated, a.drinking_level, a.site_code;
