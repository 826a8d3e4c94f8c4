-- polluters (LoadRoster): outlet x pollutant rows of the statistics file
-- (TEMP roster_pol), matched to the roster by enterprise name (also
-- "name（operator）") and to the canonical pollutant by emission_std_alias.
-- No parameters.
CREATE OR REPLACE TEMP TABLE roster_pol AS
WITH s AS (
    SELECT trim(enterpriseName) AS ename, generate_subscripts(outlets, 1) AS oi, unnest(outlets) AS o FROM stats_raw
), p AS (
    SELECT ename, oi, trim(o.outletName) AS oname, unnest(o.pollutants) AS p,
           ename IN (SELECT name FROM roster_ent_stage) AS exact
    FROM s
)
SELECT e.enterprise_id, p.ename, p.oi, p.oname, trim(p.p.pollutantName) AS source_name,
       p.p.standard AS limit_value,
       CASE p.p.unit WHEN 'mg/m3' THEN 'mg/m³' WHEN '℃/2S' THEN '℃' ELSE p.p.unit END AS unit,
       p.p.exceed AS exceed_rate, p.p.median AS median, p.p.trend AS trend,
       a.pollutant, a.use_converted
FROM p
LEFT JOIN roster_ent_stage e
       ON e.name = p.ename
       OR (NOT p.exact AND e.name = regexp_replace(p.ename, '[（(][^（(]*[）)]$', ''))
LEFT JOIN emission_std_alias a ON a.alias = trim(p.p.pollutantName);
