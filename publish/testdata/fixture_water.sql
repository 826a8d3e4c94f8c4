-- Test fixture for the water pages of package publish: six sites of
-- 石家庄市 in four counties (three drinking-water sources, one of them not
-- compliant; lakes and rivers; a closed SCD2 version of W04), the results
-- of the water transform for September and October 2026 (hand written,
-- consistent with the limits below) and October 2025 for the region CWQI
-- of last year. W05 is invalid in October 2026 (an item missing). The
-- October 2026 samples of W06 come from a file whose source is
-- 'generated:…' (the demo banner). Deterministic.

INSERT INTO file_ledger (file_id, sha256, name, source, received_at, size_bytes, kind, format, encoding, outcome, rows_accepted, finished_at) VALUES
(11, 'fixture-water-cli', 'water-2026.csv', 'cli', TIMESTAMP '2026-11-01 08:00:00', 1000, 'water-long', 'csv', 'utf-8', 'accepted', 100, TIMESTAMP '2026-11-01 08:00:01'),
(12, 'fixture-water-gen', 'water-demo.csv', 'generated:water-demo', TIMESTAMP '2026-11-01 08:10:00', 1000, 'water-long', 'csv', 'utf-8', 'accepted', 10, TIMESTAMP '2026-11-01 08:10:01');

-- Standards (normally loaded from sql/standards/water by transform/water):
-- the items of the automatic network.
INSERT INTO water_std_parameter (parameter, name_zh, name_en, unit, decimals, gb3838_table) VALUES
('ph', 'pH', 'pH', '无量纲', 2, 1),
('do', '溶解氧', 'dissolved oxygen', 'mg/L', 2, 1),
('codmn', '高锰酸盐指数', 'permanganate index', 'mg/L', 2, 1),
('nh3n', '氨氮', 'ammonia nitrogen', 'mg/L', 3, 1),
('tp', '总磷', 'total phosphorus', 'mg/L', 3, 1);

INSERT INTO water_std_eval_item (std_version, scheme, parameter)
SELECT 'GB3838-2002', 'auto', unnest(['ph', 'do', 'codmn', 'nh3n', 'tp']);

INSERT INTO water_std_class_limit (std_version, parameter, water_body, class, direction, lo, hi)
SELECT 'GB3838-2002', p, wb, c, dir,
       CASE p WHEN 'ph' THEN 6 WHEN 'do' THEN [7.5, 6, 5, 3, 2][c] END,
       CASE p WHEN 'ph' THEN 9 WHEN 'codmn' THEN [2, 4, 6, 10, 15][c] WHEN 'nh3n' THEN [0.15, 0.5, 1.0, 1.5, 2.0][c]
              WHEN 'tp' THEN CASE wb WHEN 'river' THEN [0.02, 0.1, 0.2, 0.3, 0.4][c] ELSE [0.01, 0.025, 0.05, 0.1, 0.2][c] END END
FROM (VALUES ('ph', 'any', 'range'), ('do', 'any', 'min'), ('codmn', 'any', 'max'), ('nh3n', 'any', 'max'),
             ('tp', 'river', 'max'), ('tp', 'lake', 'max')) p(p, wb, dir),
     range(1, 6) r(c);

INSERT INTO water_std_class_label (class, label, status, color) VALUES
(1, 'Ⅰ', '优', '蓝色'), (2, 'Ⅱ', '优', '蓝色'), (3, 'Ⅲ', '良好', '绿色'),
(4, 'Ⅳ', '轻度污染', '黄色'), (5, 'Ⅴ', '中度污染', '橙色'), (6, '劣Ⅴ', '重度污染', '红色');

