-- Test fixture for the key-polluter pages of package publish: five
-- enterprises of 银川市 in three counties (one without outlets or data, one
-- without a well-formed credit code, one with a closed SCD2 version under
-- an older name, one whose name needs escaping), their outlets and limits,
-- and hourly emission values for September 2026 (a 'cli' file: real) and
-- October 2026 (a 'generated' ledger entry: demo). The results are computed
-- by transform/polluter in the tests (polluter.Run), not written here.
--
-- October 2026, by design:
--   E1 热电 so2 (hourly limit 35, converted): 3 hours over on 10-05 10:00–12:00 (52.5 → multiple 0.5).
--   E3 化工 outlet 01 so2 (limit 200): 10-12 10:00 260, 11:00 300, 12:00 240 (max multiple 0.5);
--      M flags on every pollutant of outlet 01 at 10-12 13:00 (within 1 h of the
--      exceedance), 14:00 and 10-20 03:00–05:00 (not near): suspicious share 1/5 = 20 %.
--   E3 outlet 02 pm (limit 20): no rows 10-01 01:00 … 10-09 00:00 (23 of 31 days valid: †);
--      one hour over at 10-25 15:00 (25 → 0.25).
--   E2 污水 cod (daily limit 50, measured): 70 all day 10-15 (daily multiple 0.4);
--      D flags 10-16 08:00–12:00, one T, one B and one S hour on nh3n.
--   E4 水泥: stopped (F) all day 10-20, no exceedance. Deterministic.

INSERT INTO file_ledger (file_id, sha256, name, source, received_at, size_bytes, kind, format, encoding, outcome, rows_accepted, finished_at) VALUES
(41, 'fixture-polluter-roster', 'roster:polluters_ningxia/enterprise_roster.json', 'roster', TIMESTAMP '2026-06-01 08:00:00', 5000, 'polluter-roster', 'json', 'utf-8', 'accepted', 20, TIMESTAMP '2026-06-01 08:00:01'),
(42, 'fixture-polluter-gen', 'generated:polluters:2026-10:seed=1', 'generated', TIMESTAMP '2026-11-01 08:20:00', 0, 'emission-generated', 'generated', NULL, 'accepted', 0, TIMESTAMP '2026-11-01 08:20:01'),
(43, 'fixture-polluter-cli', 'emission-2026-09.csv', 'cli', TIMESTAMP '2026-10-01 08:00:00', 9000, 'emission-long', 'csv', 'utf-8', 'accepted', 0, TIMESTAMP '2026-10-01 08:00:01');

INSERT INTO enterprise (enterprise_id, credit_code, credit_code_raw, name, province, city, county, industry, permit_no, lon, lat, is_key, key_category, air_standards, water_standards, valid_from, valid_to, file_id) VALUES
('91640100MA0000001A', '91640100MA0000001A', '91640100MA0000001A', '宁夏示例热电厂', '宁夏回族自治区', '银川市', '灵武市', '火力发电', '91640100MA0000001A001P', 106.3, 38.1, true, 'air', 'GB 13223-2011', NULL, TIMESTAMP '1970-01-01', TIMESTAMP '2026-06-01', 41),
('91640100MA0000001A', '91640100MA0000001A', '91640100MA0000001A', '宁夏示例热电有限公司', '宁夏回族自治区', '银川市', '灵武市', '火力发电', '91640100MA0000001A001P', 106.3, 38.1, true, 'air', 'GB 13223-2011', NULL, TIMESTAMP '2026-06-01', NULL, 41),
('NX-002', NULL, '0', '银川市第一污水处理厂', '宁夏回族自治区', '银川市', '兴庆区', '污水处理及其再生利用', '11640100MB0000002X001Q', 106.2, 38.5, true, 'water', NULL, 'GB 18918-2002', TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000003C', '91640100MA0000003C', '91640100MA0000003C', '宁夏<示例>&化工有限公司', '宁夏回族自治区', '银川市', '灵武市', '基础化学原料制造', '91640100MA0000003C001P', 106.4, 38.0, true, 'air', 'GB 16297-1996', NULL, TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000004D', '91640100MA0000004D', '91640100MA0000004D', '宁夏示例水泥有限公司', '宁夏回族自治区', '银川市', '兴庆区', '水泥制造', '91640100MA0000004D001P', 106.1, 38.4, true, 'air', 'GB 4915-2013', NULL, TIMESTAMP '1970-01-01', NULL, 41),
('NX-005', NULL, NULL, '宁夏示例无数据企业', '宁夏回族自治区', '银川市', '永宁县', '其他', NULL, NULL, NULL, true, 'air+water', NULL, NULL, TIMESTAMP '1970-01-01', NULL, 41);

