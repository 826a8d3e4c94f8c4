-- polluters (LoadRoster): enterprises of the roster (TEMP roster_ent_stage).
-- The credit code is kept when it is 18 well-formed characters after
-- dropping a parenthesised suffix and invisible characters; it is the key
-- when unique in the roster. The source has only the city: the province is
-- 宁夏回族自治区 (the roster is Ningxia's). No parameters.
--
-- roster_clean(s): trimmed text without zero-width/BOM/no-break/ideographic
-- spaces, NULL when empty.
-- roster_std_list(s): the standard codes cited in s (GB 13223-2011,
-- GB16297-1996, GB/T 31962-2015 -> "GB 16297-1996"), order kept,
-- duplicates dropped.
-- Both are TEMP macros of this connection, dropped by roster_cleanup.sql.
CREATE OR REPLACE TEMP MACRO roster_clean(s) AS
    nullif(trim(regexp_replace(s, '[\x{200b}\x{feff}\x{a0}\x{3000}]', ' ', 'g')), '');
CREATE OR REPLACE TEMP MACRO roster_std_codes(s) AS
    list_transform(regexp_extract_all(coalesce(s, ''), 'GB(?:/T)?\s*\d+\s*[-—–]\s*\d+'),
        x -> regexp_replace(x, '(GB(?:/T)?)\s*(\d+)\s*[-—–]\s*(\d+)', '\1 \2-\3'));
CREATE OR REPLACE TEMP MACRO roster_std_list(s) AS
    list_filter(roster_std_codes(s), (x, i) -> list_position(roster_std_codes(s), x) = i);
CREATE OR REPLACE TEMP TABLE roster_ent_stage AS
WITH r AS (
    SELECT CAST("序号" AS INTEGER) AS seq, roster_clean("企业名称") AS name,
           roster_clean("市") AS city0, TRY_CAST("lng" AS DOUBLE) AS lon, TRY_CAST("lat" AS DOUBLE) AS lat,
           roster_clean("行业") AS industry, roster_clean("许可证") AS permit_no,
           roster_clean("代码") AS credit_code_raw,
           upper(regexp_replace(regexp_replace(coalesce("代码", ''), '[(（].*$', ''), '[^0-9A-Za-z]', '', 'g')) AS code_clean,
           roster_clean("气物") AS air_items, roster_clean("水物") AS water_items,
           roster_std_list("气标") AS air_list, roster_std_list("水标") AS water_list
    FROM roster_raw
), c AS (
    SELECT *, CASE WHEN regexp_full_match(code_clean, '[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}')
                   THEN code_clean END AS credit_code
    FROM r
)
SELECT seq,
       CASE WHEN credit_code IS NULL THEN 'NX-' || lpad(CAST(seq AS VARCHAR), 3, '0')
            WHEN count(*) OVER (PARTITION BY credit_code) = 1 THEN credit_code
            ELSE credit_code || '-' || lpad(CAST(seq AS VARCHAR), 3, '0') END AS enterprise_id,
       credit_code, credit_code_raw, name, '宁夏回族自治区' AS province,
       CASE WHEN city0 IS NULL OR city0 LIKE '%市' THEN city0 ELSE city0 || '市' END AS city,
       CAST(NULL AS VARCHAR) AS county, industry, permit_no, lon, lat, true AS is_key,
       air_items, water_items, air_list, water_list,
       nullif(array_to_string(air_list, ';'), '') AS air_standards,
       nullif(array_to_string(water_list, ';'), '') AS water_standards
FROM c;
