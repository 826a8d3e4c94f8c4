-- Water transform, step 4: monthly statistics per region (province, city,
-- county, basin).
-- Input: water_run, water_site_month, water_site_month_item, standards.
-- Output: water_region_month rows for the run's months (and last-year
-- comparisons of the months a year later).
--
-- Sites: valid site-months. Class shares and CWQI use assessed sites
-- (water_site.is_assessed); drinking-source shares use every drinking source.
-- Status (环办〔2011〕22号): with >= 5 sites by the shares of Ⅰ–Ⅲ and 劣Ⅴ
-- (water_std_region_status); with fewer, the single-factor class of the mean
-- concentrations over the sites (lake limits only when every site is a lake
-- or reservoir) and that class's status word.
-- CWQI (环办监测〔2017〕51号, aggregation partly memory, see docs/WATER-NOTES.md):
-- river CWQI = sum of item indices of the mean concentrations over the river
-- sites (lake likewise, TP with the lake limit); region CWQI =
-- (CWQI_river * M + CWQI_lake * N) / (M + N), M / N = river / lake sites.

DELETE FROM water_region_month
WHERE month BETWEEN (SELECT month_from FROM water_run) AND (SELECT month_to FROM water_run);

INSERT INTO water_region_month BY NAME
WITH sm AS (
    SELECT site_code, month, std_version, water_body, network, class, is_assessed,
           is_drinking_source, drinking_compliant, province, city, county, basin
    FROM water_site_month
    WHERE valid AND month BETWEEN (SELECT month_from FROM water_run) AND (SELECT month_to FROM water_run)
),
sr AS (
    SELECT 'province' AS region_level, province AS region, NULL::VARCHAR AS parent, * FROM sm WHERE province IS NOT NULL
    UNION ALL
    SELECT 'city', city, province, * FROM sm WHERE city IS NOT NULL
    UNION ALL
    SELECT 'county', county, province, * FROM sm WHERE county IS NOT NULL
    UNION ALL
    SELECT 'basin', basin, NULL, * FROM sm WHERE basin IS NOT NULL
),
cls AS (
    SELECT region_level, region, parent, month, std_version,
           count(*) FILTER (WHERE is_assessed AND class IS NOT NULL) AS n_sites,
           count(*) FILTER (WHERE is_assessed AND class <= 3) AS n_class_1_3,
           count(*) FILTER (WHERE is_assessed AND class IN (4, 5)) AS n_class_4_5,
           count(*) FILTER (WHERE is_assessed AND class = 6) AS n_class_6,
           count(*) FILTER (WHERE is_drinking_source AND drinking_compliant IS NOT NULL) AS n_drinking,
           count(*) FILTER (WHERE drinking_compliant) AS n_drinking_compliant,
           CASE WHEN bool_and(water_body = 'lake') FILTER (WHERE is_assessed) THEN 'lake' ELSE 'river' END AS body
    FROM sr GROUP BY ALL
),
si AS (     -- site-month items of the assessed sites, flagged as class / CWQI items
    SELECT sr.region_level, sr.region, sr.parent, sr.month, sr.site_code, sr.water_body,
           i.parameter, i.mean, i.all_below_dl,
           e.parameter IS NOT NULL AS is_eval, i.cwqi_item IS NOT NULL AS is_cwqi
    FROM sr
    JOIN water_site_month_item i ON i.site_code = sr.site_code AND i.month = sr.month
    LEFT JOIN water_std_eval_item e
      ON e.std_version = sr.std_version AND e.scheme = sr.network AND e.parameter = i.parameter
    WHERE sr.is_assessed
),
items AS (   -- per region, month, water body and parameter: mean over the sites
    SELECT region_level, region, parent, month, water_body, parameter,
           avg(mean) AS mean, bool_and(all_below_dl) AS all_below_dl,
           bool_or(is_eval) AS is_eval, bool_or(is_cwqi) AS is_cwqi,
           count(DISTINCT site_code) AS n
    FROM si
    GROUP BY ALL
),
mean_class AS (   -- < 5 sites: class of the mean concentrations over all sites
    SELECT c.region_level, c.region, c.parent, c.month,
           max(water_item_class(c.std_version, m.parameter, c.body, m.mean, m.all_below_dl)) AS class
    FROM cls c
    JOIN (SELECT region_level, region, parent, month, parameter,
                 sum(mean * n) / sum(n) AS mean, bool_and(all_below_dl) AS all_below_dl
          FROM items WHERE is_eval GROUP BY ALL) m
      ON m.region_level = c.region_level AND m.region = c.region
     AND m.parent IS NOT DISTINCT FROM c.parent AND m.month = c.month
    GROUP BY ALL
),
cwqi_body AS (
    SELECT i.region_level, i.region, i.parent, i.month, i.water_body,
           sum(water_cwqi_index(c.std_version, i.parameter, i.water_body, i.mean)) AS cwqi
    FROM items i
    JOIN cls c ON c.region_level = i.region_level AND c.region = i.region
              AND c.parent IS NOT DISTINCT FROM i.parent AND c.month = i.month
    WHERE i.is_cwqi
    GROUP BY ALL
),
nbody AS (
    SELECT region_level, region, parent, month,
           count(DISTINCT site_code) FILTER (WHERE water_body = 'river') AS n_river,
           count(DISTINCT site_code) FILTER (WHERE water_body = 'lake') AS n_lake
    FROM sr WHERE is_assessed GROUP BY ALL
),
res AS (
    SELECT c.region_level, c.region, c.parent AS province, c.month, c.std_version,
           c.n_sites, c.n_class_1_3, c.n_class_4_5, c.n_class_6,
           CASE WHEN c.n_sites > 0 THEN 100.0 * c.n_class_1_3 / c.n_sites END AS share_1_3,
           CASE WHEN c.n_sites > 0 THEN 100.0 * c.n_class_4_5 / c.n_sites END AS share_4_5,
           CASE WHEN c.n_sites > 0 THEN 100.0 * c.n_class_6 / c.n_sites END AS share_6,
           (SELECT min(min_sites) FROM water_std_region_status s WHERE s.std_version = c.std_version) AS min_sites,
           mc.class AS mean_class,
           c.n_drinking, c.n_drinking_compliant,
           CASE WHEN c.n_drinking > 0 THEN 100.0 * c.n_drinking_compliant / c.n_drinking END AS drinking_share,
           coalesce(nb.n_river, 0) AS n_river, coalesce(nb.n_lake, 0) AS n_lake,
           r.cwqi AS cwqi_river, l.cwqi AS cwqi_lake
    FROM cls c
    LEFT JOIN mean_class mc ON mc.region_level = c.region_level AND mc.region = c.region
         AND mc.parent IS NOT DISTINCT FROM c.parent AND mc.month = c.month
    LEFT JOIN nbody nb ON nb.region_level = c.region_level AND nb.region = c.region
         AND nb.parent IS NOT DISTINCT FROM c.parent AND nb.month = c.month
    LEFT JOIN cwqi_body r ON r.region_level = c.region_level AND r.region = c.region
         AND r.parent IS NOT DISTINCT FROM c.parent AND r.month = c.month AND r.water_body = 'river'
    LEFT JOIN cwqi_body l ON l.region_level = c.region_level AND l.region = c.region
         AND l.parent IS NOT DISTINCT FROM c.parent AND l.month = c.month AND l.water_body = 'lake'
),
res2 AS (
    SELECT res.* EXCLUDE (min_sites, mean_class),
           CASE WHEN n_sites = 0 THEN NULL WHEN n_sites >= min_sites THEN 'shares' ELSE 'mean' END AS method,
           CASE WHEN n_sites > 0 AND n_sites < min_sites THEN mean_class END AS class,
           CASE WHEN n_sites = 0 THEN NULL
                WHEN n_sites >= min_sites THEN
                    (SELECT any_value(s.status) FROM water_std_region_status s
                      WHERE s.std_version = res.std_version
                        AND round(share_1_3, 9) >= s.good_min AND round(share_1_3, 9) < s.good_max
                        AND round(share_6, 9) >= s.bad_min AND round(share_6, 9) < s.bad_max)
                ELSE (SELECT lbl.status FROM water_std_class_label lbl WHERE lbl.class = mean_class)
           END AS status,
           CASE WHEN coalesce(cwqi_river IS NOT NULL, false) OR coalesce(cwqi_lake IS NOT NULL, false) THEN
                (coalesce(cwqi_river * n_river, 0) + coalesce(cwqi_lake * n_lake, 0))
                / (CASE WHEN cwqi_river IS NOT NULL THEN n_river ELSE 0 END
                   + CASE WHEN cwqi_lake IS NOT NULL THEN n_lake ELSE 0 END)
           END AS cwqi
    FROM res
)
SELECT *,
       CASE WHEN cwqi IS NOT NULL
            THEN rank() OVER (PARTITION BY region_level, month, (cwqi IS NOT NULL) ORDER BY cwqi) END AS cwqi_rank
FROM res2;

UPDATE water_region_month t
SET cwqi_last_year = ly.cwqi,
    change_pct = CASE WHEN ly.cwqi > 0 AND t.cwqi IS NOT NULL THEN (t.cwqi - ly.cwqi) / ly.cwqi * 100 END
FROM water_region_month ly
WHERE ly.region_level = t.region_level AND ly.region = t.region
  AND ly.province IS NOT DISTINCT FROM t.province
  AND ly.month = (t.month - INTERVAL 12 MONTH)::DATE
  AND (t.month BETWEEN (SELECT month_from FROM water_run) AND (SELECT month_to FROM water_run)
       OR (t.month - INTERVAL 12 MONTH)::DATE BETWEEN (SELECT month_from FROM water_run) AND (SELECT month_to FROM water_run));