INSERT INTO water_site (site_code, name, province, city, county, basin, river, water_body, is_drinking_source, drinking_level, is_assessed, target_class, network, lon, lat, valid_from, valid_to, file_id) VALUES
('W01', '黄壁庄水库', '河北省', '石家庄市', '鹿泉区', '海河流域', '滹沱河', 'lake',  true,  'city',   true, 2, 'auto', 114.23, 38.23, TIMESTAMP '2015-01-01 00:00:00', NULL, 11),
('W02', '岗南水库',   '河北省', '石家庄市', '平山县', '海河流域', '滹沱河', 'lake',  true,  'city',   true, 2, 'auto', 113.98, 38.30, TIMESTAMP '2015-01-01 00:00:00', NULL, 11),
('W03', '正定水源地', '河北省', '石家庄市', '正定县', '海河流域', '滹沱河', 'river', true,  'county', true, 3, 'auto', 114.57, 38.15, TIMESTAMP '2015-01-01 00:00:00', NULL, 11),
('W04', '洨河旧桥',   '河北省', '石家庄市', '长安区', '海河流域', '洨河',   'river', false, NULL,     true, 4, 'auto', 114.60, 37.98, TIMESTAMP '2015-01-01 00:00:00', TIMESTAMP '2025-06-01 00:00:00', 11),
('W04', '洨河西仰陵', '河北省', '石家庄市', '长安区', '海河流域', '洨河',   'river', false, NULL,     true, 4, 'auto', 114.61, 37.98, TIMESTAMP '2025-06-01 00:00:00', NULL, 11),
('W05', '民心河<体育馆>', '河北省', '石家庄市', '长安区', '海河流域', '民心河', 'river', false, NULL, true, 4, 'auto', 114.52, 38.04, TIMESTAMP '2015-01-01 00:00:00', NULL, 11),
('W06', '太平河东三教', '河北省', '石家庄市', '鹿泉区', '海河流域', '太平河', 'river', false, NULL,   true, 3, 'auto', 114.40, 38.06, TIMESTAMP '2015-01-01 00:00:00', NULL, 11);

-- Monthly means per site and month (ph, do, codmn, nh3n, tp) and the
-- resulting class; "x" months are invalid (tp missing).
CREATE TEMP TABLE fx_water_month AS
SELECT * FROM (VALUES
    ('W01', DATE '2026-09-01', 'lake',  7.8, 8.6, 2.9, 0.21, 0.022, 2, NULL::VARCHAR, true),
    ('W01', DATE '2026-10-01', 'lake',  7.9, 8.9, 2.7, 0.18, 0.021, 2, NULL, true),
    ('W02', DATE '2026-09-01', 'lake',  8.0, 9.1, 1.8, 0.12, 0.009, 1, NULL, true),
    ('W02', DATE '2026-10-01', 'lake',  8.1, 9.4, 1.7, 0.10, 0.008, 1, NULL, true),
    ('W03', DATE '2026-09-01', 'river', 7.6, 6.8, 4.8, 0.62, 0.180, 3, NULL, true),
    ('W03', DATE '2026-10-01', 'river', 7.5, 6.5, 5.2, 0.71, 0.260, 4, '总磷(0.30)', true),
    ('W04', DATE '2026-09-01', 'river', 7.2, 3.8, 9.6, 2.70, 0.480, 6, '氨氮(0.80)、总磷(0.60)', true),
    ('W04', DATE '2026-10-01', 'river', 7.1, 3.4, 9.9, 3.10, 0.555, 6, '氨氮(1.07)、总磷(0.85)', true),
    ('W05', DATE '2026-09-01', 'river', 7.4, 4.6, 8.1, 1.80, 0.350, 5, '氨氮(0.20)、总磷(0.17)', true),
    ('W05', DATE '2026-10-01', 'river', 7.3, 4.4, 8.4, 1.90, NULL,  5, '氨氮(0.27)', false),
    ('W06', DATE '2026-09-01', 'river', 7.7, 5.9, 5.1, 0.82, 0.150, 3, NULL, true),
    ('W06', DATE '2026-10-01', 'river', 7.6, 5.6, 5.5, 0.91, 0.170, 3, NULL, true)
) t(site_code, month, water_body, ph, dox, codmn, nh3n, tp, class, exceeding, valid);

INSERT INTO water_site_month (site_code, month, std_version, province, city, county, basin, water_body, network, n_samples,
    ph, dissolved_oxygen, codmn, cod, bod5, nh3n, tp, tn, class, class_label, status, worst_items, exceed_basis, exceeding_items,
    meets_target, is_assessed, target_class, is_drinking_source, drinking_level, drinking_compliant,
    cwqi, n_cwqi_items, cwqi_rank, cwqi_last_year, change_pct, valid)
