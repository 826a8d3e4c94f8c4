-- polluters (LoadRoster): outlet limits (TEMP roster_limit_stage). Gas on
-- hourly means of converted values, water on daily means of measured
-- values (docs/POLLUTERS-NOTES.md); the standard is the first one the
-- enterprise cites that lists the pollutant, else the first one other than
-- the odour standard GB 14554-93. No parameters.
CREATE OR REPLACE TEMP TABLE roster_limit_stage AS
WITH l AS (
    SELECT p.enterprise_id || '-' || lpad(CAST(p.oi AS VARCHAR), 2, '0') AS outlet_code, p.enterprise_id,
           p.pollutant, p.limit_value, p.unit, o.medium,
           CASE WHEN p.pollutant = 'furnace_temp' THEN 'min' ELSE 'max' END AS direction,
           CASE WHEN o.medium = 'water' THEN 'avg_daily' ELSE 'avg_hourly' END AS limit_basis,
           coalesce(p.use_converted, o.medium = 'gas') AS use_converted
    FROM roster_pol p
    JOIN roster_outlet_stage o ON o.outlet_code = p.enterprise_id || '-' || lpad(CAST(p.oi AS VARCHAR), 2, '0')
    WHERE p.pollutant IS NOT NULL AND p.limit_value > 0
    QUALIFY row_number() OVER (PARTITION BY outlet_code, p.pollutant ORDER BY p.use_converted NULLS FIRST) = 1
), cand AS (
    SELECT enterprise_id, 'gas' AS medium, unnest(air_list) AS code, generate_subscripts(air_list, 1) AS i FROM roster_ent_stage
    UNION ALL
    SELECT enterprise_id, 'water', unnest(water_list), generate_subscripts(water_list, 1) FROM roster_ent_stage
), scored AS (
    SELECT l.outlet_code, l.pollutant, c.code,
           CASE WHEN EXISTS (SELECT 1 FROM emission_std_limit s WHERE s.standard_code = c.code AND s.pollutant = l.pollutant) THEN 0
                WHEN c.code <> 'GB 14554-93' THEN 100 ELSE 1000 END + c.i AS score
    FROM l JOIN cand c ON c.enterprise_id = l.enterprise_id AND c.medium = l.medium
), best AS (
    SELECT outlet_code, pollutant, arg_min(code, score) AS standard_name
    FROM scored WHERE score < 1000 GROUP BY ALL
)
SELECT l.outlet_code, l.pollutant, l.limit_value, l.unit, l.direction, l.limit_basis, l.use_converted, b.standard_name
FROM l LEFT JOIN best b ON b.outlet_code = l.outlet_code AND b.pollutant = l.pollutant;
