-- Test fixture for the incident pages of package publish: six incidents
-- in the second and third quarters of 2026 in four counties, the raw
-- register (incident: holds personal data that must never reach the
-- portal — phone 13812345678, the name 张三, a plate 冀A12345) and the
-- redacted published records (incident_public) as transform/incident writes
-- them, with publication timeliness (24 h deadline) and the quarterly
-- counts. INC-2026-004: given level Ⅳ contradicts the derived Ⅲ.
-- INC-2026-000 comes from a 'generated…' file (the demo banner on 2026 Q2).

INSERT INTO file_ledger (file_id, sha256, name, source, received_at, size_bytes, kind, format, encoding, outcome, rows_accepted, finished_at) VALUES
(21, 'fixture-incident-cli', 'incidents-2026q3.csv', 'cli', TIMESTAMP '2026-10-02 09:00:00', 2000, 'incident', 'csv', 'utf-8', 'accepted', 5, TIMESTAMP '2026-10-02 09:00:01'),
(22, 'fixture-incident-gen', 'incidents-demo.csv', 'generated:incident-demo', TIMESTAMP '2026-07-01 09:00:00', 500, 'incident', 'csv', 'utf-8', 'accepted', 1, TIMESTAMP '2026-07-01 09:00:01');

INSERT INTO incident_std_level_name (level, roman, name) VALUES
(1, 'Ⅰ级', '特别重大'), (2, 'Ⅱ级', '重大'), (3, 'Ⅲ级', '较大'), (4, 'Ⅳ级', '一般');

INSERT INTO incident (incident_id, occurred_at, reported_at, county, location, type, level_given, deaths, injured, evacuated,
    economic_loss_cny, water_interruption, cross_boundary, cause, measures, status, closed_at, description, file_id) VALUES
('INC-2026-000', TIMESTAMP '2026-05-20 06:40:00', TIMESTAMP '2026-05-20 07:30:00', '平山县', '某尾矿库东侧，联系人李四 13900001111', '尾矿库', 4, 0, 0, 0,
    200000, 'none', 'none', '强降雨致尾矿库渗漏', '封堵渗漏点', 'closed', TIMESTAMP '2026-05-22 18:00:00', '尾矿库渗漏，李四（13900001111）报告', 22),
('INC-2026-001', TIMESTAMP '2026-07-12 08:30:00', TIMESTAMP '2026-07-12 09:10:00', '正定县', '滹沱河正定段张三家门口', '水污染', 4, 0, 0, 0,
    50000, 'none', 'none', '企业偷排，车牌冀A12345', '关闭闸门，投加药剂', 'closed', TIMESTAMP '2026-07-15 17:00:00', '村民张三（电话13812345678）报告河面出现死鱼', 21),
('INC-2026-002', TIMESTAMP '2026-08-03 14:00:00', TIMESTAMP '2026-08-03 14:20:00', '长安区', '某化工园区', '危化品泄漏', NULL, 0, 12, 600,
    3000000, 'none', 'county', '储罐阀门失效', '转移群众，围堵泄漏物', 'closed', TIMESTAMP '2026-08-06 12:00:00', '储罐泄漏，现场负责人王五 13812345678', 21),
('INC-2026-003', TIMESTAMP '2026-09-28 22:10:00', TIMESTAMP '2026-09-28 22:40:00', '鹿泉区', '某水泥厂', '大气污染', 4, 0, 0, 0,
    NULL, 'none', 'none', '除尘设施故障', '停产检修', 'responding', NULL, '粉尘排放异常', 21),
('INC-2026-004', TIMESTAMP '2026-09-15 10:00:00', TIMESTAMP '2026-09-15 10:30:00', '正定县', '某村', '水污染', 4, 0, 11, 0,
    80000, 'none', 'none', '农药瓶倾倒', '设置拦截坝', 'closed', TIMESTAMP '2026-09-18 10:00:00', '村民饮用井水后不适，赵六身份证130102199001011234', 21),
('INC-2026-005', TIMESTAMP '2026-09-30 23:00:00', NULL, '长安区', NULL, '其他', NULL, NULL, NULL, NULL,
    NULL, 'none', 'none', NULL, NULL, 'open', NULL, '情况核实中', 21);

INSERT INTO incident_publication (incident_id, published_at, channel) VALUES
('INC-2026-000', TIMESTAMP '2026-05-20 16:00:00', 'portal'),
('INC-2026-001', TIMESTAMP '2026-07-12 20:00:00', 'portal'),
('INC-2026-001', TIMESTAMP '2026-07-15 18:00:00', 'portal'),
('INC-2026-002', TIMESTAMP '2026-08-06 09:00:00', 'portal'),
('INC-2026-004', TIMESTAMP '2026-09-16 08:00:00', 'portal');