INSERT INTO outlet (outlet_code, enterprise_id, name, medium, mn, lon, lat, valid_from, valid_to, file_id) VALUES
('91640100MA0000001A-01', '91640100MA0000001A', '1号机组烟囱', 'gas', NULL, NULL, NULL, TIMESTAMP '1970-01-01', NULL, 41),
('NX-002-01', 'NX-002', '总排口', 'water', NULL, NULL, NULL, TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000003C-01', '91640100MA0000003C', '焚烧炉排口', 'gas', NULL, NULL, NULL, TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000003C-02', '91640100MA0000003C', '干燥车间排口', 'gas', NULL, NULL, NULL, TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000004D-01', '91640100MA0000004D', '窑尾排口', 'gas', NULL, NULL, NULL, TIMESTAMP '1970-01-01', NULL, 41);

INSERT INTO outlet_limit (outlet_code, pollutant, limit_value, unit, direction, limit_basis, use_converted, standard_name, valid_from, valid_to, file_id) VALUES
('91640100MA0000001A-01', 'so2', 35, 'mg/m³', 'max', 'avg_hourly', true, 'GB 13223-2011', TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000001A-01', 'nox', 50, 'mg/m³', 'max', 'avg_hourly', true, 'GB 13223-2011', TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000001A-01', 'pm', 10, 'mg/m³', 'max', 'avg_hourly', true, 'GB 13223-2011', TIMESTAMP '1970-01-01', NULL, 41),
('NX-002-01', 'cod', 50, 'mg/L', 'max', 'avg_daily', false, 'GB 18918-2002', TIMESTAMP '1970-01-01', NULL, 41),
('NX-002-01', 'nh3n', 5, 'mg/L', 'max', 'avg_daily', false, 'GB 18918-2002', TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000003C-01', 'so2', 200, 'mg/m³', 'max', 'avg_hourly', true, 'GB 16297-1996', TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000003C-01', 'nox', 200, 'mg/m³', 'max', 'avg_hourly', true, 'GB 16297-1996', TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000003C-02', 'pm', 20, 'mg/m³', 'max', 'avg_hourly', true, 'GB 16297-1996', TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000004D-01', 'nox', 100, 'mg/m³', 'max', 'avg_hourly', true, 'GB 4915-2013', TIMESTAMP '1970-01-01', NULL, 41),
('91640100MA0000004D-01', 'pm', 10, 'mg/m³', 'max', 'avg_hourly', true, 'GB 4915-2013', TIMESTAMP '1970-01-01', NULL, 41);

-- Hourly values, 2026-09-01 01:00 … 2026-11-01 00:00 (end of hour).
INSERT INTO emission_value (outlet_code, pollutant, time, period, value, converted_value, flow, flag, file_id)
WITH s(outlet_code, pollutant, medium, base) AS (VALUES
    ('91640100MA0000001A-01', 'so2', 'gas', 20.0), ('91640100MA0000001A-01', 'nox', 'gas', 30.0),
    ('91640100MA0000001A-01', 'pm', 'gas', 4.0),
    ('NX-002-01', 'cod', 'water', 25.0), ('NX-002-01', 'nh3n', 'water', 1.5),
    ('91640100MA0000003C-01', 'so2', 'gas', 120.0), ('91640100MA0000003C-01', 'nox', 'gas', 100.0),
    ('91640100MA0000003C-02', 'pm', 'gas', 8.0),
    ('91640100MA0000004D-01', 'nox', 'gas', 60.0), ('91640100MA0000004D-01', 'pm', 'gas', 5.0)
), g AS (
    SELECT s.*, t,
           round(base * (1 + 0.25 * sin(2 * pi() * hour(t) / 24) + 0.02 * ((day(t) * 7 + hour(t) * 3) % 5 - 2)), 2) AS v0
    FROM s CROSS JOIN generate_series(TIMESTAMP '2026-09-01 01:00:00', TIMESTAMP '2026-11-01 00:00:00', INTERVAL 1 HOUR) AS gs(t)
), x AS (
    SELECT outlet_code, pollutant, medium, t,
           CASE
             WHEN outlet_code = '91640100MA0000001A-01' AND pollutant = 'so2'
                  AND t BETWEEN TIMESTAMP '2026-10-05 10:00:00' AND TIMESTAMP '2026-10-05 12:00:00' THEN 52.5
             WHEN outlet_code = '91640100MA0000001A-01' AND pollutant = 'so2' AND t = TIMESTAMP '2026-09-10 09:00:00' THEN 40.0
             WHEN outlet_code = '91640100MA0000003C-01' AND pollutant = 'so2' AND t = TIMESTAMP '2026-10-12 10:00:00' THEN 260.0
             WHEN outlet_code = '91640100MA0000003C-01' AND pollutant = 'so2' AND t = TIMESTAMP '2026-10-12 11:00:00' THEN 300.0
             WHEN outlet_code = '91640100MA0000003C-01' AND pollutant = 'so2' AND t = TIMESTAMP '2026-10-12 12:00:00' THEN 240.0
             WHEN outlet_code = '91640100MA0000003C-02' AND t = TIMESTAMP '2026-10-25 15:00:00' THEN 25.0
             WHEN outlet_code = 'NX-002-01' AND pollutant = 'cod'
                  AND t > TIMESTAMP '2026-10-15 00:00:00' AND t <= TIMESTAMP '2026-10-16 00:00:00' THEN 70.0
             ELSE v0 END AS v,
           CASE
             WHEN outlet_code = '91640100MA0000003C-01'
                  AND (t IN (TIMESTAMP '2026-10-12 13:00:00', TIMESTAMP '2026-10-12 14:00:00')
                       OR t BETWEEN TIMESTAMP '2026-10-20 03:00:00' AND TIMESTAMP '2026-10-20 05:00:00') THEN 'M'
             WHEN outlet_code = 'NX-002-01' AND t BETWEEN TIMESTAMP '2026-10-16 08:00:00' AND TIMESTAMP '2026-10-16 12:00:00' THEN 'D'
             WHEN outlet_code = 'NX-002-01' AND pollutant = 'nh3n' AND t = TIMESTAMP '2026-10-22 02:00:00' THEN 'T'
             WHEN outlet_code = 'NX-002-01' AND pollutant = 'nh3n' AND t = TIMESTAMP '2026-10-22 03:00:00' THEN 'B'
             WHEN outlet_code = 'NX-002-01' AND pollutant = 'nh3n' AND t = TIMESTAMP '2026-10-22 04:00:00' THEN 'S'
             WHEN outlet_code = '91640100MA0000004D-01'
                  AND t > TIMESTAMP '2026-10-20 00:00:00' AND t <= TIMESTAMP '2026-10-21 00:00:00' THEN 'F'
             ELSE 'N' END AS flag
    FROM g
    WHERE NOT (outlet_code = '91640100MA0000003C-02'
               AND t BETWEEN TIMESTAMP '2026-10-01 01:00:00' AND TIMESTAMP '2026-10-09 00:00:00')
)
SELECT outlet_code, pollutant, t, 'hour',
       CASE medium WHEN 'gas' THEN round(v / 1.1, 2) ELSE v END,
       CASE medium WHEN 'gas' THEN v END,
       CASE medium WHEN 'gas' THEN 150000.0 ELSE 800.0 END,
       flag,
       CASE WHEN t <= TIMESTAMP '2026-10-01 00:00:00' THEN 43 ELSE 42 END
FROM x
ORDER BY outlet_code, pollutant, t;
