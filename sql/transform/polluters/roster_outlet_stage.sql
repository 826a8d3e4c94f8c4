-- polluters (LoadRoster): outlets (TEMP roster_outlet_stage), coded
-- <enterprise_id>-<NN> by their position in the statistics file; water
-- when some pollutant is in mg/L. No parameters.
CREATE OR REPLACE TEMP TABLE roster_outlet_stage AS
SELECT enterprise_id || '-' || lpad(CAST(oi AS VARCHAR), 2, '0') AS outlet_code, enterprise_id,
       any_value(oname) AS name,
       CASE WHEN bool_or(unit = 'mg/L') THEN 'water' ELSE 'gas' END AS medium,
       CAST(NULL AS VARCHAR) AS mn, CAST(NULL AS DOUBLE) AS lon, CAST(NULL AS DOUBLE) AS lat
FROM roster_pol WHERE enterprise_id IS NOT NULL
GROUP BY enterprise_id, oi;
