-- Test fixture for package publish: realistic rows for 4 cities of 2
-- provinces, 2 provinces, 7 stations (one control point, one closed SCD2
-- version), 24 station-hours, daily values for September and October 2026
-- and monthly rankings for October 2025 (last year), September and October
-- 2026. The current name of 1180A contains '<' to check escaping.
-- Includes invalid figures (region days below the validity threshold,
-- an invalid month with a validity_note, missing hourly values) and a tie in
-- the ranking. Deterministic: no random(), no now().

INSERT INTO file_ledger (file_id, sha256, name, source, received_at, size_bytes, kind, format, encoding, outcome, rows_accepted, finished_at)
VALUES (1, 'fixture', 'fixture.csv', 'demo', TIMESTAMP '2026-11-01 09:05:00', 1000, 'air-wide', 'csv', 'utf-8', 'accepted', 168, TIMESTAMP '2026-11-01 09:05:01');

INSERT INTO station (station_code, name, city, province, prefecture, county, lon, lat, is_control, valid_from, valid_to, file_id) VALUES
('1029A', '世纪公园',   '石家庄市', '河北省', '石家庄市', '长安区', 114.54, 38.05, false, TIMESTAMP '2013-01-01 00:00:00', NULL, 1),
('1030A', '人民会堂',   '石家庄市', '河北省', '石家庄市', '桥西区', 114.52, 38.04, false, TIMESTAMP '2013-01-01 00:00:00', NULL, 1),
('1031A', '西北水源',   '石家庄市', '河北省', '石家庄市', '新华区', 114.50, 38.14, true,  TIMESTAMP '2013-01-01 00:00:00', NULL, 1),
('1051A', '游泳馆',     '保定市',   '河北省', '保定市',   '竞秀区', 115.46, 38.86, false, TIMESTAMP '2013-01-01 00:00:00', NULL, 1),
('1151A', '玄武湖',     '南京市',   '江苏省', '南京市',   '玄武区', 118.80, 32.08, false, TIMESTAMP '2013-01-01 00:00:00', NULL, 1),
('1152A', '瑞金路',     '南京市',   '江苏省', '南京市',   '秦淮区', 118.81, 32.03, false, TIMESTAMP '2013-01-01 00:00:00', NULL, 1),
('1180A', '南门旧址',   '苏州市',   '江苏省', '苏州市',   '姑苏区', 120.62, 31.29, false, TIMESTAMP '2013-01-01 00:00:00', TIMESTAMP '2024-01-01 00:00:00', 1),
('1180A', '南门<新>',   '苏州市',   '江苏省', '苏州市',   '姑苏区', 120.63, 31.29, false, TIMESTAMP '2024-01-01 00:00:00', NULL, 1);

-- 24 hours ending 2026-11-01 09:00 for every current station. 1051A lacks
-- PM10 and O3 at some hours; 1152A has no row at all at 03:00 and 09:00.
INSERT INTO air_hour (station_code, time, pm25, pm10, so2, no2, o3, co, aqi_reported, file_id)
SELECT s.code,
       TIMESTAMP '2026-10-31 09:00:00' + INTERVAL (h) HOUR,
       round(s.base + 20 * sin(h / 4.0) + h, 0),
       CASE WHEN s.code = '1051A' AND h % 7 = 0 THEN NULL ELSE round(s.base * 1.6 + 10 * cos(h / 5.0), 0) END,
       round(6 + (h % 5), 0),
       round(25 + 15 * sin(h / 3.0), 0),
       CASE WHEN s.code = '1051A' AND h IN (5, 6) THEN NULL ELSE round(40 + 60 * sin((h + 4) / 7.6) ^ 2, 0) END,
       round(0.5 + s.base / 200.0 + (h % 3) / 10.0, 1),
       NULL, 1
FROM (VALUES ('1029A', 80), ('1030A', 95), ('1031A', 40), ('1051A', 120), ('1151A', 30), ('1152A', 35), ('1180A', 28)) s(code, base),
     range(1, 25) r(h)
WHERE NOT (s.code = '1152A' AND h IN (18, 24));