SELECT f.site_code, f.month, 'GB3838-2002', s.province, s.city, s.county, s.basin, f.water_body, 'auto', 2,
       f.ph, f.dox, f.codmn, NULL, NULL, f.nh3n, f.tp, NULL, f.class, l.label, l.status,
       CASE f.class WHEN 6 THEN 'nh3n' WHEN 5 THEN 'nh3n' WHEN 4 THEN 'tp' WHEN 3 THEN 'codmn' WHEN 2 THEN 'codmn' END,
       s.target_class, f.exceeding, f.class <= s.target_class, true, s.target_class,
       s.is_drinking_source, s.drinking_level, CASE WHEN s.is_drinking_source THEN f.class <= 3 END,
       CASE WHEN f.valid THEN round(abs(7 - f.ph) + 5 / f.dox + f.codmn / 6 + f.nh3n / 1.0 + f.tp / CASE f.water_body WHEN 'lake' THEN 0.05 ELSE 0.2 END, 4) END,
       CASE WHEN f.valid THEN 5 ELSE 4 END, NULL, NULL, NULL, f.valid
FROM fx_water_month f
JOIN water_site s ON s.site_code = f.site_code AND s.valid_to IS NULL
JOIN water_std_class_label l ON l.class = f.class;

UPDATE water_site_month m SET cwqi_rank = r.rk
FROM (SELECT site_code, month, rank() OVER (PARTITION BY month ORDER BY cwqi) AS rk FROM water_site_month WHERE valid) r
WHERE r.site_code = m.site_code AND r.month = m.month;

-- Items per site and month.
INSERT INTO water_site_month_item (site_code, month, std_version, parameter, n, n_below_dl, mean, all_below_dl, item_class,
    exceed_limit, exceeds, exceed_multiple, cwqi_item)
SELECT f.site_code, f.month, 'GB3838-2002', p.parameter, 2, 0, p.mean, false, NULL, NULL, NULL, NULL, NULL
FROM fx_water_month f,
     LATERAL (VALUES ('ph', f.ph), ('do', f.dox), ('codmn', f.codmn), ('nh3n', f.nh3n), ('tp', f.tp)) p(parameter, mean)
WHERE p.mean IS NOT NULL;

-- Two samples per site and month (day 5 and day 20, 10:00): the monthly
-- mean -/+ 5 %; pH and DO as the mean.
INSERT INTO water_sample (site_code, sampled_at, parameter, value, below_dl, detection_limit, unit, file_id)
SELECT i.site_code, CAST(i.month AS TIMESTAMP) + INTERVAL (d.day - 1) DAY + INTERVAL 10 HOUR, i.parameter,
       CASE WHEN i.parameter IN ('ph', 'do') THEN i.mean
            ELSE round(i.mean * d.f, CASE i.parameter WHEN 'codmn' THEN 2 ELSE 3 END) END,
       false, NULL, CASE i.parameter WHEN 'ph' THEN '无量纲' ELSE 'mg/L' END,
       CASE WHEN i.site_code = 'W06' AND i.month = DATE '2026-10-01' THEN 12 ELSE 11 END
FROM water_site_month_item i, (VALUES (5, 0.95), (20, 1.05)) d(day, f);

INSERT INTO water_sample_class (site_code, sampled_at, std_version, water_body, network, n_items, n_items_expected, class, class_label, worst_items, reported_class)
SELECT m.site_code, s.sampled_at, 'GB3838-2002', m.water_body, 'auto', s.n, 5, m.class, m.class_label, m.worst_items, NULL
FROM water_site_month m
JOIN (SELECT site_code, sampled_at, count(*) AS n FROM water_sample GROUP BY ALL) s
  ON s.site_code = m.site_code AND date_trunc('month', s.sampled_at) = m.month;

DROP TABLE fx_water_month;

-- Region statistics: the city (6 sites: share method) and its counties
-- (fewer than 5 sites: class of the mean), October 2025 for last year.
INSERT INTO water_region_month (region_level, region, province, month, std_version, n_sites, n_class_1_3, n_class_4_5, n_class_6,
    share_1_3, share_4_5, share_6, method, class, status, n_drinking, n_drinking_compliant, drinking_share,
    n_river, n_lake, cwqi_river, cwqi_lake, cwqi, cwqi_rank, cwqi_last_year, change_pct) VALUES
