-- Water transform, step 1: class of every sample in the run's months.
-- Input: temp table water_run (month_from DATE, month_to DATE; first days,
-- inclusive), water_sample, water_sample_reported, water_site, standards.
-- Output: water_sample_class rows for samples taken in those months.
--
-- Single-factor method (环办〔2011〕22号): the class of a sample is the worst
-- item class over the items of the site's network (water_std_eval_item:
-- auto = pH, DO, CODMn, NH3-N, TP; manual = the 21 Table-1 items). Water
-- body unknown -> river limits. Samples of unregistered sites are skipped.

DELETE FROM water_sample_class
WHERE sampled_at >= (SELECT month_from FROM water_run)
  AND sampled_at <  (SELECT month_to FROM water_run) + INTERVAL 1 MONTH;

INSERT INTO water_sample_class BY NAME
WITH s AS (
    SELECT * FROM water_sample
    WHERE sampled_at >= (SELECT month_from FROM water_run)
      AND sampled_at <  (SELECT month_to FROM water_run) + INTERVAL 1 MONTH
),
base AS (   -- one row per sample time, with the site version and standard in force then
    SELECT k.site_code, k.sampled_at, v.std_version,
           coalesce(w.water_body, 'river') AS water_body, w.network
    FROM (SELECT DISTINCT site_code, sampled_at FROM s) k
    JOIN water_site w
      ON w.site_code = k.site_code AND w.valid_from <= k.sampled_at
     AND (w.valid_to IS NULL OR k.sampled_at < w.valid_to)
    JOIN water_std_version v
      ON k.sampled_at >= v.effective_from
     AND (v.effective_to IS NULL OR k.sampled_at < v.effective_to)
    QUALIFY row_number() OVER (PARTITION BY k.site_code, k.sampled_at ORDER BY w.valid_from DESC) = 1
),
items AS (
    SELECT b.site_code, b.sampled_at, s.parameter,
           water_item_class(b.std_version, s.parameter, b.water_body, s.value, s.below_dl) AS item_class
    FROM base b
    JOIN s ON s.site_code = b.site_code AND s.sampled_at = b.sampled_at
    JOIN water_std_eval_item e
      ON e.std_version = b.std_version AND e.scheme = b.network AND e.parameter = s.parameter
    WHERE s.value IS NOT NULL OR s.below_dl
),
agg AS (
    SELECT site_code, sampled_at, count(item_class) AS n_items, max(item_class) AS class
    FROM items GROUP BY ALL
),
worst AS (
    SELECT i.site_code, i.sampled_at, string_agg(i.parameter, ',' ORDER BY i.parameter) AS worst_items
    FROM items i JOIN agg a USING (site_code, sampled_at)
    WHERE i.item_class = a.class AND a.class > 1
    GROUP BY ALL
)
SELECT b.site_code, b.sampled_at, b.std_version, b.water_body, b.network,
       coalesce(a.n_items, 0) AS n_items,
       (SELECT count(*) FROM water_std_eval_item e
         WHERE e.std_version = b.std_version AND e.scheme = b.network) AS n_items_expected,
       a.class, lbl.label AS class_label, w.worst_items,
       r.reported_class
FROM base b
LEFT JOIN agg a USING (site_code, sampled_at)
LEFT JOIN worst w USING (site_code, sampled_at)
LEFT JOIN water_std_class_label lbl ON lbl.class = a.class
LEFT JOIN water_sample_reported r ON r.site_code = b.site_code AND r.sampled_at = b.sampled_at;