-- Real-time AQI: a simplified PM2.5 IAQI (good enough for a fixture).
INSERT INTO air_aqi_hour (station_code, time, std_version, iaqi_pm25, iaqi_pm10, iaqi_so2, iaqi_no2, iaqi_o3, iaqi_co, aqi, primary_pollutant, level, category)
SELECT station_code, time, 'HJ633-2012',
       a, NULL, NULL, NULL, NULL, NULL, a,
       CASE WHEN a <= 50 THEN NULL ELSE 'PM2.5' END,
       lv,
       ['优', '良', '轻度污染', '中度污染', '重度污染', '严重污染'][lv]
FROM (
    SELECT station_code, time, a,
           CASE WHEN a <= 50 THEN 1 WHEN a <= 100 THEN 2 WHEN a <= 150 THEN 3 WHEN a <= 200 THEN 4 WHEN a <= 300 THEN 5 ELSE 6 END AS lv
    FROM (SELECT station_code, time, CAST(round(pm25 * 1.35) AS INTEGER) AS a FROM air_hour)
);

-- Real-time city AQI at the latest hour for the cities of 江苏省 (the
-- others fall back to their latest daily AQI on the home page); 苏州市 has
-- too few stations reporting.
INSERT INTO air_region_hour (region_level, region, province, time, std_version, n_stations, n_reporting, pm25, pm10, so2, no2, o3, co, aqi, primary_pollutant, level, category, valid)
VALUES ('city', '南京市', '江苏省', TIMESTAMP '2026-11-01 09:00:00', 'HJ633-2012', 3, 3, 62, 90, 8, 35, 60, 0.8, 85, 'PM2.5', 2, '良', true),
       ('city', '苏州市', '江苏省', TIMESTAMP '2026-11-01 09:00:00', 'HJ633-2012', 4, 2, 30, 50, 6, 28, 70, 0.6, 43, NULL, 1, '优', false);

-- Daily values per city for every day of September and October 2026, and
-- per province. Every 9th day of 保定市 is invalid (too few valid stations).
INSERT INTO air_region_day (region_level, region, province, day, std_version, n_stations, n_valid, pm25, pm10, so2, no2, co, o3_1h_max, o3_8h_max, aqi, primary_pollutant, level, category, valid)
SELECT level, region, province, day, 'HJ633-2012', n, CASE WHEN inval THEN 0 ELSE n END,
       pm25, round(pm25 * 1.7, 0), 8, 30, 0.8, round(o3 * 1.2, 0), o3, aqi,
       CASE WHEN aqi <= 50 THEN NULL ELSE 'PM2.5' END, lv,
       ['优', '良', '轻度污染', '中度污染', '重度污染', '严重污染'][lv],
       NOT inval
FROM (
    SELECT *, CASE WHEN aqi <= 50 THEN 1 WHEN aqi <= 100 THEN 2 WHEN aqi <= 150 THEN 3 WHEN aqi <= 200 THEN 4 WHEN aqi <= 300 THEN 5 ELSE 6 END AS lv
    FROM (
        SELECT c.level, c.region, c.province, c.n, d.day,
               round(c.base + c.base * 0.8 * sin(dayofyear(d.day) / 3.0), 0) AS pm25,
               round(90 + 50 * cos(dayofyear(d.day) / 9.0), 0) AS o3,
               CAST(round((c.base + c.base * 0.8 * sin(dayofyear(d.day) / 3.0)) * 1.4) AS INTEGER) AS aqi,
               (c.region = '保定市' AND day(d.day) % 9 = 0) AS inval
        FROM (VALUES ('city', '石家庄市', '河北省', 2, 70), ('city', '保定市', '河北省', 1, 90),
                     ('city', '南京市', '江苏省', 2, 30), ('city', '苏州市', '江苏省', 1, 28),
                     ('province', '河北省', NULL, 3, 78), ('province', '江苏省', NULL, 3, 29)) c(level, region, province, n, base),
             (SELECT CAST(unnest(generate_series(DATE '2026-09-01', DATE '2026-10-31', INTERVAL 1 DAY)) AS DATE) AS day) d
    )
);

-- Monthly statistics and rankings. October 2025 supplies last year's
-- composite index for all but 苏州市 (NULL change). 保定市 October 2026 is
-- invalid (27 valid days needed); 南京市 and 苏州市 tie in September.
INSERT INTO air_region_month (region_level, region, province, month, std_version, days, valid_days,
    pm25, pm10, so2, no2, co_p95, o3_p90, good_days, good_ratio, days_l1, days_l2, days_l3, days_l4, days_l5, days_l6,
    composite_index, rank, rank_in_province, composite_index_last_year, change_pct, valid, validity_note) VALUES