INSERT INTO incident_public (incident_id, occurred_at, reported_at, county, location, type, level, level_roman, level_name, level_source,
    level_given, level_derived, std_version, level_conflict, level_note, deaths, injured, evacuated, economic_loss_cny,
    water_interruption, cross_boundary, cause, measures, status, closed_at, description, redaction_count, redact_version,
    publish_due_at, published_at, on_time, file_id, computed_at) VALUES
('INC-2026-000', TIMESTAMP '2026-05-20 06:40:00', TIMESTAMP '2026-05-20 07:30:00', '平山县', '某尾矿库东侧，联系人＊＊ ＊＊＊＊＊＊＊＊＊＊＊', '尾矿库', 4, 'Ⅳ级', '一般', 'given',
    4, 4, '国办函〔2014〕119号', false, NULL, 0, 0, 0, 200000, 'none', 'none', '强降雨致尾矿库渗漏', '封堵渗漏点', 'closed', TIMESTAMP '2026-05-22 18:00:00',
    '尾矿库渗漏，＊＊（＊＊＊＊＊＊＊＊＊＊＊）报告', 3, 'redact-1', TIMESTAMP '2026-05-21 06:40:00', TIMESTAMP '2026-05-20 16:00:00', true, 22, TIMESTAMP '2026-10-02 09:05:00'),
('INC-2026-001', TIMESTAMP '2026-07-12 08:30:00', TIMESTAMP '2026-07-12 09:10:00', '正定县', '滹沱河正定段＊＊家门口', '水污染', 4, 'Ⅳ级', '一般', 'given',
    4, 4, '国办函〔2014〕119号', false, NULL, 0, 0, 0, 50000, 'none', 'none', '企业偷排，车牌＊＊＊＊＊＊＊', '关闭闸门，投加药剂', 'closed', TIMESTAMP '2026-07-15 17:00:00',
    '村民＊＊（电话＊＊＊＊＊＊＊＊＊＊＊）报告河面出现死鱼', 4, 'redact-1', TIMESTAMP '2026-07-13 08:30:00', TIMESTAMP '2026-07-12 20:00:00', true, 21, TIMESTAMP '2026-10-02 09:05:00'),
('INC-2026-002', TIMESTAMP '2026-08-03 14:00:00', TIMESTAMP '2026-08-03 14:20:00', '长安区', '某化工园区', '危化品泄漏', 3, 'Ⅲ级', '较大', 'derived',
    NULL, 3, '国办函〔2014〕119号', false, NULL, 0, 12, 600, 3000000, 'none', 'county', '储罐阀门失效', '转移群众，围堵泄漏物', 'closed', TIMESTAMP '2026-08-06 12:00:00',
    '储罐泄漏，现场负责人＊＊ ＊＊＊＊＊＊＊＊＊＊＊', 2, 'redact-1', TIMESTAMP '2026-08-04 14:00:00', TIMESTAMP '2026-08-06 09:00:00', false, 21, TIMESTAMP '2026-10-02 09:05:00'),
('INC-2026-003', TIMESTAMP '2026-09-28 22:10:00', TIMESTAMP '2026-09-28 22:40:00', '鹿泉区', '某水泥厂', '大气污染', 4, 'Ⅳ级', '一般', 'given',
    4, 4, '国办函〔2014〕119号', false, NULL, 0, 0, 0, NULL, 'none', 'none', '除尘设施故障', '停产检修', 'responding', NULL,
    '粉尘排放异常', 0, 'redact-1', TIMESTAMP '2026-09-29 22:10:00', NULL, false, 21, TIMESTAMP '2026-10-02 09:05:00'),
('INC-2026-004', TIMESTAMP '2026-09-15 10:00:00', TIMESTAMP '2026-09-15 10:30:00', '正定县', '某村', '水污染', 4, 'Ⅳ级', '一般', 'given',
    4, 3, '国办函〔2014〕119号', true, '给定等级Ⅳ级（一般）低于数据所示等级Ⅲ级（较大），依据：injured=11（国办函〔2014〕119号）',
    0, 11, 0, 80000, 'none', 'none', '农药瓶倾倒', '设置拦截坝', 'closed', TIMESTAMP '2026-09-18 10:00:00',
    '村民饮用井水后不适，＊＊身份证＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊', 2, 'redact-1', TIMESTAMP '2026-09-16 10:00:00', TIMESTAMP '2026-09-16 08:00:00', true, 21, TIMESTAMP '2026-10-02 09:05:00'),
('INC-2026-005', TIMESTAMP '2026-09-30 23:00:00', NULL, '长安区', NULL, '其他', NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, 'none', 'none', NULL, NULL, 'open', NULL,
    '情况核实中', 0, 'redact-1', TIMESTAMP '2026-10-01 23:00:00', NULL, NULL, 21, TIMESTAMP '2026-10-01 09:05:00');

INSERT INTO incident_quarter (quarter, region, level, type, count)
SELECT CAST(date_trunc('quarter', occurred_at) AS DATE), county, level, type, count(*)
FROM incident_public
GROUP BY ALL;
