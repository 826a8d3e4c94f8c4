-- Data freshness (数据更新情况): every air station, water site and outlet of
-- the current registries, with the time label of its latest data, the
-- ledger receive time of the file that carried it, and the staleness
-- threshold of its kind. Bulk: one GROUP BY per data table (their zonemaps
-- make max(time) cheap), no per-station query.
--
-- Thresholds (stale when the latest data is older than this at build time,
-- or there is none):
--   air            3 h   hourly real-time publication
--   water_auto    12 h   automatic stations report every 4 h
--   water_manual  40 d   manual sections are sampled monthly
--   emission       3 h   HJ 212 devices report hourly (CN 2061)
WITH thresholds(kind, kind_order, stale_after_s) AS (
    VALUES ('air', 1, 3 * 3600), ('water_auto', 2, 12 * 3600), ('water_manual', 3, 40 * 86400), ('emission', 4, 3 * 3600)
),
air AS (
    SELECT station_code AS code, max(time) AS last_time, arg_max(file_id, time) AS file_id
    FROM air_hour GROUP BY station_code
),
water AS (
    SELECT site_code AS code, max(sampled_at) AS last_time, arg_max(file_id, sampled_at) AS file_id
    FROM water_sample GROUP BY site_code
),
em AS (
    SELECT outlet_code AS code, max(time) AS last_time, arg_max(file_id, time) AS file_id
    FROM emission_value GROUP BY outlet_code
),
stations AS (
    SELECT * FROM station
    QUALIFY row_number() OVER (PARTITION BY station_code ORDER BY valid_to IS NULL DESC, valid_from DESC) = 1
),
sites AS (
    SELECT * FROM water_site
    QUALIFY row_number() OVER (PARTITION BY site_code ORDER BY valid_to IS NULL DESC, valid_from DESC) = 1
),
outlets AS (
    SELECT * FROM outlet
    QUALIFY row_number() OVER (PARTITION BY outlet_code ORDER BY valid_to IS NULL DESC, valid_from DESC) = 1
),
enterprises AS (
    SELECT * FROM enterprise
    QUALIFY row_number() OVER (PARTITION BY enterprise_id ORDER BY valid_to IS NULL DESC, valid_from DESC) = 1
),
items AS (
    SELECT 'air' AS kind, s.station_code AS code, s.name, coalesce(s.province, '') AS province,
           coalesce(s.city, '') AS area, '' AS detail, a.last_time, a.file_id
    FROM stations s LEFT JOIN air a ON a.code = s.station_code
    WHERE s.valid_to IS NULL
    UNION ALL
    SELECT CASE WHEN w.network = 'auto' THEN 'water_auto' ELSE 'water_manual' END, w.site_code, w.name,
           coalesce(w.province, ''), coalesce(nullif(w.county, ''), w.city, ''), coalesce(w.river, ''), x.last_time, x.file_id
    FROM sites w LEFT JOIN water x ON x.code = w.site_code
    WHERE w.valid_to IS NULL
    UNION ALL
    SELECT 'emission', o.outlet_code, o.name, coalesce(e.province, ''),
           coalesce(nullif(e.county, ''), e.city, ''), coalesce(e.name, o.enterprise_id), m.last_time, m.file_id
    FROM outlets o LEFT JOIN enterprises e ON e.enterprise_id = o.enterprise_id
    LEFT JOIN em m ON m.code = o.outlet_code
    WHERE o.valid_to IS NULL
)
SELECT i.kind, i.code, i.name, i.province, i.area, i.detail, i.last_time, f.received_at, t.stale_after_s
FROM items i
JOIN thresholds t ON t.kind = i.kind
LEFT JOIN file_ledger f ON f.file_id = i.file_id
ORDER BY t.kind_order, i.province, i.area, i.code
