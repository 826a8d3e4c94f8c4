-- Test loader for the CNEMC automatic-station snapshot
-- (/work/shared/data/real/water_cnemc_auto/cnemc_water_auto_snapshot_2026-02-04.csv).
-- Stand-in until the water ingest package exists. {{CSV}} is replaced by the
-- test with the file path. The source shows MM-DD HH:MM only; the year 2026
-- is inferred (PROVENANCE.md). "--" = missing. Water body is not in the data
-- (NULL = evaluated as river); the test infers it.

CREATE OR REPLACE TEMP TABLE cnemc_raw AS
SELECT * FROM read_csv('{{CSV}}', header = true, all_varchar = true);

INSERT INTO water_site (site_code, name, province, basin, water_body, network, lat, lon, valid_from, file_id)
SELECT 'cnemc-' || id, "断面名称", "省份", "流域", NULL, 'auto',
       TRY_CAST(geocoded_lat AS DOUBLE), TRY_CAST(geocoded_lon AS DOUBLE),
       TIMESTAMP '2000-01-01 00:00:00', 0
FROM cnemc_raw;

CREATE OR REPLACE TEMP TABLE cnemc_wide AS
SELECT 'cnemc-' || id AS site_code,
       strptime('2026-' || "监测时间", '%Y-%m-%d %H:%M') AS sampled_at,
       "水质类别" AS reported,
       "水温(℃)" AS water_temp, "pH(无量纲)" AS ph, "溶解氧(mg/L)" AS dox,
       "电导率(μS/cm)" AS conductivity, "浊度(NTU)" AS turbidity,
       "高锰酸盐指数(mg/L)" AS codmn, "氨氮(mg/L)" AS nh3n, "总磷(mg/L)" AS tp,
       "总氮(mg/L)" AS tn, "叶绿素α(mg/L)" AS chla, "藻密度(cells/L)" AS algae_density
FROM cnemc_raw;

INSERT INTO water_sample (site_code, sampled_at, parameter, value, below_dl, unit, file_id)
SELECT u.site_code, u.sampled_at, CASE u.parameter WHEN 'dox' THEN 'do' ELSE u.parameter END,
       CAST(u.v AS DOUBLE), false, p.unit, 0
FROM (
    UNPIVOT (SELECT * EXCLUDE (reported) FROM cnemc_wide)
    ON water_temp, ph, dox, conductivity, turbidity, codmn, nh3n, tp, tn, chla, algae_density
    INTO NAME parameter VALUE v
) u
JOIN water_std_parameter p ON p.parameter = CASE u.parameter WHEN 'dox' THEN 'do' ELSE u.parameter END
WHERE u.v IS NOT NULL AND trim(u.v) NOT IN ('', '--');

INSERT INTO water_sample_reported (site_code, sampled_at, reported_class, file_id)
SELECT site_code, sampled_at,
       CASE reported WHEN 'Ⅰ' THEN 1 WHEN 'Ⅱ' THEN 2 WHEN 'Ⅲ' THEN 3 WHEN 'Ⅳ' THEN 4
                     WHEN 'Ⅴ' THEN 5 WHEN '劣Ⅴ' THEN 6 END,
       0
FROM cnemc_wide;