('city',   '石家庄市', '河北省', DATE '2026-10-01', 'GB3838-2002', 5, 3, 1, 1, 60.0, 20.0, 20.0, 'shares', NULL, '中度污染', 3, 2, 66.7, 3, 2, 7.9012, 3.3456, 6.0789, 1, 6.4120, -5.2),
('county', '平山县',   '河北省', DATE '2026-10-01', 'GB3838-2002', 1, 1, 0, 0, 100.0, 0.0, 0.0, 'mean', 1, '优',       1, 1, 100.0, 0, 1, NULL, 2.9120, 2.9120, 1, 3.1000, -6.1),
('county', '鹿泉区',   '河北省', DATE '2026-10-01', 'GB3838-2002', 2, 2, 0, 0, 100.0, 0.0, 0.0, 'mean', 3, '良好',     1, 1, 100.0, 1, 1, 4.1570, 3.5640, 3.8605, 2, 3.6500, 5.8),
('county', '正定县',   '河北省', DATE '2026-10-01', 'GB3838-2002', 1, 0, 1, 0, 0.0, 100.0, 0.0, 'mean', 4, '轻度污染', 1, 0, 0.0,   1, 0, 5.6010, NULL,   5.6010, 3, 5.9000, -5.1),
('county', '长安区',   '河北省', DATE '2026-10-01', 'GB3838-2002', 1, 0, 0, 1, 0.0, 0.0, 100.0, 'mean', 6, '重度污染', 0, 0, NULL,  1, 0, 11.2345, NULL,  11.2345, 4, NULL, NULL),
('city',   '石家庄市', '河北省', DATE '2026-09-01', 'GB3838-2002', 6, 3, 1, 2, 50.0, 16.7, 33.3, 'shares', NULL, '中度污染', 3, 3, 100.0, 4, 2, 7.1000, 3.4000, 5.8667, 1, NULL, NULL),
('county', '平山县',   '河北省', DATE '2026-09-01', 'GB3838-2002', 1, 1, 0, 0, 100.0, 0.0, 0.0, 'mean', 1, '优',       1, 1, 100.0, 0, 1, NULL, 3.0100, 3.0100, 1, NULL, NULL),
('county', '鹿泉区',   '河北省', DATE '2026-09-01', 'GB3838-2002', 2, 2, 0, 0, 100.0, 0.0, 0.0, 'mean', 3, '良好',     1, 1, 100.0, 1, 1, 3.9000, 3.7000, 3.8000, 2, NULL, NULL),
('county', '正定县',   '河北省', DATE '2026-09-01', 'GB3838-2002', 1, 1, 0, 0, 100.0, 0.0, 0.0, 'mean', 3, '良好',     1, 1, 100.0, 1, 0, 4.9000, NULL,   4.9000, 3, NULL, NULL),
('county', '长安区',   '河北省', DATE '2026-09-01', 'GB3838-2002', 2, 0, 1, 1, 0.0, 50.0, 50.0, 'mean', 6, '重度污染', 0, 0, NULL,  2, 0, 9.8000, NULL,   9.8000, 4, NULL, NULL),
('city',   '石家庄市', '河北省', DATE '2025-10-01', 'GB3838-2002', 5, 3, 1, 1, 60.0, 20.0, 20.0, 'shares', NULL, '中度污染', 3, 3, 100.0, 3, 2, 8.1000, 3.5000, 6.4120, 1, NULL, NULL),
('county', '平山县',   '河北省', DATE '2025-10-01', 'GB3838-2002', 1, 1, 0, 0, 100.0, 0.0, 0.0, 'mean', 1, '优',       1, 1, 100.0, 0, 1, NULL, 3.1000, 3.1000, 1, NULL, NULL),
('county', '鹿泉区',   '河北省', DATE '2025-10-01', 'GB3838-2002', 2, 2, 0, 0, 100.0, 0.0, 0.0, 'mean', 2, '优',       1, 1, 100.0, 1, 1, 3.8000, 3.5000, 3.6500, 2, NULL, NULL),
('county', '正定县',   '河北省', DATE '2025-10-01', 'GB3838-2002', 1, 1, 0, 0, 100.0, 0.0, 0.0, 'mean', 3, '良好',     1, 1, 100.0, 1, 0, 5.9000, NULL,   5.9000, 3, NULL, NULL);
