-- polluters (LoadRoster): the statistics rows that could not be loaded, as
-- rejects (field, value, reason). No parameters.
SELECT 'enterpriseName', ename, 'enterprise not in the roster' FROM roster_pol WHERE enterprise_id IS NULL GROUP BY ename
UNION ALL
SELECT 'pollutantName', source_name, 'unknown pollutant name (add it to emission_alias.csv)'
FROM roster_pol WHERE enterprise_id IS NOT NULL AND pollutant IS NULL GROUP BY source_name
UNION ALL
SELECT 'standard', ename || ' / ' || oname || ' / ' || source_name, 'limit is not positive; statistics kept, no limit'
FROM roster_pol WHERE enterprise_id IS NOT NULL AND pollutant IS NOT NULL AND NOT (limit_value > 0)
ORDER BY 1, 2;
