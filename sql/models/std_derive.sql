-- std_derive: rebuild the derived lookup tables from the loaded standards CSVs.
-- Parameters: none. Run by transform after (re)loading sql/standards/*.csv,
-- in the same transaction.

DELETE FROM std_iaqi_lookup;

INSERT INTO std_iaqi_lookup
WITH seg AS (
    SELECT version, indicator,
           concentration AS bp_lo,
           lead(concentration) OVER w AS bp_hi,
           iaqi AS iaqi_lo,
           lead(iaqi) OVER w AS iaqi_hi
    FROM std_iaqi_breakpoint
    WINDOW w AS (PARTITION BY version, indicator ORDER BY iaqi)
),
seg2 AS (
    SELECT s.*, max(bp_hi) OVER (PARTITION BY version, indicator) AS top
    FROM seg s
    WHERE bp_hi IS NOT NULL
),
keys AS (
    -- every integer k in [bp_lo, bp_hi); the last segment also owns k = top
    SELECT s.*, unnest(range(CAST(bp_lo AS BIGINT),
                             CAST(bp_hi AS BIGINT) + CASE WHEN bp_hi = top THEN 1 ELSE 0 END)) AS k
    FROM seg2 s
)
SELECT k.version, k.indicator, CAST(k.k AS INTEGER), k.bp_lo, k.bp_hi, k.iaqi_lo, k.iaqi_hi,
       CAST(k.top AS INTEGER), a.above, a.iaqi, a.use_indicator,
       k.iaqi_hi - k.iaqi_lo, k.bp_hi - k.bp_lo
FROM keys k
LEFT JOIN std_iaqi_above_top a USING (version, indicator)
UNION ALL
-- k = top + 1: above the top breakpoint (IAQI = above_iaqi; NULL when the
-- rule names another indicator)
SELECT s.version, s.indicator, CAST(s.top AS INTEGER) + 1, s.top, s.top, a.iaqi, a.iaqi,
       CAST(s.top AS INTEGER), a.above, a.iaqi, a.use_indicator, 0, 1
FROM (SELECT DISTINCT version, indicator, top FROM seg2) s
LEFT JOIN std_iaqi_above_top a USING (version, indicator);

DELETE FROM std_aqi_level_lookup;

INSERT INTO std_aqi_level_lookup
SELECT v.version, CAST(r.aqi AS INTEGER),
       min(l.level) AS level,
       arg_min(l.category, l.level) AS category
FROM (SELECT DISTINCT version FROM std_aqi_level) v
CROSS JOIN range(0, 501) r(aqi)
JOIN std_aqi_level l ON l.version = v.version AND r.aqi <= l.aqi_hi
GROUP BY v.version, r.aqi;

DELETE FROM std_primary_lookup;

INSERT INTO std_primary_lookup
WITH bits AS (
    SELECT i.version, i.report, i.primary_code, p.sort_order,
           CASE i.input WHEN 'pm25' THEN 1 WHEN 'pm10' THEN 2 WHEN 'so2' THEN 4 WHEN 'no2' THEN 8
                        WHEN 'co' THEN 16 WHEN 'o3' THEN 32 WHEN 'o3_1h_max' THEN 32 WHEN 'o3_8h_max' THEN 64 END AS bit
    FROM std_aqi_indicator i JOIN std_pollutant p ON p.code = i.primary_code
)
SELECT b.version, b.report, CAST(m.mask AS INTEGER),
       string_agg(b.primary_code, ',' ORDER BY b.sort_order, b.primary_code)
FROM bits b
CROSS JOIN range(1, 128) m(mask)
WHERE (m.mask & b.bit) <> 0
GROUP BY b.version, b.report, m.mask;