('city', '石家庄市', '河北省', DATE '2025-10-01', 'HJ633-2012', 31, 31, 58, 101, 12, 41, 1.6, 162, 15, 48.4, 3, 12, 10, 4, 2, 0, 6.12, 3, 2, NULL, NULL, true, NULL),
('city', '保定市',   '河北省', DATE '2025-10-01', 'HJ633-2012', 31, 30, 70, 118, 11, 44, 1.8, 170, 11, 36.7, 2, 9, 11, 5, 3, 0, 6.81, 4, 1, NULL, NULL, true, NULL),
('city', '南京市',   '江苏省', DATE '2025-10-01', 'HJ633-2012', 31, 31, 31, 55, 6, 33, 0.9, 168, 26, 83.9, 10, 16, 5, 0, 0, 0, 3.79, 1, 1, NULL, NULL, true, NULL),
('city', '石家庄市', '河北省', DATE '2026-09-01', 'HJ633-2012', 30, 30, 52, 94, 9, 38, 1.3, 171, 17, 56.7, 4, 13, 9, 3, 1, 0, 5.78, 3, 2, NULL, NULL, true, NULL),
('city', '保定市',   '河北省', DATE '2026-09-01', 'HJ633-2012', 30, 27, 66, 109, 10, 40, 1.5, 175, 13, 48.1, 2, 11, 9, 4, 1, 0, 6.43, 4, 1, NULL, NULL, true, NULL),
('city', '南京市',   '江苏省', DATE '2026-09-01', 'HJ633-2012', 30, 30, 24, 47, 5, 30, 0.8, 176, 25, 83.3, 9, 16, 5, 0, 0, 0, 3.52, 1, 1, NULL, NULL, true, NULL),
('city', '苏州市',   '江苏省', DATE '2026-09-01', 'HJ633-2012', 30, 30, 25, 45, 5, 31, 0.8, 174, 25, 83.3, 8, 17, 5, 0, 0, 0, 3.52, 1, 1, NULL, NULL, true, NULL),
('city', '石家庄市', '河北省', DATE '2026-10-01', 'HJ633-2012', 31, 31, 55, 97, 10, 40, 1.4, 158, 16, 51.6, 4, 12, 10, 4, 1, 0, 5.9049, 3, 1, 6.12, -3.52, true, NULL),
('city', '保定市',   '河北省', DATE '2026-10-01', 'HJ633-2012', 31, 26, 68, 112, 10, 42, 1.6, 166, 11, 42.3, 2, 9, 10, 4, 1, 0, 6.5551, NULL, NULL, 6.81, -3.74, false, '有效天数不足27天（26天），月统计无效'),
('city', '南京市',   '江苏省', DATE '2026-10-01', 'HJ633-2012', 31, 31, 27, 50, 6, 31, 0.9, 160, 27, 87.1, 11, 16, 4, 0, 0, 0, 3.6150, 1, 1, 3.79, -4.62, true, NULL),
('city', '苏州市',   '江苏省', DATE '2026-10-01', 'HJ633-2012', 31, 31, 29, 52, 6, 34, 0.9, 163, 26, 83.9, 10, 16, 5, 0, 0, 0, 3.7251, 2, 2, NULL, NULL, true, NULL),
('province', '河北省', NULL,   DATE '2026-09-01', 'HJ633-2012', 30, 30, 57, 100, 10, 39, 1.4, 173, 15, 50.0, 3, 12, 9, 4, 2, 0, 6.05, 2, NULL, NULL, NULL, true, NULL),
('province', '江苏省', NULL,   DATE '2026-09-01', 'HJ633-2012', 30, 30, 25, 46, 5, 31, 0.8, 175, 25, 83.3, 8, 17, 5, 0, 0, 0, 3.52, 1, NULL, NULL, NULL, true, NULL),
('province', '河北省', NULL,   DATE '2026-10-01', 'HJ633-2012', 31, 31, 60, 103, 10, 41, 1.5, 162, 14, 45.2, 3, 11, 11, 4, 2, 0, 6.2100, 2, NULL, NULL, NULL, true, NULL),
('province', '江苏省', NULL,   DATE '2026-10-01', 'HJ633-2012', 31, 31, 28, 51, 6, 32, 0.9, 161, 26, 83.9, 10, 16, 5, 0, 0, 0, 3.6700, 1, NULL, NULL, NULL, true, NULL);
